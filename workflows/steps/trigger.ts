import type { StepResult } from '../context';

/** A trigger (of any type) is passed when the customer enters; a run never waits on it. */
export const trigger = async (): Promise<StepResult> => ({ outcome: 'out', port: 'out' });
