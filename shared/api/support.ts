/**
 * Response shapes of the support desk API (server/api/routes/customers-read.ts, runs.ts, tasks.ts): the schemas the
 * routes declare and the OpenAPI document shows, and the types the server builds and the editor reads. Times are
 * ISO-8601 strings, as on the wire.
 */
import { z } from 'zod';
import { CHANNELS, NODE_TYPES } from '../scenario/schema';
import type { NodeType, ScenarioDocument } from '../scenario/schema';
import { CardType, CustomerRecord, OrderItem } from './customers';
import { ErrorBody } from './errors';
import { RUN_STATUSES, TASK_STATUSES } from './statuses';

export { RUN_ACTIONS, RUN_STATUSES, TASK_STATUSES, type RunAction } from './statuses';

export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const MessageStatus = z.enum(['pending', 'sent', 'sandbox', 'failed']);
export type MessageStatus = z.infer<typeof MessageStatus>;


export const CustomerHit = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    phone: z.string().nullable().meta({ example: '+79123456789' }),
    email: z.string().nullable(),
    city: z.string().nullable(),
    cardType: CardType,
    orderCount: z.number().int(),
    lastOrderAt: z.string().nullable(),
  })
  .meta({ id: 'CustomerHit' });
export type CustomerHit = z.infer<typeof CustomerHit>;

export const CustomerPage = z.object({ items: z.array(CustomerHit), nextCursor: z.string().nullable() });
export type CustomerPage = z.infer<typeof CustomerPage>;

export const RunSummary = z
  .object({
    id: z.string().meta({ description: 'The Temporal run id' }),
    workflowId: z.string().meta({ example: 'run:<scenarioId>:<customerId>' }),
    scenarioId: z.string(),
    scenarioName: z.string(),
    version: z.number().int().meta({ description: 'The version the run entered with; reports count the run there even after it moved' }),
    currentVersion: z.number().int().meta({ description: 'The version the run executes now: `version`, or the last version a move plan took it to' }),
    movedTo: z
      .array(z.number().int())
      .meta({ description: 'Versions move plans took the run to, in order (empty: it never moved); `[version, ...movedTo]` is every version it executed on' }),
    customerId: z.string(),
    customerName: z.string().nullable(),
    variant: z.string().nullable(),
    status: RunStatus,
    enteredAt: z.string(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
    currentNodeId: z.string().nullable().meta({ description: 'A node of `currentVersion`' }),
    nextWakeAt: z.string().nullable(),
  })
  .meta({ id: 'RunSummary' });
export type RunSummary = z.infer<typeof RunSummary>;

export const RunPage = z.object({ items: z.array(RunSummary), nextCursor: z.string().nullable() });
export type RunPage = z.infer<typeof RunPage>;

/** What changed a consent: a sync from the shop's systems, or an opt-out made in Comeback. */
export const ConsentSource = z.enum(['ingest', 'import', 'support', 'provider', 'unsubscribe_link']);
export type ConsentSource = z.infer<typeof ConsentSource>;

/** One change of a customer's consent on one channel (server/consent/). */
export const ConsentEntry = z.object({
  id: z.number().int(),
  channel: z.enum(CHANNELS),
  subscribed: z.boolean(),
  source: ConsentSource,
  actor: z
    .object({ kind: z.enum(['user', 'token']), name: z.string() })
    .nullable()
    .meta({ description: 'The staff member or API token behind it; null for providers and unsubscribe links' }),
  reason: z.string().nullable(),
  consentAt: z.string().nullable().meta({ description: "When the customer consented, as the shop's system stated it" }),
  at: z.string(),
});
export type ConsentEntry = z.infer<typeof ConsentEntry>;

export const CustomerCard = z
  .object({
    customer: CustomerRecord.meta({ description: 'Contacts, city, card type, time zone and `subscriptions` per channel' }),
    stats: z.object({
      orderCount: z.number().int(),
      totalSpent: z.number(),
      avgCheck: z.number().nullable(),
      firstOrderAt: z.string().nullable(),
      lastOrderAt: z.string().nullable(),
      avgDaysBetweenOrders: z.number().nullable(),
      favoriteCategory: z.string().nullable(),
    }),
    orders: z
      .array(
        z.object({
          id: z.string(),
          amount: z.number(),
          placedAt: z.string(),
          bonusSpent: z.number(),
          items: z.array(OrderItem),
        }),
      )
      .meta({ description: 'Latest 20 orders with items, newest first' }),
    bonus: z.object({
      balance: z.number().int(),
      expiring: z.array(z.object({ grantId: z.number().int(), remaining: z.number().int(), expiresAt: z.string().nullable() })),
      ledger: z.array(
        z.object({
          id: z.number().int(),
          kind: z.enum(['grant', 'redeem', 'expire']),
          points: z.number().int(),
          at: z.string(),
          expiresAt: z.string().nullable(),
          reason: z.string().nullable(),
          orderId: z.string().nullable(),
          runId: z.string().nullable(),
        }),
      ),
    }),
    messages: z
      .array(
        z.object({
          id: z.number().int(),
          channel: z.enum(CHANNELS),
          recipient: z.string(),
          subject: z.string().nullable(),
          text: z.string(),
          status: MessageStatus,
          provider: z.string(),
          error: z.string().nullable(),
          segments: z.number().int().nullable(),
          cost: z.number(),
          createdAt: z.string(),
          sentAt: z.string().nullable(),
          runId: z.string().nullable(),
          scenarioId: z.string().nullable(),
          nodeId: z.string().nullable(),
        }),
      )
      .meta({ description: 'Latest 50 messages: rendered text, channel, status, cost' }),
    tasks: z.array(
      z.object({
        id: z.number().int(),
        text: z.string(),
        status: TaskStatus,
        role: z.string(),
        outcome: z.string().nullable(),
        createdAt: z.string(),
        closedAt: z.string().nullable(),
        runId: z.string().nullable(),
        scenarioName: z.string().nullable(),
      }),
    ),
    runs: z
      .array(
        RunSummary.omit({ workflowId: true, customerId: true, customerName: true }).extend({
          currentNode: z.object({ type: z.enum(NODE_TYPES as [NodeType, ...NodeType[]]), label: z.string().nullable() }).nullable(),
        }),
      )
      .meta({ description: 'Every run, live first, with scenario name, version, variant and status' }),
    consent: z
      .array(ConsentEntry)
      .meta({ description: 'Latest 100 consent changes, newest first: channel, subscribed, source, actor (staff member or API token), reason, consentAt, at' }),
    controlGroup: z
      .object({
        member: z.boolean().meta({ description: 'In the global control group of the policy in force: gets no marketing message from any scenario' }),
        sharePct: z.number().meta({ description: "The group's share of all customers (0: there is none)" }),
      })
      .meta({ description: 'Global control group membership (a stable hash of the customer id)' }),
    entrySkips: z
      .array(
        z.object({
          scenarioId: z.string(),
          scenarioName: z.string(),
          day: z.string().meta({ description: "The firing's local day in the scenario's zone (YYYY-MM-DD)" }),
          at: z.string(),
          reason: z.enum(['control', 'exclusive_running', 'exclusive_priority']),
          otherScenarioId: z.string().nullable(),
          otherScenarioName: z.string().nullable(),
        }),
      )
      .meta({ description: "Latest 20 times the customer was in a scenario's audience but did not enter, newest first, with why" }),
    profileChanges: z
      .array(
        z.object({
          at: z.string(),
          scenarioId: z.string().nullable(),
          scenarioName: z.string().nullable(),
          runId: z.string().nullable(),
          nodeId: z.string().nullable(),
          changed: z.array(z.string()).meta({ description: 'What changed, in words («добавлен тег «звонили»»)' }),
        }),
      )
      .meta({ description: 'Latest 20 changes of tags and attributes made by scenarios, newest first' }),
  })
  .meta({ id: 'CustomerCard' });
export type CustomerCard = z.infer<typeof CustomerCard>;

export const UnsubscribeRequest = z.object({ channel: z.enum(CHANNELS) });
export type UnsubscribeRequest = z.input<typeof UnsubscribeRequest>;
export const UnsubscribeResult = z.object({ channel: z.enum(CHANNELS), changed: z.boolean().meta({ description: 'false when already unsubscribed' }) });
export type UnsubscribeResult = z.infer<typeof UnsubscribeResult>;

export const ResendResult = z.object({ originalId: z.number().int(), messageId: z.number().int(), status: z.enum(['sent', 'sandbox', 'failed']), error: z.string().nullable() });
export type ResendResult = z.infer<typeof ResendResult>;

/** A failed message's one resend: the new message and its status (in the 409 `already_resent` answer). */
export const EarlierResend = z.object({ messageId: z.number().int(), status: MessageStatus });
export type EarlierResend = z.infer<typeof EarlierResend>;

/** The 409 answer of POST /api/messages/{id}/resend: the error, and with `already_resent` the earlier resend. */
export const ResendConflict = z
  .object({
    error: ErrorBody.shape.error.extend({
      resend: EarlierResend.optional().meta({ description: 'With `already_resent`: the earlier resend of this message and its status' }),
    }),
  })
  .meta({ id: 'ResendConflict' });
export type ResendConflict = z.infer<typeof ResendConflict>;

export const RunStep = z.object({
  id: z.number().int(),
  nodeId: z.string().meta({ description: 'A node of `version`: a run that moved may pass nodes of the same id on two versions' }),
  nodeType: z.string(),
  at: z.string(),
  outcome: z.string().meta({ description: '`moved`: the run left this node of `version` for another version (see `data`)' }),
  port: z.string().nullable(),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  version: z.number().int().meta({ description: 'The version the step was taken on' }),
});
export type RunStep = z.infer<typeof RunStep>;

/** The document is described as an object in OpenAPI (its schema is ARCHITECTURE.md §3) and typed for readers here. */
const RunDocument = (description: string) => z.any().meta({ description, type: 'object' }) as unknown as z.ZodType<ScenarioDocument>;

/** One move of a run to another version by a marketer's move plan, read from its `moved` journal step. */
export const RunMove = z
  .object({
    stepId: z.number().int().meta({ description: 'The `moved` step in `steps`' }),
    at: z.string(),
    planId: z.string().nullable(),
    fromVersion: z.number().int(),
    fromNodeId: z.string(),
    toVersion: z.number().int(),
    toNodeId: z.string().nullable(),
    by: z.string().nullable().meta({ description: 'Who applied the plan' }),
  })
  .meta({ id: 'RunMove' });
export type RunMove = z.infer<typeof RunMove>;

export const RunDetail = z
  .object({
    run: RunSummary,
    document: RunDocument('The scenario/v1 document of the version the run executes now (`run.currentVersion`)'),
    versions: z
      .array(z.object({ version: z.number().int(), document: RunDocument('The scenario/v1 document of this version') }))
      .meta({ description: 'Every version the run executed on, in order: the one it entered with, then each one it moved to' }),
    moves: z.array(RunMove).meta({ description: 'Its moves between versions, in order (empty: it never moved)' }),
    timezone: z.string().meta({ description: 'Time zone of the current version' }),
    steps: z.array(RunStep),
    path: z
      .array(z.object({ nodeId: z.string(), port: z.string().nullable(), at: z.string(), version: z.number().int() }))
      .meta({ description: 'Nodes in the order the run passed them, the port it left each by, and the version each was a node of' }),
    currentNodeId: z.string().nullable().meta({ description: 'A node of `run.currentVersion`' }),
    nextWakeAt: z.string().nullable(),
    source: z.enum(['workflow', 'table']).meta({ description: '`workflow`: current node and wake-up answered by the live workflow' }),
    temporalUrl: z.string().nullable().meta({ description: 'The workflow in the Temporal Web UI' }),
  })
  .meta({ id: 'RunDetail' });
export type RunDetail = z.infer<typeof RunDetail>;

export const RunActionRequest = z.object({ reason: z.string().max(500).optional().meta({ description: 'Why, for the journal (exit and convert)' }) });
export type RunActionRequest = z.input<typeof RunActionRequest>;
export const RunActionResult = z.object({ run: RunSummary });
export type RunActionResult = z.infer<typeof RunActionResult>;

export const StaffTask = z
  .object({
    id: z.number().int(),
    text: z.string(),
    status: TaskStatus,
    role: z.string(),
    outcome: z.string().nullable(),
    createdAt: z.string(),
    takenAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    customer: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() }),
    scenario: z.object({ id: z.string(), name: z.string() }).nullable(),
    runId: z.string().nullable(),
    nodeId: z.string().nullable(),
    assignee: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    comments: z.array(z.object({ id: z.number().int(), text: z.string(), at: z.string(), author: z.string().nullable() })),
  })
  .meta({ id: 'StaffTask' });
export type StaffTask = z.infer<typeof StaffTask>;

export const TaskList = z.object({ items: z.array(StaffTask) });
export type TaskList = z.infer<typeof TaskList>;
/** Bodies of POST /api/tasks/{id}/comment and …/close. */
export const TaskComment = z.object({ text: z.string().trim().min(1).max(2000) });
export type TaskComment = z.input<typeof TaskComment>;
export const TaskClose = z.object({ outcome: z.string().trim().min(1).max(500).meta({ example: 'Дозвонились, придёт в субботу' }) });
export type TaskClose = z.input<typeof TaskClose>;
export const TaskChangeResult = z.object({ task: StaffTask });
export type TaskChangeResult = z.infer<typeof TaskChangeResult>;
