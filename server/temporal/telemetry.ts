import type { Logger as TemporalLogger, LogLevel as TemporalLogLevel, LogMetadata } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import { freePort } from '../infra/freePort';
import type { Logger } from '../infra/log';

export interface TemporalTelemetry {
  /** The SDK's Prometheus endpoint on loopback (worker and client metrics, `temporal_…`), scraped into /metrics. */
  metricsUrl: string;
}

/**
 * Installs the Temporal SDK's process-wide Runtime: its logs (worker lifecycle, activity failures, workflow
 * `log.*`) go to our logger, and its metrics to a Prometheus endpoint on a free loopback port that /metrics reads
 * and appends (server/infra/metrics.ts). Must run before the first NativeConnection or Worker of the process: the
 * Runtime is created then, and its options cannot change afterwards.
 */
export async function installTemporalTelemetry(logger: Logger, options: { metricsPort?: number } = {}): Promise<TemporalTelemetry> {
  const port = options.metricsPort || (await freePort());
  const bindAddress = `127.0.0.1:${port}`;
  Runtime.install({
    logger: temporalLogger(logger.child({ component: 'temporal' })),
    telemetryOptions: {
      // Counters end in _total and durations are in seconds, as Prometheus conventions (and our metrics) have it.
      metrics: { prometheus: { bindAddress, countersTotalSuffix: true, useSecondsForDurations: true } },
    },
  });
  return { metricsUrl: `http://${bindAddress}/metrics` };
}

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** The SDK's Logger interface over pino; the SDK's `error` field becomes pino's `err`, so its stack is kept. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const write = (level: TemporalLogLevel, message: string, meta?: LogMetadata) => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(meta ?? {})) fields[key === 'error' ? 'err' : key] = value;
    logger[LEVELS[level]](fields, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
