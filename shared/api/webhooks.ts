/**
 * Webhook endpoints (server/api/routes/webhooks.ts): named HTTPS addresses an admin configures; a scenario's webhook
 * node picks one by name. The signing secret is shown once, when the endpoint is created or its secret rotated.
 */
import { z } from 'zod';
import { WEBHOOK_LIMITS, WEBHOOK_NAME_PATTERN } from '../webhooks/limits';

const Name = z
  .string()
  .trim()
  .min(1, 'Введите название / Give a name')
  .max(WEBHOOK_LIMITS.nameLength, `Не длиннее ${WEBHOOK_LIMITS.nameLength} символов / At most ${WEBHOOK_LIMITS.nameLength} characters`)
  .regex(WEBHOOK_NAME_PATTERN, 'Буквы, цифры, пробел, _ . - ; начинается с буквы или цифры / Letters, digits, space, _ . -, starting with a letter or digit')
  .meta({ description: 'Unique; what the webhook node stores and marketers pick', example: 'CRM' });

const Url = z
  .string()
  .trim()
  .min(1)
  .max(WEBHOOK_LIMITS.urlLength)
  .meta({ description: 'https:// address the signed POST goes to (http:// only to a loopback host with WEBHOOK_ALLOW_HTTP_LOOPBACK=true)', example: 'https://crm.example.ru/hooks/comeback' });

export const WebhookEndpointCreate = z
  .strictObject({ name: Name, url: Url, enabled: z.boolean().default(true) })
  .meta({ id: 'WebhookEndpointCreate', example: { name: 'CRM', url: 'https://crm.example.ru/hooks/comeback', enabled: true } });
export type WebhookEndpointCreate = z.input<typeof WebhookEndpointCreate>;

export const WebhookEndpointUpdate = z
  .strictObject({ name: Name.optional(), url: Url.optional(), enabled: z.boolean().optional() })
  .refine((u) => u.name !== undefined || u.url !== undefined || u.enabled !== undefined, { message: 'Нечего менять / Nothing to change' })
  .meta({ id: 'WebhookEndpointUpdate', example: { enabled: false } });
export type WebhookEndpointUpdate = z.input<typeof WebhookEndpointUpdate>;

export const WebhookEndpoint = z
  .object({
    id: z.number().int(),
    name: z.string(),
    url: z.string(),
    enabled: z.boolean(),
    secretHint: z.string().meta({ description: 'The last characters of the signing secret, to tell which one a receiver holds' }),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z.string().meta({ format: 'date-time' }),
    secretRotatedAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpointWithSecret = z
  .object({
    endpoint: WebhookEndpoint,
    secret: z.string().meta({ description: 'The signing secret: shown only in this answer; give it to the receiver' }),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const WebhookEndpointList = z
  .object({ endpoints: z.array(WebhookEndpoint), limit: z.number().int().meta({ description: 'How many endpoints a shop may have' }) })
  .meta({ id: 'WebhookEndpointList' });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointList>;

/** What marketers see: the names the webhook node can pick, and whether each is on. */
export const WebhookEndpointNames = z
  .object({ endpoints: z.array(z.object({ name: z.string(), enabled: z.boolean() })) })
  .meta({ id: 'WebhookEndpointNames' });
export type WebhookEndpointNames = z.infer<typeof WebhookEndpointNames>;
