-- Consent is a record (ARCHITECTURE.md §4): every change of a customer's consent on a channel, with what made it
-- (source), who (staff user or API token), why and when. customers.sub_* keep the current state for the audience
-- SQL; server/consent/changeConsent.ts is their only writer and records the event in the same transaction.
-- An opt-out made in Comeback (support, a provider's block or STOP, an unsubscribe link) wins over later syncs from
-- the shop's systems unless they carry a consent newer than it (consent_at).
CREATE TABLE consent_events (
  id          bigserial PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  channel     text NOT NULL CHECK (channel IN ('sms', 'email', 'telegram', 'push')),
  subscribed  boolean NOT NULL,
  source      text NOT NULL CHECK (source IN ('ingest', 'import', 'support', 'provider', 'unsubscribe_link')),
  user_id     bigint REFERENCES users (id),
  token_id    bigint REFERENCES api_tokens (id),
  reason      text,
  consent_at  timestamptz,                         -- when the customer consented, as the shop's system states it
  at          timestamptz NOT NULL DEFAULT now()
);
-- The latest event of one customer and channel (does an opt-out made in Comeback stand?), and the card's history.
CREATE INDEX consent_events_customer_idx ON consent_events (customer_id, channel, id DESC);

-- Support unsubscribed customers before consent was recorded, and a later sync could have subscribed them again.
-- Their request stands: each is carried over as the opt-out it was, and the channel is switched off again.
INSERT INTO consent_events (customer_id, channel, subscribed, source, user_id, token_id, reason, at)
SELECT c.id, a.details->>'channel', false, 'support', a.user_id, a.token_id, 'перенесено из журнала действий', a.at
  FROM audit_log a
  JOIN customers c ON c.id = substr(a.entity, length('customer:') + 1)
 WHERE a.action = 'customer.unsubscribe' AND a.entity LIKE 'customer:%'
   AND a.details->>'channel' IN ('sms', 'email', 'telegram', 'push')
 ORDER BY a.id;

UPDATE customers c
   SET sub_sms = c.sub_sms AND NOT o.sms, sub_email = c.sub_email AND NOT o.email,
       sub_telegram = c.sub_telegram AND NOT o.telegram, sub_push = c.sub_push AND NOT o.push, updated_at = now()
  FROM (SELECT customer_id, bool_or(channel = 'sms') AS sms, bool_or(channel = 'email') AS email,
               bool_or(channel = 'telegram') AS telegram, bool_or(channel = 'push') AS push
          FROM consent_events GROUP BY customer_id) o
 WHERE o.customer_id = c.id
   AND ((o.sms AND c.sub_sms) OR (o.email AND c.sub_email) OR (o.telegram AND c.sub_telegram) OR (o.push AND c.sub_push));
