// A customer and an order as the API gives them whole: on the customer card (support.ts) and as real customers for a
// simulation (audience.ts), in the same shape POST /api/customers and POST /api/orders take.
import { z } from 'zod';

export const CardType = z.enum(['regular', 'vip']);

export const CustomerRecord = z.object({
  id: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  telegramChatId: z.string().nullable(),
  pushToken: z.string().nullable(),
  city: z.string().nullable(),
  cardType: CardType,
  registeredAt: z.string(),
  timezone: z.string().nullable(),
  /** YYYY-MM-DD (the birthday trigger); absent in answers of servers before 0.5.0. */
  birthDate: z.string().nullable().optional(),
  subscriptions: z.object({ sms: z.boolean(), email: z.boolean(), telegram: z.boolean(), push: z.boolean() }),
  tags: z.array(z.string()).meta({ description: 'Tags put on by scenarios (update-customer node), ingest or imports' }),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).meta({ description: 'Attributes: key → text, number or true/false' }),
});

export const OrderItem = z.object({ sku: z.string(), name: z.string(), category: z.string().nullable(), qty: z.number(), price: z.number() });

/** `GET /api/tags`: the tags customers carry, most used first, for suggestions in the editor. */
export const TagList = z.object({
  tags: z.array(z.object({ tag: z.string(), customers: z.number().int() })),
});
export type TagList = z.infer<typeof TagList>;
