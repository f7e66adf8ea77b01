// Admitting messages under the shop's communication caps: BENCH_POLICY_CUSTOMERS customers (default 20,000), each
// with 6 messages over the past month, and one new message per customer for 2,000 of them, 16 at a time (as a busy
// worker sends). The figure is the whole batch through admitMessage (a transaction, the customer's lock, counting
// the periods, the verdict, the insert) with caps of 1 a day, 2 a week and 8 a month; its floor is the same batch
// written by the bare outbox insert, with no policy.
import { forEachConcurrently } from '../../server/infra/concurrently';
import { insertPendingMessage } from '../../server/channels/outbox';
import { admitMessage } from '../../server/policy/admit';
import { savePolicy } from '../../server/policy/store';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { startTestDatabase } from '../support/postgres';
import { figure } from './figures';

const CUSTOMERS = Number(process.env.BENCH_POLICY_CUSTOMERS ?? 20_000);
const BATCH = 2_000;
const fmt = (n: number) => n.toLocaleString('en');

const db = await startTestDatabase();
const { sql } = db;
try {
  await sql`
    INSERT INTO customers (id, name, email, registered_at, sub_email)
    SELECT 'c' || lpad(i::text, 7, '0'), 'Клиент ' || i, 'c' || i || '@example.ru', now() - interval '400 days', true FROM generate_series(1, ${CUSTOMERS}) AS i`;
  await sql`
    INSERT INTO messages (idempotency_key, customer_id, channel, recipient, text, status, provider, counted_at, created_at)
    SELECT 'old:' || i || ':' || k, 'c' || lpad(i::text, 7, '0'), 'email', 'c' || i || '@example.ru', 'Письмо', 'sandbox', 'sandbox',
           now() - make_interval(days => k * 5), now() - make_interval(days => k * 5)
      FROM generate_series(1, ${CUSTOMERS}) AS i, generate_series(1, 6) AS k`;
  await sql`ANALYZE`;
  const policy = await savePolicy(
    sql,
    { caps: [{ channel: 'all', period: 'day', max: 1 }, { channel: 'all', period: 'week', max: 2 }, { channel: 'all', period: 'month', max: 8 }], maxDelayDays: 7, controlGroup: { sharePct: 0 } },
    { userId: null, tokenId: null, name: 'bench' },
  );
  console.log(`[policy] ${fmt(CUSTOMERS)} customers, ${fmt(CUSTOMERS * 6)} past messages; batches of ${fmt(BATCH)} new messages, 16 at a time`);

  const message = (round: string, i: number) => {
    const id = `c${String(1 + ((i * 7919) % CUSTOMERS)).padStart(7, '0')}`;
    return { idempotencyKey: `${round}:${i}`, customerId: id, channel: 'email' as const, recipient: `${id}@example.ru`, text: 'Новое письмо' };
  };
  const batch = async (round: string, one: (i: number) => Promise<void>) => {
    const t = performance.now();
    await forEachConcurrently(Array.from({ length: BATCH }, (_, i) => i), 16, one);
    const ms = performance.now() - t;
    await sql`DELETE FROM messages WHERE idempotency_key LIKE ${`${round}:%`}`;
    return ms;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const floors: number[] = [];
  const admitted: number[] = [];
  let deferred = 0;
  for (let r = 0; r < 5; r++) {
    floors.push(await batch(`bare${r}`, (i) => insertPendingMessage(sql, SANDBOX_CHANNELS, message(`bare${r}`, i))));
    admitted.push(
      await batch(`admit${r}`, async (i) => {
        const answer = await admitMessage(sql, SANDBOX_CHANNELS, policy, { message: message(`admit${r}`, i), at: new Date(), timeZone: 'Europe/Moscow' });
        if (!answer.admitted) deferred++;
      }),
    );
  }
  const floor = median(floors);
  const value = median(admitted);
  console.log(`[policy] admit ${fmt(BATCH)} messages: ${value.toFixed(0)} ms (${((value / BATCH) * 1000).toFixed(0)} µs each; ${fmt(deferred)} deferrals in 5 rounds); bare outbox insert: ${floor.toFixed(0)} ms`);
  figure({ name: `admit ${fmt(BATCH)} messages under 3 caps, ${fmt(CUSTOMERS)} customers with history`, value, unit: 'ms', floor: { value: floor, what: 'the bare outbox insert of the same messages' } });
} finally {
  await db.stop();
}
