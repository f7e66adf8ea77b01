import type { MoveChoices } from '../../shared/api/moves';
import type { Lang } from '../../shared/i18n/text';
import { checkMove, type MoveChoice } from '../../shared/scenario/moves';
import type { Plan } from '../../shared/scenario/plan';
import { conflict, unprocessable, type Issue } from '../api/errors';
import type { LiveVersions } from './live';

/** A checked plan: per older version with live runs, the nodes whose runs move or exit (stays dropped). */
export interface CheckedChoices {
  toVersion: number;
  to: Plan;
  byVersion: Map<number, { plan: Plan; choices: Record<string, MoveChoice> }>;
}

/**
 * Checks a marketer's choices against the live versions: each version must be an older one with live runs, each
 * node one of that version's, each move allowed by `checkMove`. Every problem is reported at once (422), each with
 * the path `<version>.<node id>` it is about.
 */
export function checkChoices(live: LiveVersions, choices: MoveChoices, lang: Lang): CheckedChoices {
  if (!live.current) {
    throw conflict('scenario_not_published', { ru: 'Сценарий ещё не опубликован: переносить клиентов некуда.', en: 'The scenario has not been published: there is no version to move runs to.' });
  }
  const issues: Issue[] = [];
  const byVersion: CheckedChoices['byVersion'] = new Map();
  for (const [key, nodes] of Object.entries(choices)) {
    const version = Number(key);
    const older = live.older.find((v) => v.version === version);
    if (!older) {
      const why =
        version === live.current.version
          ? { ru: `v${version} — текущая версия: её клиентов переносить некуда.`, en: `v${version} is the current version: its runs have nowhere to move.` }
          : { ru: `В версии ${version} нет клиентов в пути.`, en: `Version ${version} has no live runs.` };
      issues.push({ path: key, code: 'no_live_runs', message: why[lang] });
      continue;
    }
    const kept: Record<string, MoveChoice> = {};
    for (const [nodeId, choice] of Object.entries(nodes)) {
      if (!older.plan.nodes[nodeId]) {
        issues.push({ path: `${key}.${nodeId}`, code: 'unknown_node', message: lang === 'ru' ? `В версии ${version} нет шага «${nodeId}».` : `Version ${version} has no step “${nodeId}”.` });
        continue;
      }
      if (choice.action === 'stay') continue;
      if (choice.action === 'move') {
        const target = checkMove(older.plan, nodeId, live.current.plan, choice.to);
        if (!target.allowed) {
          issues.push({ path: `${key}.${nodeId}`, code: 'move_refused', message: target.why![lang] });
          continue;
        }
      }
      kept[nodeId] = choice;
    }
    if (Object.keys(kept).length) byVersion.set(version, { plan: older.plan, choices: kept });
  }
  if (issues.length) {
    throw unprocessable('move_plan_invalid', { ru: `План переноса нельзя применить: проблем — ${issues.length} (список — в issues).`, en: `The move plan cannot be applied: ${issues.length} problem(s), see issues.` }, issues);
  }
  return { toVersion: live.current.version, to: live.current.plan, byVersion };
}
