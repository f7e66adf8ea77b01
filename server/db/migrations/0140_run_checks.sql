-- Reconciliation of runs with Temporal (server/temporal/reconcile.ts): when a live run was last compared with its
-- workflow. A pass takes the least recently checked live runs, so every one is checked in turn.
ALTER TABLE runs ADD COLUMN checked_at timestamptz;
CREATE INDEX runs_live_checked_idx ON runs (checked_at NULLS FIRST) WHERE status = 'running';
