/** Staff roles. `admin` may do everything; the others see only their part of the product. */
export const ROLES = ['admin', 'marketer', 'analyst', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** What an API token may be used for. Tokens reach only routes that declare their scope. */
export const TOKEN_SCOPES = ['ingest'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const ROLE_LABELS: Record<Role, { ru: string; en: string }> = {
  admin: { ru: 'Администратор', en: 'Administrator' },
  marketer: { ru: 'Маркетолог', en: 'Marketer' },
  analyst: { ru: 'Аналитик', en: 'Analyst' },
  support: { ru: 'Поддержка', en: 'Support' },
};
