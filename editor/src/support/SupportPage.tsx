import type { ReactNode } from 'react';
import type { SessionUser } from '../api/auth';
import { AppHeader } from '../ui/AppNav';
import './support.css';

/** The frame of every support desk screen: the shared top bar and a centred column. */
export function SupportPage({ user, onLogout, wide, children }: { user: SessionUser; onLogout(): void; wide?: boolean; children: ReactNode }) {
  return (
    <div className="page">
      <AppHeader user={user} onLogout={onLogout} />
      <main className={wide ? 'desk-main wide' : 'desk-main'}>{children}</main>
    </div>
  );
}
