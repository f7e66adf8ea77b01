import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { errorClass, type Metrics } from '../infra/metrics';

/**
 * An activity interceptor that counts every attempt that throws, by activity type and error class
 * (comeback_activity_failures_total). Each retry that fails counts again: the rate shows how much work fails, and the
 * Temporal SDK's own temporal_activity_execution_failed_total counts the same attempts without the error class.
 */
export function countActivityFailures(metrics: Metrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          metrics.activityFailures.inc({ activity_type: ctx.info.activityType, error: errorClass(error) });
          throw error;
        }
      },
    },
  });
}
