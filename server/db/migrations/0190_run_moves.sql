-- Live scenario evolution (server/moves/): a marketer's plan moves live runs of older versions to the current one,
-- node by node (move / exit / stay). The run applies it at its next safe point and continues as new on the new
-- version; `runs.version` stays the version it entered with (reports count the run there), `plan_version` is the
-- version it executes now, `leg` how many times it moved (journal keys of later legs carry it, so a node id that
-- exists in both versions is journaled again on the new one). `run_steps.version`: the version a step was taken on.
ALTER TABLE runs
  ADD COLUMN plan_version integer,
  ADD COLUMN leg integer NOT NULL DEFAULT 0;
ALTER TABLE run_steps ADD COLUMN version integer;

CREATE TABLE move_plans (
  id              uuid PRIMARY KEY,
  scenario_id     uuid NOT NULL REFERENCES scenarios (id),
  to_version      integer NOT NULL,
  -- { "<from version>": { "<node id>": { "action": "move", "to": "<node id>" } | { "action": "exit" } } }
  choices         jsonb NOT NULL,
  -- What the planner showed when the plan was applied: runs per version and node, the dry run's totals.
  expected        jsonb NOT NULL,
  created_by      bigint REFERENCES users (id),
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX move_plans_scenario_idx ON move_plans (scenario_id, created_at DESC);

-- One row per live run a plan concerns: an outbox of `moveRun` signals (pending → signalled), then the run's own
-- answer at its safe point (moved / exited / stayed), `finished` when it ended before reaching one, `superseded`
-- when another plan reached it first (it answers one plan; a later one for the version it left does not apply).
CREATE TABLE run_moves (
  plan_id          uuid NOT NULL REFERENCES move_plans (id),
  run_id           text NOT NULL REFERENCES runs (id),
  workflow_id      text NOT NULL,
  from_version     integer NOT NULL,
  from_node_id     text,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signalled', 'moved', 'exited', 'stayed', 'finished', 'superseded')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  resolved_at      timestamptz,
  resolved_node_id text,
  -- The run's leg when it answered: a leg ends with at most one move or exit, whichever plan it came from.
  resolved_leg     integer,
  to_node_id       text,
  PRIMARY KEY (plan_id, run_id)
);
CREATE INDEX run_moves_due_idx ON run_moves (next_attempt_at) WHERE status = 'pending';
CREATE INDEX run_moves_open_idx ON run_moves (plan_id) WHERE status IN ('pending', 'signalled');
CREATE INDEX run_moves_run_idx ON run_moves (run_id);
