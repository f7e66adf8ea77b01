-- Scenario lifecycle (server/scenarios/lifecycle.ts).
-- published_revision: the draft revision the current version was published from, so the editor can tell
--   "unpublished changes" apart from "live as shown".
-- transition_started_at: a publish/pause/resume/archive in progress claims the scenario with this stamp while it
--   talks to the runtime (no transaction is held open across that call); a stamp older than the lease belongs to
--   a process that died, and the next transition may take over.
ALTER TABLE scenarios
  ADD COLUMN published_revision integer,
  ADD COLUMN transition_started_at timestamptz;

CREATE INDEX scenarios_status_updated_idx ON scenarios (status, updated_at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
