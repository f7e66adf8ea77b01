import { z } from '@hono/zod-openapi';
import { defineRoute, type App } from '../route';

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string().meta({ format: 'date-time' }),
    user: z.object({ id: z.number().int(), email: z.string(), name: z.string() }).nullable(),
    token: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    action: z.string().meta({ example: 'scenario.publish' }),
    entity: z.string().nullable().meta({ example: 'scenario:3f0c…' }),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });

const list = defineRoute({
  method: 'get',
  path: '/api/audit',
  tags: ['Audit'],
  summary: 'Who did what and when, newest first; page with `before` = the last id seen',
  access: { roles: ['admin'] },
  request: {
    query: z.object({
      entity: z.string().max(200).optional().meta({ description: 'Exact entity, e.g. `user:12` or `scenario:<id>`' }),
      action: z.string().max(100).optional().meta({ description: 'An action (`auth.login`) or an area prefix ending in a dot (`user.`)' }),
      userId: z.coerce.number().int().positive().optional(),
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: 'Entries',
      content: { 'application/json': { schema: z.object({ entries: z.array(AuditEntrySchema), nextBefore: z.number().int().nullable() }) } },
    },
  },
});

interface Row {
  id: number;
  at: Date;
  user_id: number | null;
  user_email: string | null;
  user_name: string | null;
  token_id: number | null;
  token_name: string | null;
  action: string;
  entity: string | null;
  details: Record<string, unknown> | null;
}

export function register(app: App) {
  app.openapi(list, async (c) => {
    const { sql } = c.var.deps;
    const q = c.req.valid('query');
    const action = q.action?.endsWith('.') ? sql`a.action LIKE ${`${q.action.replace(/[%_\\]/g, '\\$&')}%`}` : q.action ? sql`a.action = ${q.action}` : sql`true`;
    const rows = await sql<Row[]>`
      SELECT a.id, a.at, a.user_id, u.email AS user_email, u.name AS user_name, a.token_id, t.name AS token_name,
             a.action, a.entity, a.details
      FROM audit_log a
      LEFT JOIN users u ON u.id = a.user_id
      LEFT JOIN api_tokens t ON t.id = a.token_id
      WHERE ${action}
        AND ${q.entity ? sql`a.entity = ${q.entity}` : sql`true`}
        AND ${q.userId ? sql`a.user_id = ${q.userId}` : sql`true`}
        AND ${q.before ? sql`a.id < ${q.before}` : sql`true`}
      ORDER BY a.id DESC
      LIMIT ${q.limit}`;
    const entries = rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      user: r.user_id ? { id: r.user_id, email: r.user_email!, name: r.user_name! } : null,
      token: r.token_id ? { id: r.token_id, name: r.token_name! } : null,
      action: r.action,
      entity: r.entity,
      details: r.details,
    }));
    return c.json({ entries, nextBefore: rows.length === q.limit ? rows[rows.length - 1].id : null }, 200);
  });
}
