-- Support desk (server/support/*).
-- Customer search: phone and email by prefix ("+7912…", "anna@"), names by the beginning of any word
-- ("иван" finds "Анна Иванова"). Prefix LIKE needs pattern_ops indexes; word prefixes use a GIN full-text index.
CREATE INDEX customers_phone_prefix_idx ON customers (phone text_pattern_ops);
CREATE INDEX customers_email_prefix_idx ON customers (lower(email) text_pattern_ops);
CREATE INDEX customers_name_words_idx ON customers USING gin (to_tsvector('simple', coalesce(name, '')));

-- Instances list filtered by current node or variant within one scenario, newest entries first, keyset by
-- (entered_at, id): each page is one index range however many runs the scenario has.
CREATE INDEX runs_scenario_node_idx ON runs (scenario_id, current_node_id, entered_at DESC, id);
CREATE INDEX runs_scenario_variant_idx ON runs (scenario_id, variant, entered_at DESC, id) WHERE variant IS NOT NULL;

-- The task queue: open and taken tasks per role, oldest first.
CREATE INDEX staff_tasks_queue_idx ON staff_tasks (role, status, created_at, id);
CREATE INDEX staff_task_comments_task_idx ON staff_task_comments (task_id, created_at);
