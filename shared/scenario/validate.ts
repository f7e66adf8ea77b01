import { z } from 'zod';
import { checkCondition } from '../conditions/check';
import { smsSegments } from '../messages/sms';
import { formatNumber, pluralize } from '../templates/format';
import { DOCUMENT_TEMPLATE_LIMITS, DOCUMENT_TEMPLATE_SOURCE_LIMIT, TEMPLATE_LIMITS, TemplateBudget, TemplateBudgetError, worstCaseContext } from '../templates/budget';
import { checkTemplate, renderTemplate, type MessageContext, type TemplateCheck } from '../templates/render';
import { isValidTimeZone } from '../time/zoned';
import { maxBonusPoints } from './budget';
import { findCycles, reachableFrom, topologicalOrder, type Adjacency } from './graph';
import { HOLDOUT_PORT } from './nodes/abSplit';
import type { MessageConfig } from './nodes/message';
import { describeConfigIssue, describeDocumentIssue, formatPath, type Problem, type ProblemCode } from './problems';
import { MAX_NODES, NODE_SPECS, NodeIdSchema, PositionSchema, ScenarioDocumentSchema, type NodeType, type ScenarioDocument } from './schema';

export { hasErrors, ScenarioInvalidError, type Problem, type ProblemCode } from './problems';

export interface ValidationResult {
  /**
   * The parsed document (defaults applied) whenever its structure parses, even with graph or config errors, so a
   * draft can be saved; a node whose config has errors keeps that config as written. Null when the document
   * cannot be parsed at all (not a scenario/v1 document, or a node of an unknown type).
   */
  document: ScenarioDocument | null;
  problems: Problem[];
}

/** More messages than this on one path from the trigger is spam (seed 000: "at most 2–3 messages in a chain"). */
export const MAX_MESSAGES_PER_PATH = 3;

const RawNodeSchema = z.strictObject({
  id: NodeIdSchema,
  type: z.string().min(1),
  label: z.string().max(120).optional(),
  position: PositionSchema.optional(),
  config: z.unknown().optional(),
});
const EnvelopeSchema = ScenarioDocumentSchema.extend({ nodes: z.array(RawNodeSchema).max(MAX_NODES) });

interface NodeInfo {
  index: number;
  id: string;
  type: NodeType | null;
  /** The parsed config when `configOk`, else the config as written. */
  config: unknown;
  configOk: boolean;
  configIssues: z.core.$ZodIssue[];
  name: { ru: string; en: string };
}

const MESSAGE_TYPES = new Set<NodeType>(['send', 'reminder']);

/** Every problem of a scenario document at once: structure, node configs, graph rules, warnings. */
export function validateScenario(input: unknown): ValidationResult {
  const envelope = EnvelopeSchema.safeParse(input);
  if (!envelope.success) {
    return {
      document: null,
      problems: envelope.error.issues.map((issue) => ({
        severity: 'error',
        code: 'document.invalid',
        path: formatPath(issue.path),
        message: describeDocumentIssue(issue, EnvelopeSchema, input),
      })),
    };
  }
  const raw = envelope.data;
  const problems: Problem[] = [];
  const add = (severity: Problem['severity'], code: ProblemCode, fields: Omit<Problem, 'severity' | 'code'>) =>
    problems.push({ severity, code, ...fields });
  const about = (node: NodeInfo, ru: string, en: string) => ({ ru: `Узел «${node.name.ru}»: ${ru}`, en: `Node "${node.name.en}": ${en}` });

  checkSettings(raw.settings, add);

  const nodes: NodeInfo[] = raw.nodes.map((n, index) => describeNode(n, index));
  const byId = new Map<string, NodeInfo>();
  let unknownType = false;
  for (const node of nodes) {
    const rawNode = raw.nodes[node.index];
    if (byId.has(node.id)) {
      add('error', 'node.duplicateId', {
        nodeId: node.id,
        path: `nodes[${node.index}].id`,
        message: {
          ru: `Два узла с одним идентификатором «${node.id}»: у каждого узла он должен быть свой`,
          en: `Two nodes share the id "${node.id}"; node ids must be unique`,
        },
      });
    } else {
      byId.set(node.id, node);
    }
    if (node.type === null) {
      unknownType = true;
      add('error', 'node.unknownType', {
        nodeId: node.id,
        path: `nodes[${node.index}].type`,
        message: {
          ru: `Узел «${node.id}»: неизвестный тип узла «${rawNode.type}»`,
          en: `Node "${node.id}": unknown node type "${rawNode.type}"`,
        },
      });
      continue;
    }
    const spec = NODE_SPECS[node.type];
    for (const issue of node.configIssues) {
      const text = describeConfigIssue(issue, spec.config, rawNode.config);
      add('error', 'node.config', {
        nodeId: node.id,
        path: formatPath(['nodes', node.index, 'config', ...issue.path]),
        message: about(node, text.ru, text.en),
      });
    }
  }

  // Edges: existing nodes, existing ports, one edge per port.
  const next: Adjacency = new Map();
  const incoming = new Map<string, number>();
  const taken = new Set<string>();
  raw.edges.forEach((edge, i) => {
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

  // The trigger.
  const triggers = [...byId.values()].filter((n) => n.type === 'dailyTrigger');
  if (triggers.length === 0) {
    add('error', 'trigger.missing', {
      path: 'nodes',
      message: { ru: 'В сценарии нет узла «Ежедневный запуск»: без него сценарий не стартует', en: 'The scenario has no daily trigger, so it never starts' },
    });
  }
  for (const extra of triggers.slice(1)) {
    add('error', 'trigger.multiple', {
      nodeId: extra.id,
      path: `nodes[${extra.index}]`,
      message: about(extra, 'в сценарии может быть только один «Ежедневный запуск»', 'a scenario has exactly one daily trigger'),
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

  const trigger = triggers.length === 1 ? triggers[0] : null;
  if (trigger) {
    const reachable = reachableFrom(trigger.id, next);
    for (const node of byId.values()) {
      if (!reachable.has(node.id) && node.type !== 'dailyTrigger') {
        add('error', 'node.unreachable', {
          nodeId: node.id,
          path: `nodes[${node.index}]`,
          message: about(node, 'к узлу не ведёт ни одна цепочка от запуска, клиенты до него не дойдут', 'no path from the trigger reaches this node'),
        });
      }
    }
  }

  const texts = new TextChecks(raw.name, isValidTimeZone(raw.settings.timezone) ? raw.settings.timezone : 'UTC');
  for (const node of byId.values()) if (node.configOk) checkNodeRules(node, raw.settings, texts, add, about);

  if (trigger && cycles.length === 0) checkPaths(trigger, byId, next, texts, add, about);

  const document = unknownType
    ? null
    : ({ ...raw, nodes: raw.nodes.map((n, i) => ({ ...n, config: nodes[i].configOk ? nodes[i].config : n.config })) } as ScenarioDocument);
  return { document, problems };
}

type Add = (severity: Problem['severity'], code: ProblemCode, fields: Omit<Problem, 'severity' | 'code'>) => void;
type About = (node: NodeInfo, ru: string, en: string) => { ru: string; en: string };

function describeNode(n: z.infer<typeof RawNodeSchema>, index: number): NodeInfo {
  const type = Object.hasOwn(NODE_SPECS, n.type) ? (n.type as NodeType) : null;
  if (!type) return { index, id: n.id, type, config: n.config, configOk: false, configIssues: [], name: { ru: n.label || n.id, en: n.label || n.id } };
  const spec = NODE_SPECS[type];
  const parsed = spec.config.safeParse(n.config ?? (type === 'exit' ? {} : undefined));
  const label = n.label?.trim();
  if (!parsed.success) {
    return { index, id: n.id, type, config: n.config, configOk: false, configIssues: parsed.error.issues, name: { ru: label || spec.label.ru, en: label || spec.label.en } };
  }
  const summary = spec.summary as (c: unknown, lang: 'ru' | 'en') => string;
  return {
    index,
    id: n.id,
    type,
    config: parsed.data,
    configOk: true,
    configIssues: [],
    name: { ru: label || summary(parsed.data, 'ru'), en: label || summary(parsed.data, 'en') },
  };
}

function portsOf(node: NodeInfo): string[] | null {
  if (!node.type) return null;
  const ports = NODE_SPECS[node.type].ports as (c: unknown) => string[];
  if (node.configOk) return ports(node.config);
  try {
    // Most node types have fixed ports whatever the config; an A/B split with a broken config has unknown ones.
    return ports(node.config);
  } catch {
    return null;
  }
}

function portLabel(node: NodeInfo, port: string): { ru: string; en: string } {
  const labels = node.type ? NODE_SPECS[node.type].portLabels : undefined;
  return labels?.[port] ?? { ru: port, en: port };
}

function checkSettings(settings: ScenarioDocument['settings'], add: Add): void {
  if (!isValidTimeZone(settings.timezone)) {
    add('error', 'settings.timezone', {
      path: 'settings.timezone',
      message: {
        ru: `Часовой пояс «${settings.timezone}» не найден; укажите его как в базе IANA, например Europe/Moscow`,
        en: `Unknown time zone "${settings.timezone}"; use an IANA name such as Europe/Moscow`,
      },
    });
  }
  const quiet = settings.quietHours;
  if (quiet && quiet.start === quiet.end) {
    add('error', 'settings.quietHours', {
      path: 'settings.quietHours',
      message: {
        ru: `Тихие часы: начало и конец совпадают (${quiet.start}); укажите окно, например 21:00–09:00`,
        en: `Quiet hours start and end at the same time (${quiet.start}); give a window such as 21:00–09:00`,
      },
    });
  }
}

function checkNodeRules(node: NodeInfo, settings: ScenarioDocument['settings'], texts: TextChecks, add: Add, about: About): void {
  const at = (rest: string) => `nodes[${node.index}].config${rest}`;
  switch (node.type) {
    case 'filter': {
      const config = node.config as { condition: Parameters<typeof checkCondition>[0] };
      for (const issue of checkCondition(config.condition)) {
        add('error', issue.code, {
          nodeId: node.id,
          path: at(`.condition${issue.path ? (issue.path.startsWith('[') ? '' : '.') + issue.path : ''}`),
          message: about(node, `условие: ${issue.message.ru}`, `condition: ${issue.message.en}`),
        });
      }
      return;
    }
    case 'abSplit': {
      const config = node.config as { variants: Array<{ key: string }> };
      const seen = new Set<string>();
      config.variants.forEach((v, i) => {
        if (v.key === HOLDOUT_PORT) {
          add('error', 'abSplit.reservedKey', {
            nodeId: node.id,
            path: at(`.variants[${i}].key`),
            message: about(node, `ключ варианта «${HOLDOUT_PORT}» занят контрольной группой, выберите другой`, `variant key "${HOLDOUT_PORT}" is reserved for the holdout group`),
          });
        }
        if (seen.has(v.key)) {
          add('error', 'abSplit.duplicateKey', {
            nodeId: node.id,
            path: at(`.variants[${i}].key`),
            message: about(node, `два варианта с ключом «${v.key}»; ключи должны различаться`, `two variants share the key "${v.key}"`),
          });
        }
        seen.add(v.key);
      });
      return;
    }
    case 'grantBonus': {
      const config = node.config as { points: number; expiresInDays?: number; expiresInHours?: number };
      const both = config.expiresInDays !== undefined && config.expiresInHours !== undefined;
      if (both || (config.expiresInDays === undefined && config.expiresInHours === undefined)) {
        add('error', 'grantBonus.expiry', {
          nodeId: node.id,
          path: at(''),
          message: about(
            node,
            both ? 'укажите срок действия баллов либо в днях, либо в часах, а не оба сразу' : 'укажите срок действия баллов — в днях или в часах',
            both ? 'give the lifetime in days or in hours, not both' : 'give the points a lifetime, in days or in hours',
          ),
        });
      }
      if (settings.budget) {
        const max = maxBonusPoints(settings.budget);
        if (config.points > max) {
          const b = settings.budget;
          add('warning', 'bonus.overBudget', {
            nodeId: node.id,
            path: at('.points'),
            message: about(
              node,
              `${config.points} баллов больше бюджета на клиента — ${max} (средний чек ${b.avgCheck} ₽ × маржа ${b.marginPct}% × ${b.maxShareOfMarginPct}% маржи)`,
              `${config.points} points exceed the per-customer budget of ${max} (average check ${b.avgCheck} × margin ${b.marginPct}% × ${b.maxShareOfMarginPct}% of margin)`,
            ),
          });
        }
      }
      return;
    }
    case 'send':
    case 'reminder': {
      const config = node.config as MessageConfig;
      checkText(node, config.text, '.text', texts, add, about);
      if (config.subject) checkText(node, config.subject, '.subject', texts, add, about);
      const channels = [config.channel, ...(config.fallbackChannels ?? [])];
      if (channels.includes('sms')) {
        const sms = smsSegments(config.text);
        if (sms.segments > 1) {
          const encoding = sms.encoding === 'UCS-2' ? { ru: 'кириллица, UCS-2', en: 'UCS-2' } : { ru: 'латиница, GSM-7', en: 'GSM-7' };
          const single = sms.encoding === 'UCS-2' ? 70 : 160;
          add('warning', 'sms.segments', {
            nodeId: node.id,
            path: at('.text'),
            message: about(
              node,
              `SMS займёт ${pluralize(sms.segments, ['часть', 'части', 'частей'], 'ru')} и будет стоить как ${pluralize(sms.segments, ['сообщение', 'сообщения', 'сообщений'], 'ru')}: ${pluralize(sms.characters, ['символ', 'символа', 'символов'], 'ru')} (${encoding.ru}), а в одну SMS входит ${single}. Длина посчитана по тексту шаблона, переменные {{ … }} учтены как написаны`,
              `the SMS takes ${sms.segments} segments and is billed as ${sms.segments} messages: ${sms.characters} characters (${encoding.en}), one SMS holds ${single}. Counted on the template text, with {{ … }} tags as written`,
            ),
          });
        }
      }
      if (channels.includes('email') && !config.subject?.trim()) {
        add('warning', 'email.noSubject', {
          nodeId: node.id,
          path: at('.subject'),
          message: about(node, 'у письма нет темы: без неё письмо чаще попадает в спам и реже открывается', 'the email has no subject; such emails are opened less and flagged as spam more'),
        });
      }
      return;
    }
    case 'task': {
      checkText(node, (node.config as { text: string }).text, '.text', texts, add, about);
      return;
    }
    default:
      return;
  }
}

/**
 * The texts of one document, each checked once: syntax and variables, then a rendering for the worst-case customer
 * within the template budget. All texts together share a budget too, and only so much Liquid is parsed per
 * document, so validating even a hostile document stays cheap (it runs on every save, load and publish).
 */
class TextChecks {
  private readonly checks = new Map<string, TemplateCheck>();
  private readonly rendered = new Map<string, TemplateBudgetError | null>();
  private readonly budget = new TemplateBudget(DOCUMENT_TEMPLATE_LIMITS, null, 'document');
  private readonly context: MessageContext;
  private source = 0;
  private tooLongReported = false;
  /** The shared budget ran out (reported on the text where it did); later texts are not rendered. */
  private exhausted = false;

  constructor(
    scenarioName: string,
    private readonly timezone: string,
  ) {
    this.context = worstCaseContext(scenarioName);
  }

  /** Syntax and variables; null when the document's texts are already too long to parse this one. */
  check(text: string): TemplateCheck | null {
    let check = this.checks.get(text);
    if (!check) {
      if (this.source + text.length > DOCUMENT_TEMPLATE_SOURCE_LIMIT) return null;
      this.source += text.length;
      check = checkTemplate(text);
      this.checks.set(text, check);
    }
    return check;
  }

  /** True for the first text over the document's source limit only: that one is reported, the rest skipped quietly. */
  reportTooLong(): boolean {
    const first = !this.tooLongReported;
    this.tooLongReported = true;
    return first;
  }

  /** The limit rendering the text for the worst-case customer runs into; null within the budget or not rendered. */
  render(text: string): TemplateBudgetError | null {
    if (this.exhausted) return null;
    let over = this.rendered.get(text);
    if (over === undefined) {
      over = null;
      try {
        renderTemplate(text, this.context, { timezone: this.timezone, budget: new TemplateBudget(TEMPLATE_LIMITS, this.budget) });
      } catch (error) {
        // Other render errors depend on the customer's data: at send time they fail that one message, with the reason.
        if (error instanceof TemplateBudgetError) over = error;
      }
      if (over?.scope === 'document') this.exhausted = true;
      this.rendered.set(text, over);
    }
    return over;
  }
}

function checkText(node: NodeInfo, text: string, field: string, texts: TextChecks, add: Add, about: About): void {
  const path = `nodes[${node.index}].config${field}`;
  const what = field === '.subject' ? { ru: 'тема письма', en: 'subject' } : { ru: 'текст', en: 'text' };
  const check = texts.check(text);
  if (!check) {
    if (texts.reportTooLong()) {
      const max = { ru: formatNumber(DOCUMENT_TEMPLATE_SOURCE_LIMIT, 'ru'), en: formatNumber(DOCUMENT_TEMPLATE_SOURCE_LIMIT, 'en') };
      add('error', 'template.budget', {
        nodeId: node.id,
        path,
        message: about(
          node,
          `тексты сценария вместе длиннее ${max.ru} символов, дальше они не проверяются. Сократите тексты`,
          `the scenario's texts together are longer than ${max.en} characters, so the rest are not checked. Shorten them`,
        ),
      });
    }
    return;
  }
  if (check.error) {
    add('error', 'template.syntax', { nodeId: node.id, path, message: about(node, `${what.ru}: ${check.error.ru}`, `${what.en}: ${check.error.en}`) });
    return;
  }
  for (const variable of check.unknownVariables) {
    add('warning', 'template.unknownVariable', {
      nodeId: node.id,
      path,
      message: about(node, `${what.ru}: переменной {{ ${variable} }} нет, на её месте будет пусто`, `${what.en}: there is no variable {{ ${variable} }}; it renders empty`),
    });
  }
  const over = texts.render(text);
  if (over) {
    const message =
      over.scope === 'document'
        ? about(node, `тексты сценария вместе делают слишком много работы: ${over.text.ru}. Упростите шаблоны`, `the scenario's texts together do too much work: ${over.text.en}. Simplify the templates`)
        : about(node, `${what.ru} делает слишком много работы: ${over.text.ru}. Упростите шаблон`, `the ${what.en} does too much work: ${over.text.en}. Simplify the template`);
    add('error', 'template.budget', { nodeId: node.id, path, message });
  }
}

/** Warnings along paths from the trigger (the graph is acyclic here): message count, bonus before its reminder. */
function checkPaths(trigger: NodeInfo, byId: Map<string, NodeInfo>, next: Adjacency, texts: TextChecks, add: Add, about: About): void {
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
