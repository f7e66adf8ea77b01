import { zonedParts } from './zoned';

/** Orders a customer needs before their own buying hour is trusted; with fewer, the scenario's hour is used. */
export const USUAL_HOUR_MIN_ORDERS = 3;
/** Only the latest orders count: habits change, and the read stays one short index range per customer. */
export const USUAL_HOUR_LAST_ORDERS = 50;

/**
 * The hour of day (0–23, on the customer's clock in `timeZone`) at which most of these orders were placed, or null
 * with fewer than USUAL_HOUR_MIN_ORDERS. A tie goes to the hour of the most recent order among the tied hours.
 * Pass the orders newest first (at most USUAL_HOUR_LAST_ORDERS are read).
 */
export function usualOrderHour(placedNewestFirst: readonly Date[], timeZone: string): number | null {
  const orders = placedNewestFirst.slice(0, USUAL_HOUR_LAST_ORDERS);
  if (orders.length < USUAL_HOUR_MIN_ORDERS) return null;
  const counts = new Map<number, number>();
  for (const at of orders) {
    const hour = zonedParts(at, timeZone).hour;
    counts.set(hour, (counts.get(hour) ?? 0) + 1);
  }
  // Map keeps first-insertion order, i.e. newest order first: the first hour with the top count wins a tie.
  let best: number | null = null;
  for (const [hour, n] of counts) if (best === null || n > counts.get(best)!) best = hour;
  return best;
}

/** «14:00» for an hour of day. */
export const hourText = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;
