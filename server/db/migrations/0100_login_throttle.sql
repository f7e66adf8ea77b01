-- Login throttling (server/auth/loginThrottle.ts), shared by every API process. One row per counter:
--   'client'  — one client address against one account, key '<address> <email>' (addresses contain no spaces);
--   'address' — one client address against any account, key '<address>';
--   'account' — every address against one account, key '<email>'.
-- An attempt is counted by one INSERT … ON CONFLICT DO UPDATE before the password is checked. Rows past
-- expires_at are deleted lazily at sign-in.
CREATE TABLE login_attempts (
  kind            text NOT NULL CHECK (kind IN ('client', 'address', 'account')),
  key             text NOT NULL,
  attempts        integer NOT NULL,     -- attempts counted since the counter was last cleared
  last_attempt_at timestamptz NOT NULL, -- when the last counted attempt was admitted
  signed_in_at    timestamptz,          -- 'client' rows: the last successful sign-in from this address
  expires_at      timestamptz NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX login_attempts_expires_idx ON login_attempts (expires_at);
