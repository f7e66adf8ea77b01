import { BASKETS, CITIES, EMAIL_DOMAINS, FEMALE_FIRST, femaleSurname, MALE_FIRST, MENU, SURNAMES, transliterate, type City, type MenuItem } from './catalog';
import { Random } from './random';

/**
 * Builds the demo shop in memory, deterministically from (customers, seed, now): the same arguments always give
 * the same rows. Purchase rhythms follow what DOMAIN.md describes: many one-time buyers, a long tail of
 * sleepers, regulars, and a core of frequent buyers, spread over the two years before `now`.
 */

export interface DemoOptions {
  customers: number;
  seed?: number | string;
  now?: Date;
}

export interface DemoCustomer {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  telegram_chat_id: string | null;
  push_token: string | null;
  city: string;
  card_type: 'regular' | 'vip';
  registered_at: string;
  timezone: string;
  sub_sms: boolean;
  sub_email: boolean;
  sub_telegram: boolean;
  sub_push: boolean;
}

export interface DemoOrder {
  id: string;
  customer_id: string;
  amount: number;
  placed_at: string;
  bonus_spent: number;
}

export interface DemoItem {
  order_id: string;
  line_no: number;
  sku: string;
  name: string;
  category: string;
  qty: number;
  price: number;
}

export interface DemoGrant {
  key: string;
  customer_id: string;
  points: number;
  at: string;
  expires_at: string;
  reason: string;
}

export interface DemoRedemption {
  grant_key: string;
  customer_id: string;
  order_id: string;
  points: number;
  at: string;
}

export interface DemoData {
  customers: DemoCustomer[];
  orders: DemoOrder[];
  items: DemoItem[];
  grants: DemoGrant[];
  redemptions: DemoRedemption[];
}

const DAY = 86_400_000;
const HISTORY_DAYS = 730;

/** How a kind of customer buys: share of customers, number of days between visits, how long they stay. */
const RHYTHMS = [
  { kind: 'never', weight: 4, interval: [0, 0], lifetimeDays: 0 },
  { kind: 'oneTime', weight: 44, interval: [0, 0], lifetimeDays: 0 },
  { kind: 'occasional', weight: 29, interval: [25, 80], lifetimeDays: 200 },
  { kind: 'regular', weight: 17, interval: [9, 25], lifetimeDays: 320 },
  { kind: 'core', weight: 6, interval: [3, 8], lifetimeDays: 900 },
] as const;
type Rhythm = (typeof RHYTHMS)[number];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function buildDemoData(options: DemoOptions): DemoData {
  const rnd = new Random(options.seed ?? 1);
  const now = (options.now ?? new Date()).getTime();
  const data: DemoData = { customers: [], orders: [], items: [], grants: [], redemptions: [] };
  const width = Math.max(5, String(options.customers).length);
  const menuByCategory = new Map<string, MenuItem[]>();
  for (const item of MENU) menuByCategory.set(item.category, [...(menuByCategory.get(item.category) ?? []), item]);
  const cityWeights = CITIES.map((c) => [c, c.weight] as const);
  const rhythmWeights = RHYTHMS.map((r) => [r, r.weight] as const);
  let orderSeq = 0;

  for (let n = 1; n <= options.customers; n++) {
    const id = `demo-${pad(n, width)}`;
    const rhythm = rnd.weighted(rhythmWeights);
    const city = rnd.weighted(cityWeights);
    const female = rnd.chance(0.58);
    const first = rnd.pick(female ? FEMALE_FIRST : MALE_FIRST);
    const surnameMale = rnd.pick(SURNAMES);
    const surname = female ? femaleSurname(surnameMale) : surnameMale;
    const registeredAt = now - rnd.between(3, HISTORY_DAYS) * DAY;
    const phone = rnd.chance(0.92) ? `+79${pad(rnd.int(0, 999_999_999), 9)}` : null;
    const email = rnd.chance(0.68) ? `${transliterate(first)}.${transliterate(surname)}${rnd.chance(0.5) ? rnd.int(1, 99) : ''}@${rnd.weighted(EMAIL_DOMAINS)}` : null;
    const telegram = rnd.chance(0.28) ? String(rnd.int(100_000_000, 2_099_999_999)) : null;
    const pushToken = rnd.chance(0.22) ? `demo-push-${n.toString(36)}-${rnd.int(0, 2 ** 31).toString(36)}` : null;
    const vip = rnd.chance(rhythm.kind === 'core' ? 0.45 : rhythm.kind === 'regular' ? 0.06 : 0.015);
    data.customers.push({
      id,
      name: `${first} ${surname}`,
      phone,
      email,
      telegram_chat_id: telegram,
      push_token: pushToken,
      city: city.name,
      card_type: vip ? 'vip' : 'regular',
      registered_at: new Date(registeredAt).toISOString(),
      timezone: city.timezone,
      sub_sms: phone !== null && rnd.chance(0.55),
      sub_email: email !== null && rnd.chance(0.6),
      sub_telegram: telegram !== null && rnd.chance(0.85),
      sub_push: pushToken !== null && rnd.chance(0.7),
    });

    const visits = visitTimes(rnd, rhythm, registeredAt, now);
    const welcome = rnd.chance(0.4) ? grant(data, `demo-g-${id}-welcome`, id, 200, registeredAt, 30, 'Приветственные баллы') : null;
    const open: { key: string; left: number; expiresAt: number }[] = welcome ? [welcome] : [];
    let lastGift = registeredAt;
    for (const visit of visits) {
      let placedAt = atLocalDaytime(rnd, visit, city);
      if (placedAt < registeredAt) placedAt += DAY;
      if (placedAt > now) continue;
      const orderId = `demo-o-${pad(++orderSeq, 7)}`;
      const lines = basket(rnd, menuByCategory);
      let amount = 0;
      lines.forEach((line, i) => {
        amount += line.qty * line.price;
        data.items.push({ order_id: orderId, line_no: i + 1, sku: line.sku, name: line.name, category: line.category, qty: line.qty, price: line.price });
      });
      const bonusSpent = spendPoints(rnd, data, open, { orderId, customerId: id, placedAt, amount });
      data.orders.push({ id: orderId, customer_id: id, amount, placed_at: new Date(placedAt).toISOString(), bonus_spent: bonusSpent });
      // The shop thanks loyal customers with short-lived points now and then, as seed 000 recommends (3-day offers).
      if (rhythm.kind !== 'oneTime' && placedAt - lastGift > 90 * DAY && rnd.chance(0.5)) {
        lastGift = placedAt;
        open.push(grant(data, `demo-g-${orderId}`, id, rnd.pick([100, 150, 200, 300]), placedAt + DAY, 3, 'Подарок постоянному гостю'));
      }
    }
  }
  return data;
}

function visitTimes(rnd: Random, rhythm: Rhythm, registeredAt: number, now: number): number[] {
  if (rhythm.kind === 'never') return [];
  const firstVisit = registeredAt + rnd.exponential(2) * DAY;
  if (rhythm.kind === 'oneTime') return [firstVisit];
  const meanInterval = rnd.between(rhythm.interval[0], rhythm.interval[1]) * DAY;
  // Frequent buyers mostly stay; others leave after a while, which makes the long tail of sleepers.
  const leavesAt = rhythm.kind === 'core' && rnd.chance(0.7) ? Infinity : firstVisit + rnd.exponential(rhythm.lifetimeDays) * DAY;
  const times = [firstVisit];
  for (let t = firstVisit + meanInterval * rnd.between(0.4, 1.6); t < Math.min(now, leavesAt); t += meanInterval * rnd.between(0.4, 1.6)) {
    times.push(t);
  }
  if (times.length === 1) times.push(firstVisit + meanInterval * rnd.between(0.4, 1.6));
  return times;
}

/** Shops are open 8:00–21:00 local time; the visit keeps its day and gets an hour within opening times. */
function atLocalDaytime(rnd: Random, t: number, city: City): number {
  const localMidnight = Math.floor((t + city.offsetHours * 3_600_000) / DAY) * DAY - city.offsetHours * 3_600_000;
  const minute = rnd.weighted([[8 * 60, 3], [11 * 60, 2], [13 * 60, 3], [16 * 60, 2], [18 * 60, 3]] as const) + rnd.int(0, 179);
  return localMidnight + Math.min(minute, 20 * 60 + 59) * 60_000;
}

function basket(rnd: Random, menu: Map<string, MenuItem[]>): (MenuItem & { qty: number })[] {
  const shape = rnd.weighted(BASKETS.map((b) => [b, b.weight] as const));
  const guests = rnd.weighted([[1, 78], [2, 19], [3, 3]] as const);
  const lines = new Map<string, MenuItem & { qty: number }>();
  for (const categories of shape.lines) {
    const item = rnd.pick(menu.get(rnd.pick(categories))!);
    const qty = item.category === 'Торты' || item.category === 'Кофе домой' ? 1 : guests;
    const line = lines.get(item.sku);
    if (line) line.qty += qty;
    else lines.set(item.sku, { ...item, qty });
  }
  return [...lines.values()];
}

function grant(data: DemoData, key: string, customerId: string, points: number, at: number, days: number, reason: string) {
  const expiresAt = at + days * DAY;
  data.grants.push({ key, customer_id: customerId, points, at: new Date(at).toISOString(), expires_at: new Date(expiresAt).toISOString(), reason });
  return { key, left: points, expiresAt, at };
}

/** Most guests spend open points on their next visit, up to 30% of the check, soonest-expiring first. */
function spendPoints(
  rnd: Random,
  data: DemoData,
  open: { key: string; left: number; expiresAt: number; at?: number }[],
  order: { orderId: string; customerId: string; placedAt: number; amount: number },
): number {
  const usable = open.filter((g) => g.left > 0 && g.expiresAt > order.placedAt && (g.at ?? 0) <= order.placedAt).sort((a, b) => a.expiresAt - b.expiresAt);
  if (usable.length === 0 || !rnd.chance(0.75)) return 0;
  let want = Math.floor(order.amount * 0.3);
  let spent = 0;
  for (const g of usable) {
    const take = Math.min(g.left, want);
    if (take <= 0) break;
    g.left -= take;
    want -= take;
    spent += take;
    data.redemptions.push({ grant_key: g.key, customer_id: order.customerId, order_id: order.orderId, points: take, at: new Date(order.placedAt).toISOString() });
  }
  return spent;
}
