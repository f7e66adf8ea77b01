/**
 * The RFM matrix, its reactivation overlay, the customers of a cell or segment, and segments
 * (server/api/routes/rfm.ts, segments.ts). Times are ISO-8601 strings.
 */
import { z } from 'zod';
import type { Condition } from '../conditions/schema';
import { MATRIX_REGIONS } from '../rfm/segments';

/** A condition of the scenario condition language, described as such in OpenAPI and typed for readers here. */
const condition = (description: string) => z.any().meta({ description }) as unknown as z.ZodType<Condition>;

/** What the matrix counts per cell, row, column and in total. */
export const RfmFigures = z.object({
  customers: z.number().int(),
  orders: z.number().int(),
  revenue: z.number(),
  salesShare: z.number().meta({ description: 'Share of all orders, % (seed 000: «доля продаж»)' }),
  revenueShare: z.number().meta({ description: 'Share of all revenue, %' }),
  /** revenue ÷ orders; null without orders. */
  avgCheck: z.number().nullable(),
});
export type RfmFigures = z.infer<typeof RfmFigures>;

const RfmBucket = z.object({ index: z.number().int(), min: z.number(), max: z.number().nullable(), label: z.string() });

export const RfmMatrixCell = RfmFigures.extend({
  row: z.number().int(),
  col: z.number().int(),
  /** The named segment whose region of the matrix holds this cell (seed 000's highlighted areas). */
  region: z.enum(MATRIX_REGIONS).nullable().meta({ description: 'Named segment region: sleeping, leaving, promising' }),
  condition: condition('The cell as a scenario condition (an audience filter)'),
});
export type RfmMatrixCell = z.infer<typeof RfmMatrixCell>;

export const RfmMatrix = z
  .object({
    asOf: z.string(),
    edges: z.object({ orders: z.array(z.number()), days: z.array(z.number()) }),
    rows: z.array(RfmBucket).meta({ description: 'Order-count buckets, fewest orders first' }),
    columns: z.array(RfmBucket).meta({ description: 'Recency buckets, most recent first' }),
    cells: z.array(RfmMatrixCell),
    rowTotals: z.array(RfmFigures.extend({ row: z.number().int() })),
    columnTotals: z.array(RfmFigures.extend({ col: z.number().int() })),
    total: RfmFigures,
    /** Customers who never ordered have no recency and are not in the matrix. */
    withoutOrders: z.object({ customers: z.number().int() }),
    /** Customers with orders, but fewer than the first order edge (only when it is above 1). */
    belowFirstEdge: z.object({ customers: z.number().int() }),
  })
  .meta({ id: 'RfmMatrix' });
export type RfmMatrix = z.infer<typeof RfmMatrix>;

export const ReactivationCell = z.object({
  row: z.number().int(),
  col: z.number().int(),
  /** Scenario entries of customers who were in this cell when they entered. */
  entered: z.number().int(),
  /** Of those, entries followed by an order within the window. */
  returned: z.number().int(),
  /** returned ÷ entered × 100; null without entries. */
  rate: z.number().nullable(),
});
export type ReactivationCell = z.infer<typeof ReactivationCell>;

export const RfmReactivation = z.object({ windowDays: z.number().int(), cells: z.array(ReactivationCell) });
export type RfmReactivation = z.infer<typeof RfmReactivation>;

/** A customer in the list of an RFM cell or a segment. */
export const SegmentCustomer = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    city: z.string().nullable(),
    cardType: z.enum(['regular', 'vip']),
    orderCount: z.number().int(),
    totalSpent: z.number(),
    avgCheck: z.number().nullable(),
    lastOrderAt: z.string().nullable(),
    daysSinceLastOrder: z.number().int().nullable(),
  })
  .meta({ id: 'SegmentCustomer' });
export type SegmentCustomer = z.infer<typeof SegmentCustomer>;

export const SegmentCustomerPage = z.object({ customers: z.array(SegmentCustomer), nextCursor: z.string().nullable() });
export type SegmentCustomerPage = z.infer<typeof SegmentCustomerPage>;

export const Segment = z
  .object({
    id: z.uuid(),
    /** Set on the built-in segments of DOMAIN.md; null on the marketers' own. */
    builtinKey: z.string().nullable().meta({ description: 'oneTime, sleeping, leaving, promising, budget or vip for the built-in segments' }),
    name: z.string(),
    nameEn: z.string().nullable(),
    description: z.string().nullable(),
    descriptionEn: z.string().nullable(),
    condition: condition('A condition of the scenario condition language (ARCHITECTURE.md §3)'),
    createdAt: z.string(),
    createdBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  })
  .meta({ id: 'Segment' });
export type Segment = z.infer<typeof Segment>;

/** A segment with the number of customers matching it now (null when its stored condition no longer translates). */
export const SegmentWithCount = Segment.extend({
  /** Customers matching now; null when a stored condition no longer translates (a field was retired). */
  customers: z.number().int().nullable(),
});
export type SegmentWithCount = z.infer<typeof SegmentWithCount>;

export const SegmentList = z.object({ segments: z.array(SegmentWithCount) });
export type SegmentList = z.infer<typeof SegmentList>;

/** Body of POST /api/segments. */
export const SegmentInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().max(100).nullish(),
    description: z.string().trim().max(1000).nullish(),
    descriptionEn: z.string().trim().max(1000).nullish(),
    condition: z.any().meta({ description: 'A condition, e.g. {"all":[{"field":"orderCount","op":"gte","value":2}]}' }),
  })
  .meta({ id: 'SegmentInput' });
export type SegmentInput = z.input<typeof SegmentInput>;
