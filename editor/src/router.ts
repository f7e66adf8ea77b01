import { create } from 'zustand';

/** A published version by number, or the draft. */
export type VersionSide = number | 'draft';

export type Route =
  | { name: 'list' }
  | { name: 'editor'; id: string; version?: number; compare?: { from: VersionSide; to: VersionSide } }
  | { name: 'notFound' }
  // Support desk
  | { name: 'customers'; q?: string }
  | { name: 'customer'; id: string }
  | { name: 'run'; id: string }
  | { name: 'runs'; scenarioId: string }
  | { name: 'tasks' }
  // RFM matrix and segments
  | { name: 'rfm' }
  // Analytics: scenario reports and A/B results
  | { name: 'analytics' }
  | { name: 'report'; id: string }
  // Shop-wide settings: the communication policy
  | { name: 'policy' }
  | { name: 'webhooks' };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/scenarios') return { name: 'list' };
  const m = path.match(/^\/scenarios\/([^/]+)(?:\/versions\/(\d+))?$/);
  if (m) return { name: 'editor', id: decodeURIComponent(m[1]), version: m[2] ? Number(m[2]) : undefined };
  const compare = path.match(/^\/scenarios\/([^/]+)\/compare\/(\d+|draft)\/(\d+|draft)$/);
  if (compare) return { name: 'editor', id: decodeURIComponent(compare[1]), compare: { from: side(compare[2]), to: side(compare[3]) } };
  const support = parseSupportRoute(path);
  if (support) return support;
  if (path === '/rfm') return { name: 'rfm' };
  if (path === '/analytics') return { name: 'analytics' };
  if (path === '/settings/policy') return { name: 'policy' };
  if (path === '/settings/webhooks') return { name: 'webhooks' };
  const report = path.match(/^\/scenarios\/([^/]+)\/report$/);
  if (report) return { name: 'report', id: decodeURIComponent(report[1]) };
  return { name: 'notFound' };
}

const side = (text: string): VersionSide => (text === 'draft' ? 'draft' : Number(text));

function parseSupportRoute(path: string): Route | null {
  if (path === '/customers') return { name: 'customers', q: new URLSearchParams(location.search).get('q') ?? undefined };
  if (path === '/tasks') return { name: 'tasks' };
  let m = path.match(/^\/customers\/([^/]+)$/);
  if (m) return { name: 'customer', id: decodeURIComponent(m[1]) };
  m = path.match(/^\/runs\/([^/]+)$/);
  if (m) return { name: 'run', id: decodeURIComponent(m[1]) };
  m = path.match(/^\/scenarios\/([^/]+)\/runs$/);
  if (m) return { name: 'runs', scenarioId: decodeURIComponent(m[1]) };
  return null;
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'list':
      return '/';
    case 'editor':
      if (route.compare) return `/scenarios/${encodeURIComponent(route.id)}/compare/${route.compare.from}/${route.compare.to}`;
      return `/scenarios/${encodeURIComponent(route.id)}${route.version ? `/versions/${route.version}` : ''}`;
    case 'notFound':
      return '/';
    case 'customers':
      return route.q ? `/customers?q=${encodeURIComponent(route.q)}` : '/customers';
    case 'customer':
      return `/customers/${encodeURIComponent(route.id)}`;
    case 'run':
      return `/runs/${encodeURIComponent(route.id)}`;
    case 'runs':
      return `/scenarios/${encodeURIComponent(route.scenarioId)}/runs`;
    case 'tasks':
      return '/tasks';
    case 'rfm':
      return '/rfm';
    case 'analytics':
      return '/analytics';
    case 'report':
      return `/scenarios/${encodeURIComponent(route.id)}/report`;
    case 'policy':
      return '/settings/policy';
    case 'webhooks':
      return '/settings/webhooks';
  }
}

/** The address bar is the route: links can be shared and reload lands on the same screen. */
export const useRoute = create<{ route: Route }>(() => ({ route: parseRoute(location.pathname) }));

export function navigate(route: Route, replace = false) {
  const path = routePath(route);
  if (replace) history.replaceState(null, '', path);
  else if (location.pathname !== path) history.pushState(null, '', path);
  useRoute.setState({ route });
}

addEventListener('popstate', () => useRoute.setState({ route: parseRoute(location.pathname) }));
