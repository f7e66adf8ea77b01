/** The workflows a worker registers (the bundle entry point). */
export { customerRun } from './customerRun';
export { audience } from './audience';
export { simulation } from './simulation';
