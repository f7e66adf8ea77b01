/**
 * The scenario report and A/B results (server/api/routes/reports.ts, ab.ts), computed by server/analytics and shown by
 * the editor's analytics screens. Times are ISO-8601 strings; money in roubles.
 */
import { z } from 'zod';
import type { ScenarioDocument } from '../scenario/schema';

const Text = z.object({ ru: z.string(), en: z.string() });

export const ReportTotals = z.object({
  /** A customer who entered twice counts twice. */
  entered: z.number().int().meta({ description: 'Runs (entries) in scope' }),
  customers: z.number().int(),
  /** Runs that converted: an order within the window after entry, or ended as `converted`. */
  returned: z.number().int().meta({ description: 'Runs with an order after entry within conversionWindowDays, or ended as converted' }),
  /** Of those, converted by status only (e.g. marked by support) with no order in the window. */
  returnedWithoutOrder: z.number().int(),
  /** Null without entries. */
  reactivationRate: z.number().nullable().meta({ description: 'returned ÷ entered × 100' }),
  revenue: z.number().meta({ description: 'Sum of the orders inside each run’s conversion window, ₽' }),
  orders: z.number().int(),
  bonusGranted: z.number().int(),
  bonusSpent: z.number().int().meta({ description: 'Redemptions of the points these runs granted' }),
  messagesSent: z.number().int(),
  messageCost: z.number(),
  cost: z.number().meta({ description: 'messageCost + bonusSpent × 1 ₽' }),
  /** cost ÷ returned; null when nobody returned. */
  costPerReactivated: z.number().nullable(),
});
export type ReportTotals = z.infer<typeof ReportTotals>;

export const FunnelNode = z.object({
  nodeId: z.string(),
  type: z.string(),
  name: z.string(),
  /** Runs that reached the node (any journal line at it). */
  reached: z.number().int(),
  ports: z.array(z.object({ port: z.string(), count: z.number().int() })),
  messages: z.object({ sent: z.number().int(), failed: z.number().int(), cost: z.number() }),
});
export type FunnelNode = z.infer<typeof FunnelNode>;

export const ChannelCost = z.object({ channel: z.string(), sent: z.number().int(), failed: z.number().int(), cost: z.number() });
export type ChannelCost = z.infer<typeof ChannelCost>;

export const DayPoint = z.object({
  /** Local day in the scenario's time zone. */
  day: z.string(),
  entered: z.number().int(),
  returned: z.number().int(),
  revenue: z.number(),
  cost: z.number(),
});
export type DayPoint = z.infer<typeof DayPoint>;

const Interval = z.object({ low: z.number(), high: z.number() }).nullable();

/** One group of a comparison with the global control group (issue 14). */
export const ControlGroupFigures = z.object({
  customers: z.number().int().meta({ description: 'Distinct customers (their first moment in the period)' }),
  returned: z.number().int().meta({ description: 'Of them, with an order within the conversion window after that moment' }),
  share: z.number().nullable().meta({ description: 'returned ÷ customers, 0–1' }),
  shareCi: Interval.meta({ description: '95% Wilson interval' }),
  revenue: z.number().meta({ description: 'Orders inside each customer’s window, ₽' }),
  revenuePerCustomer: z.number().nullable(),
  /** Customers whose window has not closed yet (their outcome can still change). */
  openWindows: z.number().int(),
});
export type ControlGroupFigures = z.infer<typeof ControlGroupFigures>;

/**
 * Customers who entered (treated) against control-group customers whom the same audience selected (control), with
 * the verdict (shared/stats/program.ts computes it). Incremental figures are null while there is not enough data.
 */
export const ControlComparison = z
  .object({
    treated: ControlGroupFigures,
    control: ControlGroupFigures,
    /** Conversion window, days: the scenario's (per version: the longest shown), or the program's. */
    windowDays: z.number().int(),
    /** The first moment counted: the period's start, or later when the control group was switched on later. */
    countedFrom: z.string().nullable(),
    difference: z.number().nullable().meta({ description: 'Returned share, treated − control (0.1 = +10 pp)' }),
    differenceCi: Interval.meta({ description: '95% Newcombe hybrid score interval' }),
    relativeUplift: z.number().nullable().meta({ description: 'treated ÷ control share − 1' }),
    revenueDifference: z.number().nullable().meta({ description: 'Revenue per customer, treated − control, ₽' }),
    revenueDifferenceCi: Interval.meta({ description: '95% Welch interval' }),
    incrementalReturns: z.number().nullable().meta({ description: 'difference × treated customers' }),
    incrementalReturnsCi: Interval,
    incrementalRevenue: z.number().nullable().meta({ description: 'revenueDifference × treated customers, ₽' }),
    incrementalRevenueCi: Interval,
    cost: z.number().meta({ description: 'Messages + bonus points spent of the entries in the period, ₽' }),
    costPerIncrementalReturn: z
      .number()
      .nullable()
      .meta({ description: 'cost ÷ incrementalReturns, only when the difference’s interval is above zero (null: not measurable)' }),
    costPerIncrementalReturnCi: Interval,
    requiredControl: z.number().int().nullable().meta({ description: 'Control customers needed for 80% power to see the minimum uplift' }),
    stillNeeded: z.number().int().nullable().meta({ description: 'How many more control customers are needed (0: enough)' }),
    verdict: z.enum(['better', 'worse', 'no_difference', 'not_enough_data', 'no_control_group']),
    text: Text,
  })
  .meta({ id: 'ControlComparison' });
export type ControlComparison = z.infer<typeof ControlComparison>;

/** The version's document for the funnel canvas: an object in OpenAPI, typed for readers here. */
const CanvasDocument = z.record(z.string(), z.unknown()) as unknown as z.ZodType<ScenarioDocument>;

export const ScenarioReport = z
  .object({
    scenario: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
    version: z.number().int().nullable(),
    versions: z.array(z.object({ version: z.number().int(), publishedAt: z.string(), conversionWindowDays: z.number().int(), timeZone: z.string() })),
    canvas: z.object({ version: z.number().int(), document: CanvasDocument }).nullable(),
    period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    totals: ReportTotals,
    funnel: z.array(FunnelNode),
    channels: z.array(ChannelCost),
    daily: z.array(DayPoint),
    /** The scenario against the global control group over the same period (issue 14). */
    control: ControlComparison,
    assumptions: z.array(Text),
  })
  .meta({ id: 'ScenarioReport' });
export type ScenarioReport = z.infer<typeof ScenarioReport>;

export const AbGroup = z.object({
  key: z.string().meta({ description: 'Variant key or `holdout`' }),
  label: z.string(),
  isHoldout: z.boolean(),
  /** The group the others are compared with: the holdout when the split has one, else the first variant. */
  isControl: z.boolean(),
  entered: z.number().int(),
  converted: z.number().int(),
  rate: z.number().nullable().meta({ description: 'converted ÷ entered, 0–1' }),
  rateCi: Interval.meta({ description: '95% Wilson interval' }),
  revenue: z.number(),
  revenuePerCustomer: z.number().nullable(),
  /** Null for the control group itself (shared/stats/compare.ts computes the rest). */
  comparison: z
    .object({
      upliftAbs: z.number().nullable(),
      upliftAbsCi: Interval,
      upliftRel: z.number().nullable(),
      upliftRelCi: Interval,
      z: z.number().nullable(),
      pValue: z.number().nullable(),
      requiredPerGroup: z.number().int().nullable(),
      stillNeeded: z.number().int().nullable(),
      verdict: z.enum(['not_enough_data', 'better', 'worse', 'no_difference']),
      text: Text,
    })
    .nullable(),
});
export type AbGroup = z.infer<typeof AbGroup>;

/** The split was decided (a winner rolled out by hand or by itself): the latest decision. */
export const AbDecision = z.object({
  variant: z.string(),
  label: z.string(),
  automatic: z.boolean(),
  at: z.string(),
  by: z.string().nullable(),
  fromVersion: z.number().int(),
  toVersion: z.number().int(),
  keepHoldout: z.boolean(),
  /** What it rested on: groups, and for automatic decisions the test (leader, runner-up, p-value, power rule). */
  stats: z.record(z.string(), z.unknown()),
});
export type AbDecision = z.infer<typeof AbDecision>;

export const AbSplitResult = z.object({
  nodeId: z.string(),
  name: z.string(),
  hasHoldout: z.boolean(),
  holdoutPct: z.number(),
  groups: z.array(AbGroup),
  /** Set when the split in the current version decides by itself: its rule. */
  autoDecide: z.object({ minDays: z.number(), mdeRelPct: z.number().optional(), power: z.number().optional() }).nullable().optional(),
  decision: AbDecision.nullable().optional(),
});
export type AbSplitResult = z.infer<typeof AbSplitResult>;

export const AbReport = z
  .object({
    /** Smallest relative uplift worth detecting, % (the sample-size calculation uses it). */
    mdeRelPct: z.number(),
    method: Text,
    splits: z.array(AbSplitResult),
  })
  .meta({ id: 'AbReport' });
export type AbReport = z.infer<typeof AbReport>;

export const ProgramScenarioLine = ControlComparison.extend({
  scenarioId: z.string(),
  name: z.string(),
  status: z.string(),
});
export type ProgramScenarioLine = z.infer<typeof ProgramScenarioLine>;

export const ProgramReport = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    timeZone: z.string(),
    /** The policy's share of customers held out, %. */
    controlSharePct: z.number(),
    mdeRelPct: z.number().meta({ description: 'Smallest relative uplift of the returned share worth detecting, %' }),
    program: ControlComparison,
    scenarios: z.array(ProgramScenarioLine),
    method: Text,
    assumptions: z.array(Text),
  })
  .meta({ id: 'ProgramReport' });
export type ProgramReport = z.infer<typeof ProgramReport>;
