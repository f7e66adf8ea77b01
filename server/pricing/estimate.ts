import { smsSegments } from '../../shared/messages/sms';
import { HOLDOUT_PORT } from '../../shared/scenario/nodes/abSplit';
import { CHANNELS, NODE_SPECS, type Channel, type ScenarioDocument, type ScenarioNode } from '../../shared/scenario/schema';
import { TemplateRenderError, TemplateSyntaxError, templateVariables, type MessageContext } from '../../shared/templates/render';
import type { TemplatePool } from '../templates/pool';
import { channelFor, type ReachGroup } from '../audience/size';
import { messagePrice, type Prices } from './prices';

export type ChannelCounts = Record<Channel | 'none', number>;

export interface MessageEstimate {
  nodeId: string;
  type: 'send' | 'reminder';
  /** Share of the entering customers who reach this message on the costliest route (A/B shares applied). */
  share: number;
  /** Segments of the SMS text rendered for the example customer (1 for other channels). */
  smsSegments: number;
  /** Expected recipients per channel (fallbacks applied); `none`: nobody to send to, the step is skipped. */
  recipients: ChannelCounts;
  /** The channel each entering customer would get this message on, were everyone to reach it. */
  channelsForAll: ChannelCounts;
  cost: number;
}

export interface CostEstimate {
  /** Customers the estimate is for: those who would enter now. */
  customers: number;
  /** Messages on the costliest route, in the order customers reach them. */
  messages: MessageEstimate[];
  byChannel: Record<Channel, { messages: number; segments: number; cost: number }>;
  total: number;
  perCustomer: number;
  /** Bonus points granted on the same route, for the whole audience (points, not roubles: spending is not known). */
  bonusPoints: number;
  prices: Prices;
}

/** Where a branch goes when both ways cost the same: the way that keeps the chain going (nobody buys, everyone passes). */
const TIE_PORT: Partial<Record<ScenarioNode['type'], string>> = { checkOrders: 'no', filter: 'yes', frequencyLimit: 'pass' };

/**
 * The cost of one run of a scenario for the customers who would enter now, as an upper bound a marketer can budget
 * for: nobody buys or uses their bonus (so every reminder goes out), each branch takes its more expensive way, an
 * A/B split divides customers by weight and its holdout gets nothing. Channels and fallbacks are picked per customer
 * group exactly as the runtime does; SMS segments are counted on the text rendered for an example customer
 * (`smsTexts`, from `renderSmsTexts`), or on the template as written when it has no rendering there.
 */
export function estimateCost(
  document: ScenarioDocument,
  entry: string | null,
  groups: ReachGroup[],
  prices: Prices,
  smsTexts: ReadonlyMap<string, string> = new Map(),
): CostEstimate {
  const customers = groups.reduce((n, g) => n + g.customers, 0);
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const out = new Map<string, Array<{ port: string; to: string }>>();
  for (const e of document.edges) if (byId.has(e.to)) out.set(e.from, [...(out.get(e.from) ?? []), { port: e.port, to: e.to }]);

  const messageCost = new Map<string, { recipients: ChannelCounts; cost: number; segments: number; type: 'send' | 'reminder' }>();
  const ownCost = (node: ScenarioNode) => {
    if (node.type !== 'send' && node.type !== 'reminder') return null;
    const parsed = NODE_SPECS[node.type].config.safeParse(node.config);
    if (!parsed.success) return null;
    const config = parsed.data;
    let m = messageCost.get(node.id);
    if (!m) {
      const segments = config.channel === 'sms' || config.fallbackChannels?.includes('sms') ? Math.max(1, smsSegments(smsTexts.get(config.text) ?? config.text).segments) : 1;
      const recipients = emptyCounts();
      let cost = 0;
      for (const group of groups) {
        const channel = channelFor(group.reachable, [config.channel, ...(config.fallbackChannels ?? [])]);
        recipients[channel ?? 'none'] += group.customers;
        if (channel) cost += group.customers * messagePrice(prices, channel, segments);
      }
      m = { recipients, cost, segments, type: node.type };
      messageCost.set(node.id, m);
    }
    return m;
  };

  // Cost (and, on a tie, number of messages) from a node to the end of its costliest route; cycles count nothing.
  const value = new Map<string, { cost: number; messages: number } | 'visiting'>();
  const choice = new Map<string, Array<{ to: string; share: number }>>();
  const evaluate = (id: string): { cost: number; messages: number } => {
    const known = value.get(id);
    if (known === 'visiting') return { cost: 0, messages: 0 };
    if (known) return known;
    value.set(id, 'visiting');
    const node = byId.get(id)!;
    const own = ownCost(node);
    const edges = out.get(id) ?? [];
    let rest = { cost: 0, messages: 0 };
    const split = node.type === 'abSplit' ? NODE_SPECS.abSplit.config.safeParse(node.config) : null;
    if (split?.success) {
      const holdout = (split.data.holdoutPct ?? 0) / 100;
      const weights = split.data.variants.reduce((s, v) => s + v.weight, 0);
      const shares = edges
        .filter((e) => e.port !== HOLDOUT_PORT)
        .map((e) => ({ to: e.to, share: ((split.data.variants.find((v) => v.key === e.port)?.weight ?? 0) / weights) * (1 - holdout) }));
      for (const s of shares) {
        const v = evaluate(s.to);
        rest = { cost: rest.cost + s.share * v.cost, messages: rest.messages + s.share * v.messages };
      }
      choice.set(id, shares);
    } else if (edges.length > 0) {
      let best: { to: string; v: { cost: number; messages: number }; tie: boolean } | null = null;
      for (const e of edges) {
        const v = evaluate(e.to);
        const tie = TIE_PORT[node.type] === e.port;
        if (!best || v.cost > best.v.cost || (v.cost === best.v.cost && (v.messages > best.v.messages || (v.messages === best.v.messages && tie)))) best = { to: e.to, v, tie };
      }
      rest = best!.v;
      choice.set(id, [{ to: best!.to, share: 1 }]);
    }
    const result = { cost: rest.cost + (own?.cost ?? 0), messages: rest.messages + (own ? 1 : 0) };
    value.set(id, result);
    return result;
  };

  const reach = new Map<string, number>();
  const order = new Map<string, number>();
  if (entry && byId.has(entry)) {
    evaluate(entry);
    // Shares flow along the chosen ways in topological order, so merging branches add up instead of re-walking.
    const indegree = new Map<string, number>();
    const seen = new Set([entry]);
    const queue = [entry];
    for (let i = 0; i < queue.length; i++) {
      for (const { to } of choice.get(queue[i]) ?? []) {
        indegree.set(to, (indegree.get(to) ?? 0) + 1);
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    reach.set(entry, 1);
    const ready = [entry];
    while (ready.length > 0) {
      const id = ready.shift()!;
      order.set(id, order.size);
      for (const { to, share } of choice.get(id) ?? []) {
        reach.set(to, (reach.get(to) ?? 0) + reach.get(id)! * share);
        const left = indegree.get(to)! - 1;
        indegree.set(to, left);
        if (left === 0) ready.push(to);
      }
    }
  }

  const messages: MessageEstimate[] = [];
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, { messages: 0, segments: 0, cost: 0 }])) as CostEstimate['byChannel'];
  let bonusPoints = 0;
  const reached = document.nodes.filter((n) => reach.get(n.id)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  for (const node of reached) {
    const share = reach.get(node.id);
    if (!share) continue;
    if (node.type === 'grantBonus') {
      const parsed = NODE_SPECS.grantBonus.config.safeParse(node.config);
      if (parsed.success) bonusPoints += parsed.data.points * share * customers;
      continue;
    }
    const m = messageCost.get(node.id);
    if (!m) continue;
    const recipients = Object.fromEntries(Object.entries(m.recipients).map(([c, n]) => [c, n * share])) as ChannelCounts;
    for (const channel of CHANNELS) {
      byChannel[channel].messages += recipients[channel];
      byChannel[channel].segments += recipients[channel] * (channel === 'sms' ? m.segments : 1);
      byChannel[channel].cost += recipients[channel] * messagePrice(prices, channel, m.segments);
    }
    messages.push({ nodeId: node.id, type: m.type, share, smsSegments: m.segments, recipients, channelsForAll: m.recipients, cost: m.cost * share });
  }
  const total = CHANNELS.reduce((s, c) => s + byChannel[c].cost, 0);
  return { customers, messages, byChannel, total, perCustomer: customers > 0 ? total / customers : 0, bonusPoints, prices };
}

function emptyCounts(): ChannelCounts {
  return { sms: 0, email: 0, telegram: 0, push: 0, none: 0 };
}

const EXAMPLE = Object.fromEntries(templateVariables.map((v) => [v.name, v.example]));

/** The message context of the example customer the editor's variable list describes. */
function exampleContext(document: ScenarioDocument): MessageContext {
  return {
    customer: {
      id: EXAMPLE['customer.id'],
      name: EXAMPLE['customer.name'],
      firstName: EXAMPLE['customer.firstName'],
      city: EXAMPLE['customer.city'],
      bonusBalance: Number(EXAMPLE['customer.bonusBalance']),
      favoriteCategory: EXAMPLE['customer.favoriteCategory'],
      orderCount: Number(EXAMPLE['customer.orderCount']),
    },
    bonus: { points: Number(EXAMPLE['bonus.points']), expiresAt: EXAMPLE['bonus.expiresAt'] },
    scenario: { name: document.name },
  };
}

/**
 * The SMS texts of a document rendered for the example customer, in the template pool (never on the event loop),
 * keyed by template. A text that does not render (validation reports why) is left out: it is counted as written.
 */
export async function renderSmsTexts(document: ScenarioDocument, pool: Pick<TemplatePool, 'render'>): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const context = exampleContext(document);
  for (const node of document.nodes) {
    if (node.type !== 'send' && node.type !== 'reminder') continue;
    const parsed = NODE_SPECS[node.type].config.safeParse(node.config);
    if (!parsed.success) continue;
    const { channel, fallbackChannels, text } = parsed.data;
    if ((channel !== 'sms' && !fallbackChannels?.includes('sms')) || texts.has(text)) continue;
    try {
      texts.set(text, await pool.render(text, context, { timezone: document.settings.timezone }));
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError || error instanceof TemplateRenderError)) throw error;
    }
  }
  return texts;
}
