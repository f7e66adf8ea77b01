// A worker thread of the template pool (pool.ts) when the server runs from its TypeScript sources (`node --import
// tsx`, Vitest): plain JavaScript, so it starts the same way under any of them; it registers tsx itself, then loads
// the thread's TypeScript body. The compiled build starts dist/server/template-thread.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
