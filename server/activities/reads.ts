import { channelInText } from '../../shared/i18n/channels';
import { CHANNELS, type Channel } from '../../shared/scenario/schema';
import { usualOrderHour } from '../../shared/time/usualHour';
import type { RuntimeActivities } from '../../workflows/activities';
import { grantState } from '../bonus/ledger';
import { customerContacts } from '../channels/contacts';
import { loadCustomerFacts } from '../customers/facts';
import { latestOrderTimes } from '../customers/usualHour';
import type { ActivityDeps } from './deps';

const DAY_MS = 86_400_000;

/** Read-only questions a run asks the database; all as of the run's "now". */
export function readActivities({ sql }: ActivityDeps): Pick<
  RuntimeActivities,
  'loadFacts' | 'messageTarget' | 'countForLimit' | 'ordersBetween' | 'bonusState' | 'customerTimezone' | 'usualOrderHour'
> {
  return {
    loadFacts: ({ customerId, now }) => loadCustomerFacts(sql, customerId, new Date(now)),

    async messageTarget({ customerId, channels }) {
      const contacts = await customerContacts(sql, customerId);
      if (!contacts) return { channel: null, timezone: null, reason: 'клиент удалён из базы' };
      const [row] = await sql<{ timezone: string | null }[]>`SELECT timezone FROM customers WHERE id = ${customerId}`;
      const channel = channels.find((c) => contacts[c].subscribed && contacts[c].recipient) ?? null;
      return { channel, timezone: row?.timezone ?? null, reason: channel ? null : unreachableReason(contacts, channels) };
    },

    async customerTimezone({ customerId }) {
      const [row] = await sql<{ timezone: string | null; birth_date: string | null }[]>`
        SELECT timezone, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM customers WHERE id = ${customerId}`;
      return { timezone: row?.timezone ?? null, birthDate: row?.birth_date ?? null };
    },

    async usualOrderHour({ customerId, now, timezone }) {
      const placed = (await latestOrderTimes(sql, [customerId], new Date(now))).get(customerId) ?? [];
      return { hour: usualOrderHour(placed, timezone), orders: placed.length };
    },

    async countForLimit({ run, count, scope, periodDays, now }) {
      const since = new Date(new Date(now).getTime() - periodDays * DAY_MS);
      const scenario = scope === 'scenario' ? sql`AND scenario_id = ${run.scenarioId}` : sql``;
      if (count === 'entries') {
        const [row] = await sql<{ n: number }[]>`
          SELECT count(*)::int AS n FROM runs
           WHERE customer_id = ${run.customerId} AND id <> ${run.runId} AND entered_at > ${since} AND entered_at <= ${now} ${scenario}`;
        return row.n;
      }
      const [row] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM messages
         WHERE customer_id = ${run.customerId} AND status IN ('sent', 'sandbox')
           AND coalesce(sent_at, created_at) > ${since} AND coalesce(sent_at, created_at) <= ${now} ${scenario}`;
      return row.n;
    },

    async ordersBetween({ customerId, since, until, minAmount }) {
      const [row] = await sql<{ n: number; total: number; first_id: string | null; first_at: Date | null; first_amount: number | null }[]>`
        SELECT count(*)::int AS n, coalesce(sum(amount), 0) AS total,
               (array_agg(id ORDER BY placed_at, id))[1] AS first_id, min(placed_at) AS first_at,
               (array_agg(amount::float8 ORDER BY placed_at, id))[1] AS first_amount
          FROM orders
         WHERE customer_id = ${customerId} AND placed_at >= ${since} AND placed_at <= ${until}
           AND amount >= ${minAmount ?? 0}`;
      const first = row.first_id ? { orderId: row.first_id, placedAt: row.first_at!.toISOString(), amount: Number(row.first_amount) } : null;
      return { count: row.n, total: Number(row.total), first };
    },

    async bonusState({ grantId, now }) {
      const state = await grantState(sql, grantId, new Date(now));
      if (!state) return { remaining: 0, used: false, expired: true };
      return { remaining: state.remaining, used: state.used > 0, expired: state.expired };
    },
  };
}

const CONTACT_WORDS: Record<Channel, string> = { sms: 'телефона', email: 'email', telegram: 'Telegram-чата', push: 'push-токена' };

/** «пропущено: нет согласия на SMS, нет email» — why none of the channels can reach the customer. */
export function unreachableReason(contacts: Record<Channel, { subscribed: boolean; recipient: string | null }>, channels: Channel[]): string {
  const why = channels
    .filter((c) => CHANNELS.includes(c))
    .map((c) => (!contacts[c].subscribed ? `нет согласия на ${channelInText(c)}` : `нет ${CONTACT_WORDS[c]}`));
  return `пропущено: ${why.join(', ')}`;
}
