import { randomBytes } from 'node:crypto';
import type { WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointUpdate } from '../../shared/api/webhooks';
import { WEBHOOK_LIMITS } from '../../shared/webhooks/limits';
import { badRequest, conflict, notFound } from '../api/errors';
import { audit } from '../audit';
import type { Sql } from '../db/client';
import { webhookUrlProblem, type UrlRules } from './url';

/** Who changes an endpoint, for the audit log. */
export interface Actor {
  userId: number | null;
  tokenId: number | null;
}

interface Row {
  id: number;
  name: string;
  url: string;
  secret: string;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  secret_rotated_at: Date;
}

const fromRow = (row: Row): WebhookEndpoint => ({
  id: Number(row.id),
  name: row.name,
  url: row.url,
  enabled: row.enabled,
  secretHint: `…${row.secret.slice(-4)}`,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  secretRotatedAt: row.secret_rotated_at.toISOString(),
});

/** What the audit log keeps of an endpoint: never the secret. */
const audited = (e: WebhookEndpoint) => ({ name: e.name, url: e.url, enabled: e.enabled });

/** 32 random bytes; the prefix tells people what the string is when they find it in a config file. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export async function listEndpoints(sql: Sql): Promise<WebhookEndpoint[]> {
  const rows = await sql<Row[]>`SELECT * FROM webhook_endpoints ORDER BY lower(name), id`;
  return rows.map(fromRow);
}

/** Names and switches, for the node form and for validation at publish time. */
export async function endpointNames(sql: Sql): Promise<Array<{ name: string; enabled: boolean }>> {
  return sql<{ name: string; enabled: boolean }[]>`SELECT name, enabled FROM webhook_endpoints ORDER BY lower(name), id`;
}

/** The endpoint a call goes to, with its secret; null when there is none by that name. */
export async function endpointForCall(sql: Sql, name: string): Promise<{ id: number; name: string; url: string; secret: string; enabled: boolean } | null> {
  const [row] = await sql<Row[]>`SELECT * FROM webhook_endpoints WHERE name = ${name}`;
  return row ? { id: Number(row.id), name: row.name, url: row.url, secret: row.secret, enabled: row.enabled } : null;
}

/** Published scenarios (active or paused) whose current version has a webhook node naming `name`. */
export async function scenariosUsing(sql: Sql, name: string): Promise<Array<{ id: string; name: string }>> {
  return sql<{ id: string; name: string }[]>`
    SELECT s.id, s.name FROM scenarios s
      JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version
     WHERE s.status IN ('active', 'paused') AND v.document -> 'nodes' @> ${sql.json([{ type: 'webhook', config: { endpoint: name } }] as never)}
     ORDER BY s.name LIMIT 20`;
}

function checkUrl(url: string, rules: UrlRules): void {
  const problem = webhookUrlProblem(url, rules);
  if (problem) throw badRequest('webhook_url', { ru: `Адрес вебхука не подходит: ${problem.ru}`, en: `The webhook URL is not acceptable: ${problem.en}` }, [{ path: 'url', code: 'invalid_url', message: problem.ru }]);
}

const nameTaken = (name: string) =>
  conflict('webhook_name_taken', { ru: `Вебхук с названием «${name}» уже есть`, en: `There is already a webhook named "${name}"` });

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/**
 * Adds an endpoint with a fresh secret, audited; returns the secret this once. At most WEBHOOK_LIMITS.endpoints: the
 * table is locked for the count, so two creations at once cannot pass it together.
 */
export async function createEndpoint(sql: Sql, input: WebhookEndpointCreate, actor: Actor, rules: UrlRules): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  checkUrl(input.url, rules);
  const secret = newSecret();
  try {
    return await sql.begin(async (tx) => {
      await tx`LOCK TABLE webhook_endpoints IN SHARE ROW EXCLUSIVE MODE`;
      const [{ count }] = await tx<{ count: number }[]>`SELECT count(*)::int AS count FROM webhook_endpoints`;
      if (count >= WEBHOOK_LIMITS.endpoints) {
        throw conflict('webhook_limit', { ru: `Вебхуков не может быть больше ${WEBHOOK_LIMITS.endpoints}: удалите ненужные`, en: `At most ${WEBHOOK_LIMITS.endpoints} webhooks: delete some first` });
      }
      const [row] = await tx<Row[]>`
        INSERT INTO webhook_endpoints (name, url, secret, enabled, created_by)
        VALUES (${input.name}, ${input.url}, ${secret}, ${input.enabled ?? true}, ${actor.userId})
        RETURNING *`;
      const endpoint = fromRow(row);
      await audit(tx as unknown as Sql, { ...actor, action: 'settings.webhook.create', entity: `webhook:${endpoint.id}`, details: { after: audited(endpoint) } });
      return { endpoint, secret };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/**
 * Changes the name, URL or switch, audited with before and after. A name that published scenarios use cannot change
 * (their nodes would point nowhere): the answer names those scenarios.
 */
export async function updateEndpoint(sql: Sql, id: number, input: WebhookEndpointUpdate, actor: Actor, rules: UrlRules): Promise<WebhookEndpoint> {
  if (input.url !== undefined) checkUrl(input.url, rules);
  try {
    return await sql.begin(async (tx) => {
      const [row] = await tx<Row[]>`SELECT * FROM webhook_endpoints WHERE id = ${id} FOR UPDATE`;
      if (!row) throw endpointNotFound();
      const before = fromRow(row);
      if (input.name !== undefined && input.name !== before.name) await refuseInUse(tx as unknown as Sql, before.name, 'rename');
      const [updated] = await tx<Row[]>`
        UPDATE webhook_endpoints
           SET name = ${input.name ?? row.name}, url = ${input.url ?? row.url}, enabled = ${input.enabled ?? row.enabled}, updated_at = now()
         WHERE id = ${id} RETURNING *`;
      const after = fromRow(updated);
      await audit(tx as unknown as Sql, { ...actor, action: 'settings.webhook.update', entity: `webhook:${id}`, details: { before: audited(before), after: audited(after) } });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? '');
    throw error;
  }
}

/** A new secret replaces the old one at once (requests are signed with the new one from now on); returned this once. */
export async function rotateSecret(sql: Sql, id: number, actor: Actor): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = newSecret();
  return sql.begin(async (tx) => {
    const [row] = await tx<Row[]>`
      UPDATE webhook_endpoints SET secret = ${secret}, secret_rotated_at = now(), updated_at = now() WHERE id = ${id} RETURNING *`;
    if (!row) throw endpointNotFound();
    const endpoint = fromRow(row);
    await audit(tx as unknown as Sql, { ...actor, action: 'settings.webhook.rotateSecret', entity: `webhook:${id}`, details: { name: endpoint.name } });
    return { endpoint, secret };
  });
}

/** Deletes an endpoint no published scenario uses, audited. Calls made through it keep its name in their records. */
export async function deleteEndpoint(sql: Sql, id: number, actor: Actor): Promise<void> {
  await sql.begin(async (tx) => {
    const [row] = await tx<Row[]>`SELECT * FROM webhook_endpoints WHERE id = ${id} FOR UPDATE`;
    if (!row) throw endpointNotFound();
    await refuseInUse(tx as unknown as Sql, row.name, 'delete');
    await tx`DELETE FROM webhook_endpoints WHERE id = ${id}`;
    await audit(tx as unknown as Sql, { ...actor, action: 'settings.webhook.delete', entity: `webhook:${id}`, details: { before: audited(fromRow(row)) } });
  });
}

async function refuseInUse(sql: Sql, name: string, what: 'rename' | 'delete'): Promise<void> {
  const using = await scenariosUsing(sql, name);
  if (using.length === 0) return;
  const list = using.map((s) => `«${s.name}»`).join(', ');
  throw conflict('webhook_in_use', {
    ru: `Вебхук «${name}» нельзя ${what === 'rename' ? 'переименовать' : 'удалить'}: его вызывают опубликованные сценарии ${list}. Сначала уберите его из них или отправьте их в архив; чтобы остановить вызовы сейчас, выключите вебхук`,
    en: `The webhook "${name}" cannot be ${what === 'rename' ? 'renamed' : 'deleted'}: published scenarios ${list.replace(/[«»]/g, '"')} call it. Remove it from them or archive them first; to stop calls now, disable it`,
  });
}

const endpointNotFound = () => notFound({ ru: 'Вебхук не найден', en: 'Webhook not found' });
