-- Issue 15: tags and attributes on customers, set by scenarios (the `updateCustomer` node), ingest and imports, and
-- tested by conditions (`tags has "звонили"`, `attributes.level = "gold"`). The application bounds them
-- (shared/conditions/profile.ts: a tag up to 60 characters, 100 tags, 50 attributes, texts up to 200 characters);
-- the checks here are the backstop against a writer that forgot.
ALTER TABLE customers
  ADD COLUMN tags       text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 100),
  ADD COLUMN attributes jsonb  NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object' AND pg_column_size(attributes) <= 32768);

-- `tags has "x"` is `tags @> ARRAY['x']`: a segment of the tagged few reads the index instead of every customer.
CREATE INDEX customers_tags_idx ON customers USING gin (tags);

-- What each `updateCustomer` step changed, once per run + node (+ leg): a retried activity finds its row and changes
-- nothing again, and support reads who put a tag on the customer and when.
CREATE TABLE customer_changes (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  customer_id     text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  run_id          text,
  scenario_id     uuid,
  node_id         text,
  at              timestamptz NOT NULL,
  -- { "changed": [...], "unchanged": [...], "refused": [...] } in words, as the journal shows them.
  changes         jsonb NOT NULL
);
CREATE INDEX customer_changes_customer_idx ON customer_changes (customer_id, at DESC);
