import { CHANNELS } from '../../shared/scenario/schema';
import { syncConsent, type KeptOptOut, type SyncOrigin } from '../consent/syncConsent';
import { byIndex, summarize, validateBatch, type BatchSummary, type RecordResult } from './batch';
import type { FieldIssue } from './issues';
import type { Queryable } from './queryable';
import { CustomerRecordSchema, type CustomerRecord } from './records';
import { inTransaction } from './transaction';

export interface CustomersIngestResult {
  results: RecordResult[];
  summary: BatchSummary;
}

/**
 * Upserts a batch of customers (POST /api/customers). Valid records are applied and invalid ones reported, each
 * with its index; a field left out keeps its stored value, `null` clears it. A record that changes nothing is a
 * `duplicate`, so a nightly full re-sync from 1C writes only what changed. Every new customer gets an empty
 * statistics row, because audience queries join customers to customer_stats. A subscription that an opt-out made
 * in Comeback outranks is not applied and is listed in the record's `keptOptOut` (see server/consent/syncConsent.ts).
 */
export async function upsertCustomers(db: Queryable, input: unknown, origin: SyncOrigin = { source: 'ingest' }): Promise<CustomersIngestResult> {
  const { valid, rejected } = validateBatch(input, CustomerRecordSchema);
  const results: RecordResult[] = [...rejected];
  if (valid.length > 0) {
    const outcome = await inTransaction(db, (tx) => applyCustomers(tx, valid.map((v) => v.record), origin));
    for (const { index, record } of valid) {
      const { status, keptOptOut } = outcome.get(record.id)!;
      if (keptOptOut.length === 0) results.push({ index, id: record.id, status });
      else results.push({ index, id: record.id, status, keptOptOut: keptOptOut.map((k) => k.channel), warnings: keptOptOut.map(keptOptOutWarning) });
    }
  }
  const keptOptOut = results.filter((r) => 'keptOptOut' in r && r.keptOptOut).length;
  return { results: byIndex(results), summary: { ...summarize(results), keptOptOut } };
}

export type Outcome = 'accepted' | 'updated' | 'duplicate';

export interface CustomerOutcome {
  status: Outcome;
  /** Subscriptions of the record that an opt-out made in Comeback outranks; empty when there are none. */
  keptOptOut: KeptOptOut[];
}

/**
 * The database part of the upsert, inside the caller's transaction (imports reuse it all-or-nothing). Contacts and
 * profile fields are written first; subscriptions then go through the consent record (server/consent/), the only
 * writer of `customers.sub_*`, which keeps who changed what and when.
 */
export async function applyCustomers(tx: Queryable, records: CustomerRecord[], origin: SyncOrigin): Promise<Map<string, CustomerOutcome>> {
  const status = new Map<string, Outcome>();
  let pending = records;
  // Two rounds at most: a customer inserted by a concurrent request between our update and insert is updated next round.
  for (let round = 0; round < 2 && pending.length > 0; round++) {
    for (const row of await updateExisting(tx, pending)) status.set(row.id, row.changed ? 'updated' : 'duplicate');
    pending = pending.filter((r) => !status.has(r.id));
    if (pending.length === 0) break;
    for (const id of await insertNew(tx, pending, origin)) status.set(id, 'accepted');
    pending = pending.filter((r) => !status.has(r.id));
  }
  if (pending.length > 0) throw new Error(`customers ${pending.map((r) => r.id).join(', ')} could not be upserted`);

  // New customers were born with their stated consent (insertNew); the others' claims go through the consent record.
  const claims = records.filter((r) => status.get(r.id) !== 'accepted').flatMap((r) =>
    CHANNELS.flatMap((channel) => {
      const subscribed = r.subscriptions?.[channel];
      return subscribed === undefined ? [] : [{ customerId: r.id, channel, subscribed, consentAt: r.consentAt ?? null }];
    }),
  );
  const consent = await syncConsent(tx, claims, origin);
  const outcome = new Map<string, CustomerOutcome>();
  for (const [id, s] of status) outcome.set(id, { status: s, keptOptOut: [] });
  for (const change of consent.applied) {
    const o = outcome.get(change.customerId)!;
    if (o.status === 'duplicate') o.status = 'updated';
  }
  for (const kept of consent.kept) outcome.get(kept.customerId)!.keptOptOut.push(kept);
  return outcome;
}

const SOURCE_NAMES: Record<KeptOptOut['source'], { en: string; ru: string }> = {
  support: { en: 'by support', ru: 'сотрудником поддержки' },
  provider: { en: 'by the provider (blocked or STOP)', ru: 'по ответу провайдера (блокировка или STOP)' },
  unsubscribe_link: { en: 'through the unsubscribe link', ru: 'по ссылке отписки' },
};

function keptOptOutWarning(kept: KeptOptOut): FieldIssue {
  const source = SOURCE_NAMES[kept.source];
  return {
    field: `subscriptions.${kept.channel}`,
    message: `kept unsubscribed: the customer opted out ${source.en} at ${kept.optedOutAt}; send consentAt later than that to subscribe again`,
    messageRu: `подписка не восстановлена: клиент отписан ${source.ru} ${kept.optedOutAt}; чтобы подписать снова, передайте consentAt позже этого времени`,
  };
}

async function updateExisting(tx: Queryable, records: CustomerRecord[]): Promise<{ id: string; changed: boolean }[]> {
  return tx<{ id: string; changed: boolean }[]>`
    WITH input AS (
      SELECT r FROM jsonb_array_elements(${JSON.stringify(records)}::text::jsonb) AS t(r)
    ), next AS (
      SELECT c.id,
             CASE WHEN i.r ? 'name' THEN i.r->>'name' ELSE c.name END AS name,
             CASE WHEN i.r ? 'phone' THEN i.r->>'phone' ELSE c.phone END AS phone,
             CASE WHEN i.r ? 'email' THEN i.r->>'email' ELSE c.email END AS email,
             CASE WHEN i.r ? 'telegramChatId' THEN i.r->>'telegramChatId' ELSE c.telegram_chat_id END AS telegram_chat_id,
             CASE WHEN i.r ? 'pushToken' THEN i.r->>'pushToken' ELSE c.push_token END AS push_token,
             CASE WHEN i.r ? 'city' THEN i.r->>'city' ELSE c.city END AS city,
             coalesce(i.r->>'cardType', c.card_type) AS card_type,
             (i.r->>'registeredAt')::timestamptz AS registered_at,
             CASE WHEN i.r ? 'timezone' THEN i.r->>'timezone' ELSE c.timezone END AS timezone,
             CASE WHEN i.r ? 'birthDate' THEN (i.r->>'birthDate')::date ELSE c.birth_date END AS birth_date,
             -- Left out: the tags and attributes scenarios put on stay (the record's schema made a null an empty set).
             CASE WHEN i.r ? 'tags' THEN ARRAY(SELECT jsonb_array_elements_text(i.r->'tags')) ELSE c.tags END AS tags,
             CASE WHEN i.r ? 'attributes' THEN i.r->'attributes' ELSE c.attributes END AS attributes
      FROM input i JOIN customers c ON c.id = i.r->>'id'
      ORDER BY c.id
      FOR NO KEY UPDATE OF c
    ), changed AS (
      UPDATE customers c
      SET name = n.name, phone = n.phone, email = n.email, telegram_chat_id = n.telegram_chat_id, push_token = n.push_token,
          city = n.city, card_type = n.card_type, registered_at = n.registered_at, timezone = n.timezone, birth_date = n.birth_date,
          tags = n.tags, attributes = n.attributes, updated_at = now()
      FROM next n
      WHERE c.id = n.id
        AND (n.name, n.phone, n.email, n.telegram_chat_id, n.push_token, n.city, n.card_type, n.registered_at, n.timezone, n.birth_date, n.tags, n.attributes)
            IS DISTINCT FROM
            (c.name, c.phone, c.email, c.telegram_chat_id, c.push_token, c.city, c.card_type, c.registered_at, c.timezone, c.birth_date, c.tags, c.attributes)
      RETURNING c.id
    )
    SELECT n.id, (ch.id IS NOT NULL) AS changed FROM next n LEFT JOIN changed ch ON ch.id = n.id`;
}

/**
 * Inserts the customers that do not exist yet, each born with the subscriptions its record states; every channel
 * subscribed is recorded in consent_events in the same statement (a new customer has no opt-out that could stand,
 * and a channel left unsubscribed is no change from the default, so it leaves no event — as in changeConsent).
 */
async function insertNew(tx: Queryable, records: CustomerRecord[], origin: SyncOrigin): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`
    WITH input AS (
      SELECT r, n FROM jsonb_array_elements(${JSON.stringify(records)}::text::jsonb) WITH ORDINALITY AS t(r, n)
    ), inserted AS (
      INSERT INTO customers (id, name, phone, email, telegram_chat_id, push_token, city, card_type, registered_at, timezone, birth_date,
                             sub_sms, sub_email, sub_telegram, sub_push, tags, attributes)
      SELECT r->>'id', r->>'name', r->>'phone', r->>'email', r->>'telegramChatId', r->>'pushToken', r->>'city',
             coalesce(r->>'cardType', 'regular'), (r->>'registeredAt')::timestamptz, r->>'timezone', (r->>'birthDate')::date,
             coalesce((r#>>'{subscriptions,sms}')::boolean, false), coalesce((r#>>'{subscriptions,email}')::boolean, false),
             coalesce((r#>>'{subscriptions,telegram}')::boolean, false), coalesce((r#>>'{subscriptions,push}')::boolean, false),
             ARRAY(SELECT jsonb_array_elements_text(coalesce(r->'tags', '[]'::jsonb))), coalesce(r->'attributes', '{}'::jsonb)
        FROM input
      ON CONFLICT (id) DO NOTHING
      RETURNING id
    ), stats AS (
      INSERT INTO customer_stats (customer_id) SELECT id FROM inserted ON CONFLICT (customer_id) DO NOTHING
    ), consent AS (
      INSERT INTO consent_events (customer_id, channel, subscribed, source, user_id, token_id, consent_at)
      SELECT i.id, s.channel, true, ${origin.source}, ${origin.userId ?? null}::bigint, ${origin.tokenId ?? null}::bigint,
             (input.r->>'consentAt')::timestamptz
        FROM inserted i
        JOIN input ON input.r->>'id' = i.id
        CROSS JOIN LATERAL jsonb_each(coalesce(input.r->'subscriptions', '{}'::jsonb)) WITH ORDINALITY AS s(channel, subscribed, k)
       WHERE s.subscribed = 'true'::jsonb
       ORDER BY input.n, s.k
    )
    SELECT id FROM inserted`;
  return rows.map((r) => r.id);
}
