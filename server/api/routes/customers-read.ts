import { z } from '@hono/zod-openapi';
import { CustomerCard, CustomerPage, ResendConflict, ResendResult, UnsubscribeRequest, UnsubscribeResult } from '../../../shared/api/support';
import { createChannels, loadChannelConfig, type Channels } from '../../channels';
import { customerCard } from '../../support/customerCard';
import { searchCustomers } from '../../support/customerSearch';
import { resendMessage } from '../../support/resendMessage';
import { unsubscribeCustomer } from '../../support/unsubscribe';
import { conflict, ErrorBody, notFound, preferredLanguage } from '../errors';
import { actorOf, defineRoute, type App } from '../route';

/** Customers are support's area; admin is always allowed. */
const SUPPORT = { roles: ['support'] } as const;
const TAGS = ['Support'];

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorJson = (description: string) => json(ErrorBody, description);

const CustomerId = z.object({ id: z.string().min(1).max(200).meta({ param: { name: 'id', in: 'path' }, example: 'C-10042' }) });

const search = defineRoute({
  method: 'get',
  path: '/api/customers',
  tags: TAGS,
  summary: 'Find customers by name, phone (any writing), email or id; page with `cursor` = `nextCursor`',
  access: SUPPORT,
  request: {
    query: z.object({
      q: z.string().max(200).default('').meta({ description: 'Name words, phone ("8 912 345…"), email prefix or exact id' }),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
  },
  responses: { 200: json(CustomerPage, 'A page of customers, by id') },
});

const card = defineRoute({
  method: 'get',
  path: '/api/customers/{id}',
  tags: TAGS,
  summary: "The customer's card: contacts, subscriptions, stats, orders, bonus ledger, messages, tasks and runs",
  access: SUPPORT,
  request: { params: CustomerId },
  responses: { 200: json(CustomerCard, 'The card'), 404: errorJson('No such customer') },
});

const unsubscribe = defineRoute({
  method: 'post',
  path: '/api/customers/{id}/unsubscribe',
  tags: TAGS,
  summary: 'Withdraw consent for one channel; live runs stop using it from their next send',
  access: SUPPORT,
  request: { params: CustomerId, body: { content: { 'application/json': { schema: UnsubscribeRequest } } } },
  responses: { 200: json(UnsubscribeResult, 'Unsubscribed'), 404: errorJson('No such customer') },
});

/** How a message status reads in the "already resent" answer. */
const STATUS_TEXT = {
  pending: { ru: 'отправляется', en: 'sending' },
  sent: { ru: 'отправлено', en: 'sent' },
  sandbox: { ru: 'записано в песочнице', en: 'recorded in the sandbox' },
  failed: { ru: 'не отправлено', en: 'failed' },
} as const;

const resend = defineRoute({
  method: 'post',
  path: '/api/messages/{id}/resend',
  tags: TAGS,
  summary: 'Send a failed message again (a new outbox entry; the failed one stays as it was)',
  access: SUPPORT,
  request: {
    params: z.object({ id: z.coerce.number().int().positive().meta({ param: { name: 'id', in: 'path' } }) }),
    body: { content: { 'application/json': { schema: z.object({}).meta({ description: 'Empty object' }) } } },
  },
  responses: {
    200: json(ResendResult, 'The new message and how sending went'),
    404: errorJson('No such message'),
    409: json(ResendConflict, 'The message did not fail, was already resent (`already_resent`, with that resend), or the customer has unsubscribed from its channel'),
  },
});

let channels: Channels | null = null;
/** The same providers the worker uses, from the same environment variables. */
const outboxChannels = () => (channels ??= createChannels(loadChannelConfig()));

export function register(app: App) {
  app.openapi(search, async (c) => {
    const { q, cursor, limit } = c.req.valid('query');
    return c.json(await searchCustomers(c.var.deps.sql, q, cursor ?? null, limit), 200);
  });

  app.openapi(card, async (c) => {
    const found = await customerCard(c.var.deps.sql, c.req.valid('param').id, new Date());
    if (!found) throw notFound({ ru: 'Клиент не найден', en: 'Customer not found' });
    return c.json(found, 200);
  });

  app.openapi(unsubscribe, async (c) => {
    const { id } = c.req.valid('param');
    const { channel } = c.req.valid('json');
    const result = await unsubscribeCustomer(c.var.deps.sql, id, channel, actorOf(c));
    if (!result) throw notFound({ ru: 'Клиент не найден', en: 'Customer not found' });
    return c.json({ channel, changed: result.changed }, 200);
  });

  app.openapi(resend, async (c) => {
    const result = await resendMessage(c.var.deps.sql, outboxChannels(), c.req.valid('param').id, actorOf(c));
    if (!result.ok) {
      if (result.problem === 'already_resent') {
        const { messageId, status } = result.resend;
        const message = {
          ru: `Это сообщение уже отправлено повторно (сообщение №${messageId}: ${STATUS_TEXT[status].ru}). Если повторная отправка не удастся, повторите её.`,
          en: `This message was already resent (message #${messageId}: ${STATUS_TEXT[status].en}). If that resend fails, resend it instead.`,
        }[preferredLanguage(c)];
        return c.json({ error: { code: 'already_resent', message, resend: result.resend } }, 409);
      }
      if (result.problem === 'not_found') throw notFound({ ru: 'Сообщение не найдено', en: 'Message not found' });
      if (result.problem === 'unsubscribed') throw conflict('unsubscribed', { ru: 'Клиент отписался от этого канала — повторная отправка запрещена', en: 'The customer has unsubscribed from this channel' });
      throw conflict('not_failed', { ru: `Повторить можно только неотправленное сообщение (статус: ${result.status})`, en: `Only a failed message can be resent (status: ${result.status})` });
    }
    const r = result.result;
    return c.json({ originalId: result.original, messageId: r.messageId, status: r.status, error: r.error }, 200);
  });
}
