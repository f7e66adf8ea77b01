import { checkCondition } from '../conditions/check';
import { attributeKeyProblem, attributeValueProblem, normalizeTag, tagProblem, type ProfileAction } from '../conditions/profile';
import { smsSegments } from '../messages/sms';
import { pluralize } from '../templates/format';
import { inQuietHours } from '../time/quietHours';
import { WEEKDAY_NAMES, WEEKDAYS } from '../time/timeOfDay';
import { isValidTimeZone, parseTimeOfDay } from '../time/zoned';
import { HOLDOUT_PORT } from '../ab/assign';
import { maxBonusPoints } from './budget';
import type { MessageConfig } from './nodes/message';
import type { WaitUntilConfig } from './nodes/waitUntil';
import type { ScenarioDocument } from './schema';
import type { About, Add, NodeInfo } from './validateContext';
import { checkText, type TextChecks } from './validateTexts';
import { checkWebhook, type ValidationContext } from './validateWebhook';

// Part of validateScenario (./validate.ts): the rules of the settings and of each node type's config beyond what
// their zod schemas say.

/** A time zone that exists and a quiet-hours window that is one. */
export function checkSettings(settings: ScenarioDocument['settings'], add: Add): void {
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

/** The rules of a node type's config beyond its schema (conditions, A/B keys, bonus expiry and budget, message texts). */
export function checkNodeRules(
  node: NodeInfo,
  settings: ScenarioDocument['settings'],
  texts: TextChecks,
  add: Add,
  about: About,
  context: ValidationContext = {},
): void {
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
      const config = node.config as { variants: Array<{ key: string }>; winner?: string };
      if (config.winner !== undefined && !config.variants.some((v) => v.key === config.winner)) {
        add('error', 'abSplit.unknownWinner', {
          nodeId: node.id,
          path: at('.winner'),
          message: about(node, `победитель «${config.winner}» — не вариант этого теста`, `the winner "${config.winner}" is not one of this split's variants`),
        });
      }
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
    case 'waitUntil': {
      const config = node.config as WaitUntilConfig;
      const weekdays = config.mode === 'timeOfDay' ? (config.weekdays ?? []) : [];
      const twice = WEEKDAYS.filter((w) => weekdays.filter((d) => d === w).length > 1);
      if (twice.length > 0) {
        add('error', 'waitUntil.weekdays', {
          nodeId: node.id,
          path: at('.weekdays'),
          message: about(
            node,
            `день недели выбран дважды: ${twice.map((w) => WEEKDAY_NAMES[w].ru).join(', ')}`,
            `a weekday is listed twice: ${twice.map((w) => WEEKDAY_NAMES[w].en).join(', ')}`,
          ),
        });
      }
      const quiet = settings.quietHours;
      if (quiet && quiet.start !== quiet.end && inQuietHours(parseTimeOfDay(config.time), quiet)) {
        add('warning', 'waitUntil.quietHours', {
          nodeId: node.id,
          path: at('.time'),
          message: about(
            node,
            `${config.time} попадает в тихие часы ${quiet.start}–${quiet.end}: сообщение сразу после этого шага уйдёт только в ${quiet.end}`,
            `${config.time} falls in the quiet hours ${quiet.start}–${quiet.end}: a message right after this step goes only at ${quiet.end}`,
          ),
        });
      }
      return;
    }
    case 'webhook':
      checkWebhook(node, texts, add, about, context);
      return;
    case 'segmentTrigger': {
      const { segmentId } = node.config as { segmentId: string };
      if (context.segments && !context.segments.some((s) => s.id === segmentId)) {
        add('error', 'segmentTrigger.unknownSegment', {
          nodeId: node.id,
          path: at('.segmentId'),
          message: about(node, 'такого сегмента нет (его удалили?): выберите сохранённый сегмент', 'there is no such segment (deleted?): pick a saved segment'),
        });
      }
      return;
    }
    case 'updateCustomer':
      checkProfileActions(node, (node.config as { actions: ProfileAction[] }).actions, add, about);
      return;
    default:
      return;
  }
}


/** An `updateCustomer` node: at least one action, tags and keys that can be stored, no action undoing another. */
function checkProfileActions(node: NodeInfo, actions: ProfileAction[], add: Add, about: About): void {
  const at = (rest: string) => `nodes[${node.index}].config.actions${rest}`;
  if (actions.length === 0) {
    add('error', 'updateCustomer.noActions', {
      nodeId: node.id,
      path: at(''),
      message: about(node, 'нет ни одного действия: добавьте тег или атрибут, который нужно изменить', 'no actions: add a tag or an attribute to change'),
    });
    return;
  }
  const tagKinds = new Map<string, string>();
  const keyKinds = new Map<string, string>();
  actions.forEach((action, i) => {
    const n = i + 1;
    if (action.kind === 'addTag' || action.kind === 'removeTag') {
      const problem = tagProblem(action.tag);
      if (problem) {
        add('error', 'updateCustomer.tag', { nodeId: node.id, path: at(`[${i}].tag`), message: about(node, `действие ${n}: ${problem.ru}`, `action ${n}: ${problem.en}`) });
        return;
      }
      const tag = normalizeTag(action.tag);
      const other = tagKinds.get(tag);
      if (other && other !== action.kind) {
        add('error', 'updateCustomer.contradiction', {
          nodeId: node.id,
          path: at(`[${i}]`),
          message: about(node, `действие ${n}: тег «${tag}» и ставится, и снимается в одном узле`, `action ${n}: the tag "${tag}" is both added and removed in one node`),
        });
      }
      tagKinds.set(tag, action.kind);
      return;
    }
    const keyProblem = attributeKeyProblem(action.key);
    if (keyProblem) {
      add('error', 'updateCustomer.key', { nodeId: node.id, path: at(`[${i}].key`), message: about(node, `действие ${n}: ${keyProblem.ru}`, `action ${n}: ${keyProblem.en}`) });
      return;
    }
    if (action.kind === 'setAttribute') {
      const valueProblem = attributeValueProblem(action.value);
      if (valueProblem) {
        add('error', 'updateCustomer.value', { nodeId: node.id, path: at(`[${i}].value`), message: about(node, `действие ${n}: ${valueProblem.ru}`, `action ${n}: ${valueProblem.en}`) });
      }
    }
    if (keyKinds.has(action.key)) {
      add('error', 'updateCustomer.contradiction', {
        nodeId: node.id,
        path: at(`[${i}]`),
        message: about(node, `действие ${n}: атрибут «${action.key}» уже меняется в этом узле`, `action ${n}: the attribute "${action.key}" is already changed in this node`),
      });
    }
    keyKinds.set(action.key, action.kind);
  });
}
