import type { PurchaseAwaited, Step } from '../context';
import type { OrderPlaced } from '../signals';
import { dateTimeIn, plural, rubles } from '../words';

const HOUR = 3_600_000;

/**
 * Waits for the customer's next purchase, at most the configured time. An order placed from the moment the run arrives
 * (the orderPlaced signal, fed by the order outbox) ends the wait at once through `bought`; here a purchase does not
 * stop the run even when the scenario stops on purchase, and later steps are not refused for it. When the time is up
 * the orders are looked up once more (a signal Temporal could not take yet), then the run leaves through `timeout`.
 * A safe point like `wait`: support may cut it short (as "no purchase"), a move plan may move it.
 */
export const waitForPurchase: Step<'waitForPurchase'> = async (node, ctx) => {
  const { days, hours = 0, minAmount } = node.config;
  const since = ctx.now();
  const wakeAt = new Date(since.getTime() + (days * 24 + hours) * HOUR);
  const tz = ctx.plan.settings.timezone;
  const threshold = minAmount ? ` от ${rubles(minAmount)}` : '';
  const span = [days ? `${days} ${plural(days, ['день', 'дня', 'дней'])}` : '', hours ? `${hours} ч` : ''].filter(Boolean).join(' ') || '0 дней';
  const awaiting: PurchaseAwaited = { since: since.toISOString(), minAmount: minAmount ?? null, order: null };
  ctx.state.awaiting = awaiting;
  try {
    await ctx.note({ nodeId: node.id, nodeType: 'waitForPurchase', outcome: 'waiting', port: null, reason: `ждём покупку${threshold} ${span}, до ${dateTimeIn(wakeAt, tz)} (${tz})`, suffix: 'start' }, wakeAt);
    const how = await ctx.pauseUntil(wakeAt, node.id, () => awaiting.order !== null);
    if (how === 'stopped') return { outcome: 'interrupted', port: null };
    let order: OrderPlaced | null = awaiting.order;
    if (!order && how === 'elapsed') {
      const found = await ctx.activities.ordersBetween({ customerId: ctx.run.customerId, since: since.toISOString(), until: ctx.now().toISOString(), minAmount: minAmount ?? null });
      order = found.first ?? awaiting.order;
    }
    if (order) {
      ctx.purchaseTaken(order);
      return {
        outcome: 'bought',
        port: 'bought',
        reason: `купил: заказ ${order.orderId} на ${rubles(order.amount)} ${dateTimeIn(new Date(order.placedAt), tz)}`,
        data: { orderId: order.orderId, amount: order.amount, placedAt: order.placedAt },
      };
    }
    if (how === 'skipped') return { outcome: 'skipped', port: 'timeout', reason: 'ожидание покупки прервано сотрудником' };
    return { outcome: 'timeout', port: 'timeout', reason: `покупки${threshold} за ${span} не было` };
  } finally {
    ctx.state.awaiting = null;
  }
};
