-- Auth additions: a visible token prefix so admins can tell tokens apart without the secret, and indexes for
-- session clean-up and the audit log's per-user view.
ALTER TABLE api_tokens ADD COLUMN prefix text;
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at) WHERE user_id IS NOT NULL;
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
