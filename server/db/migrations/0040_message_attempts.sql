-- Send attempts on the outbox (server/channels/outbox.ts). An attempt claims a pending message by stamping
-- attempt_started_at; a concurrent retry of the same activity sees the fresh stamp and backs off instead of
-- sending a second copy. A stamp older than the lease means the attempt died, and the message may be retried.
ALTER TABLE messages
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN attempt_started_at timestamptz;

-- The "in flight / failed" views of the outbox look only at unfinished messages.
CREATE INDEX messages_pending_idx ON messages (created_at) WHERE status = 'pending';
