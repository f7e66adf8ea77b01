import type { ApiTokenPrincipal } from './apiTokens';
import type { SessionUser } from './sessions';

/** Who is making a request: a signed-in staff member (cookie session) or an integration (API token). */
export type Principal =
  | { kind: 'user'; user: SessionUser; sessionIdHash: string; csrfToken: string }
  | { kind: 'token'; token: ApiTokenPrincipal };

/** The ids the audit log records for a principal. */
export function auditActor(principal: Principal | undefined): { userId: number | null; tokenId: number | null } {
  if (!principal) return { userId: null, tokenId: null };
  return principal.kind === 'user' ? { userId: principal.user.id, tokenId: null } : { userId: null, tokenId: principal.token.id };
}
