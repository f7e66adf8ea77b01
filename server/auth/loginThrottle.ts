import type { Sql } from '../db/client';

/**
 * Brakes on password guessing, kept in the `login_attempts` table so that every API process shares them.
 *
 * Each sign-in attempt must pass three counters before its password is checked. Each counter is one atomic
 * upsert, so parallel guesses cannot slip past a count. They are checked in this order:
 * - client (one address, one account): 5 attempts, then one attempt per 1, 2, 4 … minutes (at most 15). An
 *   attacker's own address is slowed down hard.
 * - address (one address, any account): 30 attempts, then the same back-off. This stops one address from trying
 *   a password on many accounts, or from keeping the CPU busy with password hashing.
 * - account (every address, one account): 10 attempts, then one attempt per 1, 2, 4 … seconds, at most 30. A
 *   network of guessers gets about 2 guesses a minute, but the owner is only ever delayed by seconds, never locked
 *   out. Addresses that signed in to the account within 30 days skip this brake, so someone else's guessing does
 *   not slow the owner down at their usual address.
 * A refused attempt is not counted anywhere: counters that admitted it give the attempt back. This way, waiting
 * for the account brake does not use up the owner's own allowance, and a client cannot push the account brake
 * by hammering its own closed counter. A success clears the client counter and gives the attempt back to the
 * others. A counter restarts after an hour without attempts.
 */
type Kind = 'client' | 'address' | 'account';

export interface Counter {
  kind: Kind;
  key: string;
}

interface Brake {
  /** Attempts admitted without waiting. */
  free: number;
  /** The wait after the last free attempt; it doubles with each further attempt, up to `maxWaitMs`. */
  firstWaitMs: number;
  maxWaitMs: number;
}

const MINUTE = 60_000;
const BRAKES: Record<Kind, Brake> = {
  client: { free: 5, firstWaitMs: MINUTE, maxWaitMs: 15 * MINUTE },
  address: { free: 30, firstWaitMs: MINUTE, maxWaitMs: 15 * MINUTE },
  account: { free: 10, firstWaitMs: 1000, maxWaitMs: 30_000 },
};
/** A counter restarts after this long without attempts (longer than any wait, so a wait always ends). */
const FORGET_AFTER_MS = 60 * MINUTE;
/** An address the account signed in from is trusted to skip the account brake for this long. */
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * MINUTE;

export type LoginAdmission = { admitted: true; counted: Counter[] } | { admitted: false; retryAfterSeconds: number };

/** Counts a sign-in attempt for `email` from `address`; check the password only when it is admitted. */
export async function admitLoginAttempt(sql: Sql, email: string, address: string): Promise<LoginAdmission> {
  const counters: Counter[] = [
    { kind: 'client', key: `${address} ${email}` },
    { kind: 'address', key: address },
    { kind: 'account', key: email },
  ];
  const counted: Counter[] = [];
  let knownAddress = false;
  for (const counter of counters) {
    if (counter.kind === 'account' && knownAddress) continue;
    const result = await count(sql, counter);
    if (!result.admitted) {
      for (const taken of counted) await giveBack(sql, taken);
      return result;
    }
    counted.push(counter);
    knownAddress ||= result.knownAddress;
  }
  return { admitted: true, counted };
}

/** After the right password: the client's counter is cleared, the others get the attempt back. */
export async function loginSucceeded(sql: Sql, counted: Counter[]): Promise<void> {
  for (const counter of counted) {
    if (counter.kind === 'client') {
      await sql`
        UPDATE login_attempts
           SET attempts = 0, signed_in_at = clock_timestamp(), expires_at = greatest(expires_at, clock_timestamp() + ${millis(sql, KNOWN_ADDRESS_MS)})
         WHERE kind = 'client' AND key = ${counter.key}`;
    } else {
      await giveBack(sql, counter);
    }
  }
  // Sign-ins are rare enough to sweep forgotten counters here, instead of running a separate clean-up job.
  await sql`DELETE FROM login_attempts WHERE expires_at < clock_timestamp()`;
}

type CountResult = { admitted: true; knownAddress: boolean } | { admitted: false; retryAfterSeconds: number };

async function count(sql: Sql, { kind, key }: Counter): Promise<CountResult> {
  const brake = BRAKES[kind];
  const forget = millis(sql, FORGET_AFTER_MS);
  // clock_timestamp(), not now(): a statement that waited for the row lock must compare with the time it got it.
  // The WHERE makes a refused attempt change nothing; the statement then returns no row.
  const [row] = await sql<{ known_address: boolean | null }[]>`
    INSERT INTO login_attempts AS a (kind, key, attempts, last_attempt_at, expires_at)
    VALUES (${kind}, ${key}, 1, clock_timestamp(), clock_timestamp() + ${forget})
    ON CONFLICT (kind, key) DO UPDATE SET
      attempts = CASE WHEN a.last_attempt_at < clock_timestamp() - ${forget} THEN 1 ELSE a.attempts + 1 END,
      last_attempt_at = clock_timestamp(),
      expires_at = greatest(a.expires_at, clock_timestamp() + ${forget})
    WHERE a.last_attempt_at + ${waitAfter(sql, brake)} <= clock_timestamp()
    RETURNING a.signed_in_at > clock_timestamp() - ${millis(sql, KNOWN_ADDRESS_MS)} AS known_address`;
  if (row) return { admitted: true, knownAddress: row.known_address === true };
  const [wait] = await sql<{ seconds: number }[]>`
    SELECT ceil(extract(epoch FROM a.last_attempt_at + ${waitAfter(sql, brake)} - clock_timestamp()))::int AS seconds
      FROM login_attempts a WHERE kind = ${kind} AND key = ${key}`;
  return { admitted: false, retryAfterSeconds: Math.max(1, wait?.seconds ?? 1) };
}

/** The wait a counter imposes after `a.attempts` attempts: none within the free allowance, then doubling up to the cap. */
function waitAfter(sql: Sql, brake: Brake) {
  return sql`(CASE WHEN a.attempts < ${brake.free}::int THEN 0
                   ELSE least(${brake.maxWaitMs}::float8, ${brake.firstWaitMs}::float8 * power(2, least(a.attempts - ${brake.free}::int, 30)))
              END * interval '1 millisecond')`;
}

async function giveBack(sql: Sql, { kind, key }: Counter): Promise<void> {
  await sql`UPDATE login_attempts SET attempts = greatest(attempts - 1, 0) WHERE kind = ${kind} AND key = ${key}`;
}

function millis(sql: Sql, ms: number) {
  return sql`(${ms}::float8 * interval '1 millisecond')`;
}
