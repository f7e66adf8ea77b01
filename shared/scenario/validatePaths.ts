import { topologicalOrder, type Adjacency } from './graph';
import type { NodeType } from './schema';
import type { About, Add, NodeInfo } from './validateContext';
import type { TextChecks } from './validateTexts';

// Part of validateScenario (./validate.ts): warnings that depend on the path a customer takes to a node.

/** More messages than this on one path from the trigger is spam (seed 000: "at most 2–3 messages in a chain"). */
export const MAX_MESSAGES_PER_PATH = 3;

const MESSAGE_TYPES = new Set<NodeType>(['send', 'reminder']);

/** Warnings along paths from the trigger (the graph is acyclic here): message count, bonus before its reminder. */
export function checkPaths(trigger: NodeInfo, byId: Map<string, NodeInfo>, next: Adjacency, texts: TextChecks, add: Add, about: About): void {
  const order = topologicalOrder(trigger.id, next);
  const messages = new Map<string, number>();
  // True when some path from the trigger reaches the node without passing a grantBonus.
  const withoutBonus = new Map<string, boolean>();
  const before = new Map<string, number>();
  for (const id of order) {
    const node = byId.get(id)!;
    const sends = node.type !== null && MESSAGE_TYPES.has(node.type);
    const prior = id === trigger.id ? 0 : (before.get(id) ?? 0);
    const count = prior + (sends ? 1 : 0);
    messages.set(id, count);
    const noBonus = id === trigger.id ? true : (withoutBonus.get(id) ?? false);
    if (sends && count === MAX_MESSAGES_PER_PATH + 1) {
      add('warning', 'path.tooManyMessages', {
        nodeId: id,
        path: `nodes[${node.index}]`,
        message: about(
          node,
          `это уже ${count}-е сообщение клиенту на одном пути от запуска; больше ${MAX_MESSAGES_PER_PATH} сообщений в цепочке раздражают и ведут к отпискам`,
          `this is message number ${count} on one path from the trigger; more than ${MAX_MESSAGES_PER_PATH} in a chain annoys customers`,
        ),
      });
    }
    if (node.configOk && noBonus) {
      if (node.type === 'reminder') {
        add('warning', 'reminder.noBonus', {
          nodeId: id,
          path: `nodes[${node.index}]`,
          message: about(
            node,
            'на пути к напоминанию нет узла «Начислить бонусы»: напоминать будет не о чем, и оно не отправится',
            'a path reaches this reminder without a bonus grant, so there is nothing to remind about and it is skipped',
          ),
        });
      } else if (node.type === 'send' || node.type === 'task') {
        const config = node.config as { text: string; subject?: string };
        const usesBonus = [config.text, config.subject ?? ''].some((t) => texts.check(t)?.variables.some((v) => v === 'bonus' || v.startsWith('bonus.')));
        if (usesBonus) {
          add('warning', 'template.noBonus', {
            nodeId: id,
            path: `nodes[${node.index}].config.text`,
            message: about(
              node,
              'текст использует {{ bonus… }}, но на пути к узлу бонус ещё не начислен — там будет пусто',
              'the text uses {{ bonus… }} but a path reaches this node before any bonus is granted; it renders empty',
            ),
          });
        }
      }
    }
    for (const to of next.get(id) ?? []) {
      before.set(to, Math.max(before.get(to) ?? 0, count));
      withoutBonus.set(to, (withoutBonus.get(to) ?? false) || (noBonus && node.type !== 'grantBonus'));
    }
  }
}
