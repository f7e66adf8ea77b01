// The API, one line per area. createApp registers these modules in this order; within Hono's router the first
// registered match wins, so a fixed path (e.g. POST /api/scenarios/audience) sits in a module listed before the
// parameterised one it would otherwise fall under (/api/scenarios/{id} in scenarios.ts).
//
// Adding an area: write `server/api/routes/<area>.ts` exporting `register(app, deps)` whose routes are declared with
// `defineRoute` (server/api/route.ts), then add it here.
import type { App } from '../route';
import type { AppDeps } from '../deps';
import * as ab from './ab';
import * as abDecisions from './ab-decisions';
import * as audience from './audience';
import * as audit from './audit';
import * as auth from './auth';
import * as customersIngest from './customers-ingest';
import * as customersRead from './customers-read';
import * as docs from './docs';
import * as events from './events';
import * as health from './health';
import * as importFiles from './import';
import * as metrics from './metrics';
import * as moves from './moves';
import * as orders from './orders';
import * as reports from './reports';
import * as rfm from './rfm';
import * as runs from './runs';
import * as scenarios from './scenarios';
import * as segments from './segments';
import * as settings from './settings';
import * as simulate from './simulate';
import * as tags from './tags';
import * as tasks from './tasks';
import * as tokens from './tokens';
import * as unsubscribeLink from './unsubscribe-link';
import * as users from './users';
import * as webhooks from './webhooks';

/** A module that registers one area's routes. */
export interface RouteModule {
  register(app: App, deps: AppDeps): void;
}

export const ROUTES: ReadonlyArray<readonly [area: string, module: RouteModule]> = [
  ['GET /api/health — PostgreSQL, Temporal and worker status', health],
  ['GET /api/openapi.json, /api/docs — this table as OpenAPI and Swagger UI', docs],
  ['GET /metrics — Prometheus metrics for operators (METRICS_TOKEN or loopback)', metrics],
  ['/api/auth — sign in and out, the session, password change', auth],
  ['/api/users — staff accounts (admin)', users],
  ['/api/tokens — API tokens for integrations (admin)', tokens],
  ['/api/audit — who did what and when', audit],
  ['/api/settings — message prices, the communication policy (caps, deferral, global control group)', settings],
  ['POST /api/customers — customer ingest from the shop (API tokens)', customersIngest],
  ['POST /api/orders — order ingest, idempotent by id (API tokens)', orders],
  ['POST /api/events — custom events that start scenarios, idempotent by id (API tokens)', events],
  ['/api/import — CSV/XLSX files of customers and orders', importFiles],
  ['/api/customers — search and the customer card, consent withdrawal', customersRead],
  ['/api/scenarios/audience, …/{id}/audience — audience estimate, cost, customers to simulate', audience],
  ['/api/scenarios — drafts, versions, publish, export and import', scenarios],
  ['/api/scenarios/{id}/moves — the planner that moves live runs of older versions to the current one, its dry run, applied plans', moves],
  ['/api/scenarios/{id}/report, /api/reports/program — funnel, conversions, revenue, costs; every scenario and the whole program against the global control group', reports],
  ['/api/scenarios/{id}/ab — A/B results with intervals and significance', ab],
  ['/api/scenarios/{id}/ab/{nodeId}/winner, …/notices — roll an A/B winner out; marketers\' notices about a scenario', abDecisions],
  ['/api/runs — runs as flight recorders, and staff actions on them', runs],
  ['/api/tasks — the staff task queue', tasks],
  ['/api/simulate — dry runs on isolated data with time-skipping', simulate],
  ['/api/rfm — the RFM matrix, its cells and the reactivation overlay', rfm],
  ['/api/segments — built-in and saved segments', segments],
  ['/u/{token} — the unsubscribe link in messages (public)', unsubscribeLink],
  ['/api/settings/webhooks — named HTTPS endpoints the webhook node calls, their signing secrets (admin; names for marketers)', webhooks],
  ['GET /api/tags — tags in use with counts (suggestions for the update-customer node and conditions)', tags],
];
