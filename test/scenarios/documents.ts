/** Scenario documents for the storage and lifecycle tests: the reactivation of ARCHITECTURE.md §3 and broken variants. */
export function reactivation(name = 'Возврат: полгода без заказов') {
  return {
    format: 'scenario/v1',
    name,
    settings: { timezone: 'Europe/Moscow', quietHours: { start: '21:00', end: '09:00' } },
    nodes: [
      { id: 'start', type: 'dailyTrigger', position: { x: 0, y: 0 }, config: { at: '10:00' } },
      {
        id: 'audience',
        type: 'filter',
        config: {
          condition: {
            all: [
              { field: 'subscribed.email', op: 'eq', value: true },
              { field: 'daysSinceRegistration', op: 'gte', value: 180 },
              { field: 'orderCount', op: 'gte', value: 1 },
              { field: 'daysSinceLastOrder', op: 'gte', value: 180 },
            ],
          },
        },
      },
      { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
      { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: '{{ customer.name }}, давно не виделись!' } },
      { id: 'w7', type: 'wait', config: { days: 7 } },
      { id: 'bought', type: 'checkOrders', config: {} },
      { id: 'gift', type: 'grantBonus', config: { points: 300, expiresInDays: 14 } },
      { id: 'offer', type: 'send', config: { channel: 'email', subject: 'Подарок', text: 'Дарим {{ bonus.points }} баллов до {{ bonus.expiresAt | date: "%d.%m" }}' } },
    ],
    edges: [
      { from: 'start', port: 'out', to: 'audience' },
      { from: 'audience', port: 'yes', to: 'once' },
      { from: 'once', port: 'pass', to: 'hello' },
      { from: 'hello', port: 'out', to: 'w7' },
      { from: 'w7', port: 'out', to: 'bought' },
      { from: 'bought', port: 'no', to: 'gift' },
      { from: 'gift', port: 'out', to: 'offer' },
    ],
  };
}

/** Work in progress: a trigger and a message not yet connected. Savable, not publishable. */
export function unfinished(name = 'Черновик') {
  return {
    format: 'scenario/v1',
    name,
    nodes: [
      { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
      { id: 'hello', type: 'send', config: { channel: 'sms', text: 'Ждём вас!' } },
    ],
    edges: [],
  };
}

type Doc = ReturnType<typeof reactivation>;
const edit = (change: (d: Doc) => void) => {
  const d = reactivation();
  change(d);
  return d as unknown;
};

/** Documents no editor can produce; each must be refused with a precise problem and store nothing. */
export const corrupt: Record<string, { document: () => unknown; code: string }> = {
  cycle: { document: () => edit((d) => d.edges.push({ from: 'offer', port: 'out', to: 'hello' })), code: 'graph.cycle' },
  'two triggers': {
    document: () =>
      edit((d) => {
        d.nodes.push({ id: 'start2', type: 'dailyTrigger', position: { x: 0, y: 0 }, config: { at: '11:00' } });
        d.edges.push({ from: 'start2', port: 'out', to: 'hello' } as never);
      }),
    code: 'trigger.multiple',
  },
  'dangling edge': { document: () => edit((d) => d.edges.push({ from: 'offer', port: 'out', to: 'nowhere' })), code: 'edge.unknownNode' },
  'unknown node type': { document: () => edit((d) => d.nodes.push({ id: 'x', type: 'teleport', config: {} } as never)), code: 'node.unknownType' },
  'out-of-range value': { document: () => edit((d) => ((d.nodes[4].config as { days: number }).days = 400)), code: 'node.config' },
  'too many nodes': {
    document: () =>
      edit((d) => {
        for (let i = 0; i < 10_000; i++) d.nodes.push({ id: `w${i}x`, type: 'wait', config: { days: 1 } } as never);
      }),
    code: 'document.invalid',
  },
};
