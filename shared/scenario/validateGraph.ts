import { findCycles, reachableFrom, type Adjacency } from './graph';
import { isTrigger, type ScenarioEdge } from './schema';
import { portLabel, portsOf, type About, type Add, type NodeInfo } from './validateContext';

// Part of validateScenario (./validate.ts): the graph rules of ARCHITECTURE.md §3 — edges between existing nodes
// through existing ports, one edge per port, exactly one trigger with nothing leading into it, no cycles, every node
// reachable from the trigger.

/** Checks every edge; returns the adjacency of the edges that join existing nodes, and each node's incoming count. */
export function checkEdges(edges: ScenarioEdge[], byId: Map<string, NodeInfo>, add: Add, about: About): { next: Adjacency; incoming: Map<string, number> } {
  const next: Adjacency = new Map();
  const incoming = new Map<string, number>();
  const taken = new Set<string>();
  edges.forEach((edge, i) => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    const path = `edges[${i}]`;
    for (const [end, id] of [['from', edge.from], ['to', edge.to]] as const) {
      if (!byId.has(id)) {
        add('error', 'edge.unknownNode', {
          edge,
          path: `${path}.${end}`,
          message: {
            ru: `Связь ведёт ${end === 'from' ? 'из' : 'в'} несуществующий узел «${id}»`,
            en: `An edge goes ${end} a node that does not exist: "${id}"`,
          },
        });
      }
    }
    if (!from || !to) return;
    const ports = portsOf(from);
    if (ports && !ports.includes(edge.port)) {
      const list = ports.map((p) => `«${portLabel(from, p).ru}»`).join(', ');
      add('error', 'edge.unknownPort', {
        nodeId: from.id,
        edge,
        path: `${path}.port`,
        message: about(
          from,
          ports.length ? `нет выхода «${edge.port}»; выходы узла: ${list}` : 'у этого узла нет выходов, из него нельзя провести связь',
          ports.length ? `has no port "${edge.port}"; its ports: ${ports.join(', ')}` : 'has no ports; no edge may leave it',
        ),
      });
    }
    const key = `${edge.from}\u0000${edge.port}`;
    if (taken.has(key)) {
      add('error', 'edge.portTaken', {
        nodeId: from.id,
        edge,
        path,
        message: about(
          from,
          `из выхода «${portLabel(from, edge.port).ru}» уже идёт связь; из одного выхода — только одна`,
          `port "${edge.port}" already has an edge; one edge per port`,
        ),
      });
    }
    taken.add(key);
    const targets = next.get(edge.from) ?? [];
    targets.push(edge.to);
    next.set(edge.from, targets);
    incoming.set(edge.to, (incoming.get(edge.to) ?? 0) + 1);
  });
  return { next, incoming };
}

/** The trigger when there is exactly one; problems for none, several, or one with an edge into it. */
export function checkTrigger(byId: Map<string, NodeInfo>, incoming: Map<string, number>, add: Add, about: About): NodeInfo | null {
  const triggers = [...byId.values()].filter((n) => isTrigger(n.type));
  if (triggers.length === 0) {
    add('error', 'trigger.missing', {
      path: 'nodes',
      message: {
        ru: 'В сценарии нет запуска: добавьте «Ежедневный запуск» или запуск по событию (заказ, событие, день рождения…)',
        en: 'The scenario has no trigger, so it never starts: add a daily trigger or an event trigger (order, event, birthday…)',
      },
    });
  }
  for (const extra of triggers.slice(1)) {
    add('error', 'trigger.multiple', {
      nodeId: extra.id,
      path: `nodes[${extra.index}]`,
      message: about(extra, 'в сценарии может быть только один запуск; уберите лишний', 'a scenario has exactly one trigger; remove the extra one'),
    });
  }
  for (const t of triggers) {
    if (incoming.has(t.id)) {
      add('error', 'trigger.incoming', {
        nodeId: t.id,
        path: `nodes[${t.index}]`,
        message: about(t, 'в запуск не могут вести связи: он всегда первый', 'no edge may lead into the trigger; it always comes first'),
      });
    }
  }
  return triggers.length === 1 ? triggers[0] : null;
}

/** Every cycle, its nodes named; returns how many there are. */
export function checkCycles(byId: Map<string, NodeInfo>, next: Adjacency, add: Add): number {
  const ids = [...byId.keys()];
  const cycles = findCycles(ids, next);
  for (const cycle of cycles) {
    const names = (lang: 'ru' | 'en') =>
      [...cycle, cycle[0]].map((id) => (lang === 'ru' ? `«${byId.get(id)!.name.ru}»` : `"${byId.get(id)!.name.en}"`)).join(' → ');
    add('error', 'graph.cycle', {
      nodeId: cycle[0],
      path: `nodes[${byId.get(cycle[0])!.index}]`,
      message: {
        ru: `Узлы образуют цикл: ${names('ru')}. Клиент ходил бы по кругу; уберите одну из связей`,
        en: `These nodes form a loop: ${names('en')}. Remove one of the edges`,
      },
    });
  }
  return cycles.length;
}

/** Every node no path from the trigger reaches. */
export function checkReachable(trigger: NodeInfo, byId: Map<string, NodeInfo>, next: Adjacency, add: Add, about: About): void {
  const reachable = reachableFrom(trigger.id, next);
  for (const node of byId.values()) {
    if (!reachable.has(node.id) && !isTrigger(node.type)) {
      add('error', 'node.unreachable', {
        nodeId: node.id,
        path: `nodes[${node.index}]`,
        message: about(node, 'к узлу не ведёт ни одна цепочка от запуска, клиенты до него не дойдут', 'no path from the trigger reaches this node'),
      });
    }
  }
}
