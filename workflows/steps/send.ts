import type { Step } from '../context';
import { deliver } from './deliver';

/** Sends on the first channel (then fallbacks) the customer is subscribed to with a contact; none → skipped. */
export const send: Step<'send'> = (node, ctx) => deliver(node, node.config, ctx);
