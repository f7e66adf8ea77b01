import type { Role } from '../../shared/api/auth';

/** Staff roles (shared/api/auth.ts): `admin` may do everything; the others see only their part of the product. */
export { ROLES, type Role } from '../../shared/api/auth';

/** What an API token may be used for. Tokens reach only routes that declare their scope. */
export const TOKEN_SCOPES = ['ingest'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const ROLE_LABELS: Record<Role, { ru: string; en: string }> = {
  admin: { ru: 'Администратор', en: 'Administrator' },
  marketer: { ru: 'Маркетолог', en: 'Marketer' },
  analyst: { ru: 'Аналитик', en: 'Analyst' },
  support: { ru: 'Поддержка', en: 'Support' },
};
