import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export type LogFormat = 'json' | 'text';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  /** `json`: one JSON object per line (for log collectors); `text`: one readable line (for a terminal). */
  format?: LogFormat;
  level?: LogLevel;
  /** Where lines go; default stdout. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

/**
 * A pino logger whose JSON lines carry `time` (ISO-8601), `level` (as a word), `msg` and the fields given, e.g.
 * `{"level":"info","time":"2026-11-30T02:31:05.120Z","pid":4242,"hostname":"shop-1","reqId":"…","msg":"request"}`.
 * The `text` format renders the same records as `02:31:05 INFO  request method=GET …`.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? 'json';
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    format === 'text' ? textLines(destination) : destination,
  );
}

/**
 * LOG_FORMAT (`json` | `text`) and LOG_LEVEL from the environment. Without LOG_FORMAT: readable lines when stdout is
 * a terminal, JSON otherwise (a service manager, a container, a pipe into a log shipper).
 */
export function loggerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, stdoutIsTty = Boolean(process.stdout.isTTY)): LoggerOptions {
  const format = env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'text' ? env.LOG_FORMAT : stdoutIsTty ? 'text' : 'json';
  const levels: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
  const level = levels.find((l) => l === env.LOG_LEVEL) ?? 'info';
  return { format, level };
}

/** The process's logger. Everything operational in `server/` logs through it (or a child of it). */
export const log: Logger = createLogger(loggerOptionsFromEnv());

/** A `(line) => void` callback, as older helpers take, that writes to `logger` at `level`. */
export function lineLogger(logger: Logger, level: 'info' | 'warn' | 'error' = 'info'): (line: string) => void {
  return (line) => logger[level](line);
}

/** Fields every record has; the text format shows them in its own way or not at all. */
const FRAME = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'err']);

/** Turns pino's JSON lines into `HH:MM:SS LEVEL msg key=value …` (and an error's stack below it). */
function textLines(destination: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line);
      } catch {
        destination.write(line);
        return;
      }
      destination.write(`${formatText(record)}\n`);
    },
  };
}

/** One record as a terminal line. Exported for tests. */
export function formatText(record: Record<string, unknown>): string {
  const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
  const level = String(record.level ?? '').toUpperCase().padEnd(5);
  const fields = Object.entries(record)
    .filter(([key, value]) => !FRAME.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`);
  let text = [time, level, String(record.msg ?? ''), ...fields].filter(Boolean).join(' ');
  const err = record.err as { stack?: string; message?: string } | undefined;
  if (err) text += `\n    ${(err.stack ?? err.message ?? String(err)).replace(/\n/g, '\n    ')}`;
  return text;
}
