import type { AudienceActivities, RuntimeActivities } from '../../workflows/activities';
import type { SimulationActivities } from '../../workflows/simulation';
import { audienceActivities } from './audience';
import { bonusActivities } from './bonus';
import { customerUpdateActivities } from './customerUpdates';
import type { ActivityDeps } from './deps';
import { messageActivities } from './messages';
import { moveActivities } from './moves';
import { readActivities } from './reads';
import { runActivities } from './runs';
import { simulationActivities } from './simulation';
import { taskActivities } from './tasks';
import { webhookActivities } from './webhooks';

export type { ActivityDeps } from './deps';

export type AllActivities = RuntimeActivities & AudienceActivities & SimulationActivities;

/** Every activity the workflows call, bound to one database, one Temporal client and one set of channels. */
export function createActivities(deps: ActivityDeps): AllActivities {
  return {
    ...runActivities(deps),
    ...readActivities(deps),
    ...messageActivities(deps),
    ...moveActivities(deps),
    ...bonusActivities(deps),
    ...taskActivities(deps),
    ...audienceActivities(deps),
    ...simulationActivities(deps),
    ...webhookActivities(deps),
    ...customerUpdateActivities(deps),
  };
}
