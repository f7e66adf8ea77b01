import { afterAll, beforeAll, expect, it } from 'vitest';
import { createChannels, loadChannelConfig, recordAndSend } from '../../server/channels';
import { signUnsubscribeToken } from '../../server/consent/unsubscribeToken';
import { upsertCustomers } from '../../server/ingest/customers';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';
import { startTestApi, type TestApi } from '../support/api';

/**
 * Every email carries a one-click unsubscribe (RFC 2369 List-Unsubscribe, RFC 8058 List-Unsubscribe-Post) to a
 * signed link of this server. Opening the link only shows a page; a POST unsubscribes; a forged link does nothing.
 */

let api: TestApi;
let smtp: FakeSmtp;

beforeAll(async () => {
  [api, smtp] = await Promise.all([startTestApi(), startFakeSmtp()]);
  await upsertCustomers(api.sql, [
    { id: 'E-1', name: 'Анна', email: 'anna@example.ru', registeredAt: '2024-01-10', subscriptions: { email: true } },
    { id: 'E-2', name: 'Борис', email: 'boris@example.ru', registeredAt: '2024-01-10', subscriptions: { email: true } },
  ]);
});

afterAll(async () => {
  await Promise.all([api?.stop(), smtp?.stop()]);
});

const subscribed = async (id: string) => (await api.sql<{ sub_email: boolean }[]>`SELECT sub_email FROM customers WHERE id = ${id}`)[0].sub_email;
const events = (id: string) => api.sql<{ source: string; subscribed: boolean; reason: string | null }[]>`
  SELECT source, subscribed, reason FROM consent_events WHERE customer_id = ${id} AND source = 'unsubscribe_link' ORDER BY id`;

/** Sends an email to the customer through the real SMTP adapter and returns the link from its List-Unsubscribe. */
async function mailTo(customerId: string, recipient: string): Promise<{ link: string; headers: Map<string, string> }> {
  const channels = createChannels(loadChannelConfig({ SMTP_URL: smtp.url, SMTP_FROM: 'Булочная на углу <hello@bakery.example>', PUBLIC_URL: `${api.baseUrl}/` }));
  const sent = await recordAndSend(api.sql, channels, { idempotencyKey: `link-run:${customerId}`, customerId, channel: 'email', recipient, subject: 'Мы скучаем', text: 'Приходите за круассаном' });
  expect(sent.status).toBe('sent');
  const mail = smtp.received.find((m) => m.envelope.to.includes(recipient))!;
  const link = /^<([^>]+)>$/.exec(mail.headers.get('list-unsubscribe') ?? '')?.[1];
  if (!link) throw new Error(`no List-Unsubscribe link in ${mail.headers.get('list-unsubscribe')}`);
  return { link, headers: mail.headers };
}

const oneClick = (link: string) =>
  fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

it('puts a one-click unsubscribe link of this server into every email', async () => {
  const { link, headers } = await mailTo('E-1', 'anna@example.ru');
  expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  expect(link).toMatch(new RegExp(`^${api.baseUrl}/u/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
  const other = await mailTo('E-2', 'boris@example.ru');
  expect(other.link).not.toBe(link);
});

it('shows a confirmation page on GET and unsubscribes nobody, since mail scanners open links by themselves', async () => {
  const { link } = await mailTo('E-1', 'anna@example.ru');
  const page = await fetch(link);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  const html = await page.text();
  expect(html).toContain('Отписаться от писем?');
  expect(html).toContain('Unsubscribe');
  expect(html).toMatch(/<form method="post" action="\/u\/[^"]+">/);
  await fetch(link, { method: 'HEAD' });
  expect(await subscribed('E-1')).toBe(true);
  expect(await events('E-1')).toEqual([]);
});

it('unsubscribes on the one-click POST from the mail client and records it as an unsubscribe-link opt-out', async () => {
  const { link } = await mailTo('E-1', 'anna@example.ru');
  const res = await oneClick(link);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('Вы отписаны от писем');
  expect(await subscribed('E-1')).toBe(false);
  expect(await subscribed('E-2')).toBe(true);
  expect(await events('E-1')).toEqual([{ source: 'unsubscribe_link', subscribed: false, reason: 'кнопка «Отписаться» в почтовой программе' }]);

  // A second click changes nothing and still answers kindly; the page now says so.
  expect((await oneClick(link)).status).toBe(200);
  expect(await events('E-1')).toHaveLength(1);
  expect(await (await fetch(link)).text()).toContain('Вы уже отписаны от писем');

  // The shop's next sync does not undo it.
  const resync = await upsertCustomers(api.sql, [{ id: 'E-1', registeredAt: '2024-01-10', subscriptions: { email: true } }]);
  expect(resync.results[0]).toMatchObject({ keptOptOut: ['email'] });
  expect(await subscribed('E-1')).toBe(false);
});

it('unsubscribes from the confirmation page button as well', async () => {
  await api.sql`INSERT INTO customers (id, email, registered_at, sub_email) VALUES ('E-3', 'vera@example.ru', now(), true)`;
  const { link } = await mailTo('E-3', 'vera@example.ru');
  const res = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=page' });
  expect(res.status).toBe(200);
  expect(await subscribed('E-3')).toBe(false);
  expect(await events('E-3')).toEqual([{ source: 'unsubscribe_link', subscribed: false, reason: 'страница отписки' }]);
});

it('refuses forged and altered links without changing anyone', async () => {
  const { link } = await mailTo('E-2', 'boris@example.ru');
  const token = link.slice(link.lastIndexOf('/') + 1);
  const [payload, mac] = token.split('.');
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const forged = [
    // Someone else's id under Boris's signature.
    `${Buffer.from('email:E-1').toString('base64url')}.${mac}`,
    // Boris on another channel.
    `${Buffer.from('sms:E-2').toString('base64url')}.${mac}`,
    `${payload}.${flip(mac, 3)}`,
    `${payload}.${mac.slice(0, -2)}`,
    // A link signed with any key but the server's own.
    signUnsubscribeToken(Buffer.alloc(32, 7), { customerId: 'E-2', channel: 'email' }),
    'E-2',
    `${payload}.`,
  ];
  for (const bad of forged) {
    const url = `${api.baseUrl}/u/${encodeURIComponent(bad)}`;
    const post = await oneClick(url);
    expect([400, 404], bad).toContain(post.status);
    expect((await fetch(url)).status, bad).toBe(404);
  }
  expect(await subscribed('E-2')).toBe(true);
  expect(await api.sql`SELECT 1 FROM consent_events WHERE source = 'unsubscribe_link' AND customer_id = 'E-2'`).toHaveLength(0);
});
