/** Message prices (server/api/routes/settings.ts): the body of PUT and the answer of GET /api/settings/pricing. */
import { z } from 'zod';

const Price = (description: string, example: number) => z.number().min(0).max(10_000).meta({ description, example });

export const Prices = z
  .strictObject({
    smsPerSegment: Price('Roubles per SMS segment (70 Cyrillic / 160 Latin characters; longer texts are billed per 67/153)', 3.5),
    email: Price('Roubles per email', 0),
    telegram: Price('Roubles per Telegram message', 0),
    push: Price('Roubles per push notification', 0),
  })
  .meta({ id: 'Prices' });
export type Prices = z.infer<typeof Prices>;
