import type { Step } from '../context';

/** The trigger is passed when the audience enrols the customer; a run never waits on it. */
export const dailyTrigger: Step<'dailyTrigger'> = async () => ({ outcome: 'out', port: 'out' });
