-- Named customer segments: saved filters in the scenario condition language (shared/conditions), so a segment can
-- become a scenario's audience filter as is. Built-in rows (builtin_key set) are the segments of DOMAIN.md and
-- mirror shared/rfm/segments.ts; marketers add their own rows and may delete only those.
CREATE TABLE segments (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  builtin_key    text UNIQUE,
  name           text NOT NULL,
  name_en        text,
  description    text,
  description_en text,
  condition      jsonb NOT NULL,
  position       integer NOT NULL DEFAULT 1000,
  created_by     bigint REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX segments_name_unique ON segments (lower(name));

INSERT INTO segments (builtin_key, name, name_en, description, description_en, condition, position) VALUES
  ('oneTime', 'Разовые', 'One-time',
   'Сделали одну покупку и пропали больше месяца назад. Оффер: спеццена на второй заказ.',
   'Bought once and vanished over a month ago. Offer: a special price on the second order.',
   '{"all":[{"field":"orderCount","op":"eq","value":1},{"field":"daysSinceLastOrder","op":"gte","value":30}]}', 1),
  ('sleeping', 'Спящие', 'Sleeping',
   'Покупали не раз, но не возвращаются 90 дней и дольше. Оффер: подарок + скидка 20%.',
   'Bought more than once, but have not returned for 90 days or more. Offer: a gift + 20% off.',
   '{"all":[{"field":"orderCount","op":"gte","value":2},{"field":"daysSinceLastOrder","op":"gte","value":90}]}', 2),
  ('leaving', 'Уходящие', 'Leaving',
   'Постоянные клиенты, не покупавшие от 45 до 90 дней. Оффер: «Скучаем! Вернитесь за персональным подарком».',
   'Regular customers who have not bought for 45 to 90 days. Offer: "We miss you! Come back for a personal gift".',
   '{"all":[{"field":"orderCount","op":"gte","value":2},{"field":"daysSinceLastOrder","op":"gte","value":45},{"field":"daysSinceLastOrder","op":"lt","value":90}]}', 3),
  ('promising', 'Перспективные', 'Promising',
   '2–8 покупок, последняя — меньше 45 дней назад. Оффер: скидка 10%, чтобы покупка вошла в привычку.',
   '2–8 purchases, the last one under 45 days ago. Offer: 10% off to make it a habit.',
   '{"all":[{"field":"orderCount","op":"between","value":[2,8]},{"field":"daysSinceLastOrder","op":"lt","value":45}]}', 4),
  ('budget', 'Экономные', 'Budget buyers',
   'Средний чек меньше 1 000 ₽. Офферы с низким порогом входа: «2 по цене 1».',
   'Average check under 1,000 ₽. Low-threshold offers: "2 for the price of 1".',
   '{"all":[{"field":"orderCount","op":"gte","value":1},{"field":"avgCheck","op":"lt","value":1000}]}', 5),
  ('vip', 'VIP', 'VIP',
   'Владельцы VIP-карты: отдельные сценарии и бюджет (seed 004).',
   'VIP card holders: their own scenarios and budget (seed 004).',
   '{"field":"cardType","op":"eq","value":"vip"}', 6);
