import { z } from 'zod';
import { DEFAULT_TIME_ZONE } from '../i18n/format';
import { NODE_SPECS, type NodeType } from './nodes';
import { TimeOfDaySchema } from './nodes/time';

/**
 * The `scenario/v1` document: what the editor saves, the server stores, versions and compiles,
 * and users import and export. The contract is ARCHITECTURE.md §3. Node configs live with their
 * node type in ./nodes/<type>.ts.
 */

export { CHANNELS, ChannelSchema, type Channel } from './nodes/message';
export { NODE_TYPES, NODE_SPECS, TRIGGER_TYPES, isTrigger, isEventTrigger, type NodeType, type TriggerType } from './nodes';

export type NodeConfig<T extends NodeType = NodeType> = z.infer<(typeof NODE_SPECS)[T]['config']>;

export const NodeIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');

export const PositionSchema = z.object({ x: z.number(), y: z.number() });

const nodeOf = <T extends NodeType>(type: T) =>
  z.strictObject({
    id: NodeIdSchema,
    type: z.literal(type),
    /** Optional marketer-given name shown on the canvas instead of the generated summary. */
    label: z.string().max(120).optional(),
    position: PositionSchema.optional(),
    config: NODE_SPECS[type].config as (typeof NODE_SPECS)[T]['config'],
  });

export const NodeSchema = z.discriminatedUnion('type', [
  nodeOf('dailyTrigger'),
  nodeOf('orderTrigger'),
  nodeOf('eventTrigger'),
  nodeOf('bonusExpiryTrigger'),
  nodeOf('birthdayTrigger'),
  nodeOf('segmentTrigger'),
  nodeOf('filter'),
  nodeOf('frequencyLimit'),
  nodeOf('send'),
  nodeOf('wait'),
  nodeOf('waitForPurchase'),
  nodeOf('checkOrders'),
  nodeOf('grantBonus'),
  nodeOf('reminder'),
  nodeOf('abSplit'),
  nodeOf('task'),
  // `exit` has no config; accept it missing.
  nodeOf('exit').extend({ config: NODE_SPECS.exit.config.default({}) }),
  nodeOf('waitUntil'),
  nodeOf('webhook'),
  nodeOf('updateCustomer'),
]);
export type ScenarioNode = z.infer<typeof NodeSchema>;
export type NodeOf<T extends NodeType> = Extract<ScenarioNode, { type: T }>;

export const EdgeSchema = z.strictObject({
  from: NodeIdSchema,
  port: z.string().min(1).max(64),
  to: NodeIdSchema,
});
export type ScenarioEdge = z.infer<typeof EdgeSchema>;

/** A scenario's zone when it names none: the product's one default (shared/i18n). */
export const DEFAULT_TIMEZONE = DEFAULT_TIME_ZONE;

export const SettingsSchema = z.strictObject({
  timezone: z.string().default(DEFAULT_TIMEZONE),
  quietHours: z.strictObject({ start: TimeOfDaySchema, end: TimeOfDaySchema }).optional(),
  stopOnPurchase: z.boolean().default(true),
  conversionWindowDays: z.number().int().min(1).max(365).default(30),
  budget: z
    .strictObject({
      avgCheck: z.number().positive(),
      marginPct: z.number().gt(0).max(100),
      maxShareOfMarginPct: z.number().gt(0).max(100),
    })
    .optional(),
  /**
   * Among scenarios of one exclusivity group, the one with the higher priority takes a customer who qualifies for
   * several on the same day (absent: 50; ties go to the older scenario).
   */
  priority: z.number().int().min(1).max(100).optional(),
  /** Scenarios with the same group never hold one customer at the same time (issue 14). */
  exclusivityGroup: z.string().trim().min(1).max(60).optional(),
});
export type ScenarioSettings = z.infer<typeof SettingsSchema>;

/** A scenario's priority when its settings name none (ScenarioSettings.priority). */
export const DEFAULT_PRIORITY = 50;

/** More nodes than this is refused outright (a scenario is a chain of touches, not a program). */
export const MAX_NODES = 1000;

export const ScenarioDocumentSchema = z.strictObject({
  format: z.literal('scenario/v1'),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  settings: SettingsSchema.default({ timezone: DEFAULT_TIMEZONE, stopOnPurchase: true, conversionWindowDays: 30 }),
  nodes: z.array(NodeSchema).max(MAX_NODES),
  edges: z.array(EdgeSchema).max(MAX_NODES * 5),
});
export type ScenarioDocument = z.infer<typeof ScenarioDocumentSchema>;
/** The document as people write it (defaults not yet applied). */
export type ScenarioDocumentInput = z.input<typeof ScenarioDocumentSchema>;
