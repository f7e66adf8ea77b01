import type { ReactNode } from 'react';
import type { Role, SessionUser } from '../api/auth';
import { useT, type Lang, type MessageKey } from '../i18n';
import { parseRoute, useRoute } from '../router';
import { translatePolicy } from '../settings/texts';
import { translateWebhooks } from '../settings/webhookTexts';
import { LangSwitch } from './LangSwitch';
import { Logo } from './Logo';
import './appNav.css';

interface NavLink {
  path: string;
  /** An app text, or the words of an area that keeps its texts beside it. */
  label: MessageKey | ((lang: Lang) => string);
  roles: Role[];
}

/** Which area each role works in: marketers and analysts live in scenarios and numbers, support in customers and tasks. Admin sees all. */
const LINKS: NavLink[] = [
  { path: '/', label: 'nav.scenarios', roles: ['marketer', 'analyst'] },
  { path: '/customers', label: 'nav.customers', roles: ['support'] },
  { path: '/tasks', label: 'nav.tasks', roles: ['support'] },
  { path: '/analytics', label: 'nav.analytics', roles: ['marketer', 'analyst'] },
  { path: '/rfm', label: 'nav.rfm', roles: ['marketer', 'analyst'] },
  // Support reads the rules too: they explain why a customer's message was deferred.
  { path: '/settings/policy', label: (lang) => translatePolicy(lang, 'nav'), roles: ['marketer', 'analyst', 'support'] },
  // Admins manage the endpoints; marketers see which ones the webhook node can pick.
  { path: '/settings/webhooks', label: (lang) => translateWebhooks(lang, 'nav'), roles: ['marketer'] },
];

export function navLinksFor(role: Role): NavLink[] {
  return LINKS.filter((l) => role === 'admin' || l.roles.includes(role));
}

/** Goes by path rather than by Route name, so a link works before its screen's route case lands in router.ts. */
export function goTo(path: string) {
  if (location.pathname !== path) history.pushState(null, '', path);
  useRoute.setState({ route: parseRoute(path) });
}

/** A scenario's report (/scenarios/:id/report) belongs to Analytics, not to the scenario list. */
const isReport = (current: string) => /^\/scenarios\/[^/]+\/report$/.test(current);

function isActive(path: string, current: string, role: Role): boolean {
  // Support staff land on customer search at the root, and reach runs from customers.
  if (role === 'support' && (current === '/' || current.startsWith('/runs/'))) return path === '/customers';
  if (path === '/') return current === '/' || (current.startsWith('/scenarios') && !isReport(current));
  if (path === '/analytics' && isReport(current)) return true;
  return current === path || current.startsWith(`${path}/`);
}

/** The top navigation between the product's areas, shown by role. */
export function AppNav({ role }: { role: Role }) {
  const { t, lang } = useT();
  useRoute((s) => s.route);
  const current = location.pathname.replace(/\/+$/, '') || '/';
  return (
    <nav className="app-nav" aria-label={t('nav.aria')}>
      {navLinksFor(role).map((link) => {
        const active = isActive(link.path, current, role);
        return (
          <a
            key={link.path}
            href={link.path}
            className={active ? 'app-nav-link active' : 'app-nav-link'}
            aria-current={active ? 'page' : undefined}
            onClick={(e) => {
              if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
              e.preventDefault();
              goTo(link.path);
            }}
          >
            {typeof link.label === 'function' ? link.label(lang) : t(link.label)}
          </a>
        );
      })}
    </nav>
  );
}

/** The whole top bar of an area screen: logo, navigation, language, who is signed in. */
export function AppHeader({ user, onLogout, children }: { user: SessionUser; onLogout(): void; children?: ReactNode }) {
  const { t } = useT();
  return (
    <header className="topbar">
      <Logo />
      <AppNav role={user.role} />
      {children}
      <span className="spacer" />
      <LangSwitch />
      <span className="user-chip">
        {user.name} · {t(`role.${user.role}`)}
      </span>
      <button type="button" className="btn-ghost" onClick={onLogout}>
        {t('login.logout')}
      </button>
    </header>
  );
}
