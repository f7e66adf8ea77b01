/** Graph algorithms over node ids, iterative (a 1,000-node chain must not overflow the stack) and linear. */

export type Adjacency = Map<string, string[]>;

/**
 * Strongly connected components that form cycles (more than one node, or a node with an edge to itself), each in
 * the order the cycle is walked from its first node. Tarjan's algorithm.
 */
export function findCycles(nodes: readonly string[], next: Adjacency): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = next.get(frame.node) ?? [];
      if (frame.i < targets.length) {
        const to = targets[frame.i++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (next.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) cycles.push(cycleOrder(component, next));
      }
    }
  }
  return cycles;
}

/** Orders a component's nodes along one walk inside it, so the message reads «A → B → C → A». */
function cycleOrder(component: string[], next: Adjacency): string[] {
  const members = new Set(component);
  const start = component[component.length - 1];
  const order = [start];
  const seen = new Set(order);
  let current = start;
  for (;;) {
    const step = (next.get(current) ?? []).find((t) => members.has(t) && !seen.has(t));
    if (!step) break;
    order.push(step);
    seen.add(step);
    current = step;
  }
  // Nodes of the component not on that walk still belong to the loop; list them too.
  for (const m of component) if (!seen.has(m)) order.push(m);
  return order;
}

/** Every node reachable from `start` (included). */
export function reachableFrom(start: string, next: Adjacency): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const to of next.get(queue[i]) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

/** Topological order of the nodes reachable from `start` (Kahn's algorithm); assumes no cycles among them. */
export function topologicalOrder(start: string, next: Adjacency): string[] {
  const reachable = reachableFrom(start, next);
  const indegree = new Map<string, number>();
  for (const n of reachable) indegree.set(n, 0);
  for (const n of reachable) for (const to of next.get(n) ?? []) indegree.set(to, (indegree.get(to) ?? 0) + 1);
  const order: string[] = [];
  const queue = [...reachable].filter((n) => indegree.get(n) === 0);
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    order.push(n);
    for (const to of next.get(n) ?? []) {
      const d = indegree.get(to)! - 1;
      indegree.set(to, d);
      if (d === 0) queue.push(to);
    }
  }
  return order;
}
