import type { Step } from '../context';

export const exit: Step<'exit'> = async () => ({ outcome: 'exit', port: null, reason: 'выход из сценария' });
