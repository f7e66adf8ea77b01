import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Channel } from '../../../shared/scenario/schema';
import { changeConsent } from '../../consent/changeConsent';
import { unsubscribeSecret, verifyUnsubscribeToken, type UnsubscribeTarget } from '../../consent/unsubscribeToken';
import type { Sql } from '../../db/client';
import { defineRoute, type App, type AppEnv } from '../route';

/**
 * The customer's own unsubscribe link, `/u/<token>`, from the `List-Unsubscribe` header of every email (RFC 2369,
 * RFC 8058). No sign-in: the signed token is the proof. GET only shows a page with a button, because mail scanners
 * and link previews open links on their own; POST unsubscribes, from that button or straight from the mail
 * client's one-click «Отписаться» (body `List-Unsubscribe=One-Click`). A POST can only take consent away, so it
 * needs no CSRF protection.
 */

const TokenParam = z.object({ token: z.string().max(2000).meta({ param: { name: 'token', in: 'path' }, example: 'ZW1haWw6Yy0xMDAx.mIh3gGvYkO0p0a3M3xq9Jw' }) });
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

const page = defineRoute({
  method: 'get',
  path: '/u/{token}',
  tags: ['Consent'],
  summary: 'Unsubscribe page with a confirm button (opening the link changes nothing)',
  access: 'public',
  request: { params: TokenParam },
  responses: { 200: html('The page'), 404: html('The link is forged, altered, or its customer no longer exists') },
});

const unsubscribe = defineRoute({
  method: 'post',
  path: '/u/{token}',
  tags: ['Consent'],
  summary: 'Unsubscribe the customer from the channel of the link (RFC 8058 one-click, or the page\'s button)',
  access: 'public',
  bodyLimit: 4096,
  request: { params: TokenParam },
  responses: { 200: html('Unsubscribed (also when already unsubscribed)'), 404: html('The link is forged, altered, or its customer no longer exists') },
});

const CHANNEL_WORDS: Record<Channel, { ru: string; en: string }> = {
  email: { ru: 'писем', en: 'emails' },
  sms: { ru: 'SMS', en: 'text messages' },
  telegram: { ru: 'сообщений в Telegram', en: 'Telegram messages' },
  push: { ru: 'push-уведомлений', en: 'push notifications' },
};

/** The link's customer and channel with the current flag; null when the token is not ours or the customer is gone. */
async function linkTarget(sql: Sql, token: string): Promise<(UnsubscribeTarget & { subscribed: boolean }) | null> {
  const target = verifyUnsubscribeToken(await unsubscribeSecret(sql), token);
  if (!target) return null;
  const column = { sms: 'sub_sms', email: 'sub_email', telegram: 'sub_telegram', push: 'sub_push' }[target.channel];
  const [row] = await sql<{ subscribed: boolean }[]>`SELECT ${sql(column)} AS subscribed FROM customers WHERE id = ${target.customerId}`;
  return row ? { ...target, subscribed: row.subscribed } : null;
}

function respond(c: Context<AppEnv>, status: 200 | 404, body: string) {
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex');
  return c.html(
    `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Отписка / Unsubscribe</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
    .en { color: #666; }
    button { font: inherit; padding: .6rem 1.4rem; border: 0; border-radius: .4rem; background: #c62828; color: #fff; cursor: pointer; }
  </style>
</head>
<body>
${body}
</body>
</html>
`,
    status,
  );
}

const invalidLink = `<h1>Ссылка недействительна</h1>
<p>Возможно, она скопирована не полностью.</p>
<p class="en">This link is not valid. It may have been copied only in part.</p>`;

export function register(app: App) {
  app.openapi(page, async (c) => {
    const { token } = c.req.valid('param');
    const target = await linkTarget(c.var.deps.sql, token);
    if (!target) return respond(c, 404, invalidLink);
    const what = CHANNEL_WORDS[target.channel];
    if (!target.subscribed) {
      return respond(c, 200, `<h1>Вы уже отписаны от ${what.ru}</h1>\n<p class="en">You are already unsubscribed from ${what.en}.</p>`);
    }
    return respond(
      c,
      200,
      `<h1>Отписаться от ${what.ru}?</h1>
<p>Нажмите кнопку, и мы больше не будем присылать вам рекламные рассылки этим способом.</p>
<p class="en">Press the button and we will stop sending you promotional ${what.en}.</p>
<form method="post" action="/u/${token}">
  <input type="hidden" name="confirm" value="page">
  <button type="submit">Отписаться / Unsubscribe</button>
</form>`,
    );
  });

  app.openapi(unsubscribe, async (c) => {
    const { sql } = c.var.deps;
    const { token } = c.req.valid('param');
    const target = await linkTarget(sql, token);
    if (!target) return respond(c, 404, invalidLink);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const oneClick = form['List-Unsubscribe'] === 'One-Click';
    await changeConsent(sql, [
      {
        customerId: target.customerId,
        channel: target.channel,
        subscribed: false,
        source: 'unsubscribe_link',
        reason: oneClick ? 'кнопка «Отписаться» в почтовой программе' : 'страница отписки',
      },
    ]);
    const what = CHANNEL_WORDS[target.channel];
    return respond(c, 200, `<h1>Вы отписаны от ${what.ru}</h1>\n<p class="en">You have been unsubscribed from ${what.en}.</p>`);
  });
}
