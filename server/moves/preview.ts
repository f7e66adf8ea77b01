import type { MovePreview } from '../../shared/api/moves';
import { CHANNELS } from '../../shared/scenario/channels';
import type { Plan } from '../../shared/scenario/plan';
import { projectRun, type ProjectedEffect, type ProjectedStart } from '../../shared/scenario/project';
import { usualOrderHour } from '../../shared/time/usualHour';
import { loadFactsOf } from '../customers/facts';
import { latestOrderTimes } from '../customers/usualHour';
import type { Sql } from '../db/client';
import type { CheckedChoices } from './choices';
import { liveRuns, type LiveRun } from './live';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Changed runs listed by name in the answer (the count covers them all). */
const SAMPLE = 50;

type Totals = MovePreview['stay'];
const emptyTotals = (): Totals => ({ messages: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Totals['messages'], points: 0, tasks: 0, exits: 0 });

function add(totals: Totals, effects: ProjectedEffect[]) {
  for (const e of effects) {
    if (e.kind === 'message' && e.channel) totals.messages[e.channel]++;
    else if (e.kind === 'bonus') totals.points += e.points ?? 0;
    else if (e.kind === 'task') totals.tasks++;
  }
}

/** When the wait a run is in began, from its wake-up and the wait's length (null when it is not waiting). */
function waitStart(plan: Plan, run: LiveRun): Date | null {
  const node = run.nodeId ? plan.nodes[run.nodeId] : undefined;
  if (node?.type !== 'wait' || !run.nextWakeAt) return null;
  return new Date(run.nextWakeAt.getTime() - (node.config.days * 24 + (node.config.hours ?? 0)) * HOUR);
}

/**
 * The dry run of a move plan over the real live runs: for the next `horizonDays`, what every run concerned would
 * do if it stays on its version and what it would do under the plan (shared/scenario/project.ts), summed, and the
 * runs for which the two differ. Reads only; nothing is sent or written.
 */
export async function previewMoves(sql: Sql, checked: CheckedChoices, options: { scenarioId: string; now?: Date; horizonDays?: number }): Promise<MovePreview> {
  const now = options.now ?? new Date();
  const horizonDays = options.horizonDays ?? 30;
  const until = new Date(now.getTime() + horizonDays * DAY);
  const stay = emptyTotals();
  const plan = emptyTotals();
  const sample: MovePreview['sample'] = [];
  let runs = 0;
  let changed = 0;
  const versions = [...checked.byVersion.keys()];
  // Messages sent at the customer's own hour need their order history; other plans read none.
  const atCustomerHour = [checked.to, ...[...checked.byVersion.values()].map((v) => v.plan)].some((p) =>
    Object.values(p.nodes).some((n) => (n.type === 'send' || n.type === 'reminder') && n.config.atCustomerHour),
  );
  for await (const page of liveRuns(sql, options.scenarioId, versions)) {
    const ids = [...new Set(page.map((r) => r.customerId))];
    const facts = await loadFactsOf(sql, ids, now);
    const orderTimes = atCustomerHour ? await latestOrderTimes(sql, ids, now) : null;
    for (const run of page) {
      const from = checked.byVersion.get(run.version)!;
      runs++;
      const base: Omit<ProjectedStart, 'plan' | 'nodeId' | 'waitStartedAt'> = { customerId: run.customerId, bonus: run.bonus, facts: facts.get(run.customerId) ?? null, timeZone: run.timeZone };
      if (orderTimes) base.usualHour = usualOrderHour(orderTimes.get(run.customerId) ?? [], run.timeZone ?? from.plan.settings.timezone);
      const startNode = run.nodeId ?? from.plan.entry;
      const started = waitStart(from.plan, run);
      const before = startNode ? projectRun({ ...base, plan: from.plan, nodeId: startNode, waitStartedAt: started }, now, until).effects : [];
      const choice = run.nodeId ? from.choices[run.nodeId] : undefined;
      let after = before;
      if (choice?.action === 'exit') {
        after = [];
        plan.exits++;
      } else if (choice?.action === 'move') {
        after = projectRun({ ...base, plan: checked.to, nodeId: choice.to, waitStartedAt: started }, now, until).effects;
      }
      add(stay, before);
      add(plan, after);
      if (choice && signature(from.plan, before) !== signature(checked.to, after)) {
        changed++;
        if (sample.length < SAMPLE) {
          sample.push({
            runId: run.id,
            customerId: run.customerId,
            customerName: run.customerName,
            fromVersion: run.version,
            fromNode: from.plan.nodes[run.nodeId!]?.name ?? run.nodeId!,
            choice,
            stay: before.map((e) => effectJson(from.plan, e)),
            plan: after.map((e) => effectJson(checked.to, e)),
          });
        }
      }
    }
  }
  return {
    toVersion: checked.toVersion,
    horizonDays,
    from: now.toISOString(),
    until: until.toISOString(),
    runs,
    stay,
    plan,
    changed,
    sample,
    assumptions: [
      { ru: `Прогноз на ${horizonDays} дней вперёд, если клиент за это время ничего не купит: проверка заказов идёт по ветке «нет».`, en: `A forecast for the next ${horizonDays} days, assuming the customer buys nothing meanwhile: order checks take “no”.` },
      { ru: 'Фильтры видят сегодняшние данные клиента, ограничения частоты пропускают, каналы — по сегодняшним подпискам, тихие часы учтены.', en: 'Filters see today’s customer facts, frequency limits pass, channels follow today’s subscriptions, quiet hours apply.' },
      { ru: 'Клиенты переходят в момент применения плана (ожидающие — сразу); ожидание, на которое перенесли из ожидания, считается от начала прежнего.', en: 'Runs move when the plan is applied (waiting ones at once); a wait moved to from a wait counts from when the old one began.' },
    ],
  };
}

function signature(plan: Plan, effects: ProjectedEffect[]): string {
  return effects.map((e) => `${e.kind}|${plan.nodes[e.nodeId]?.name}|${e.channel ?? ''}|${e.points ?? ''}|${Math.round(e.at.getTime() / HOUR)}`).join(';');
}

function effectJson(plan: Plan, e: ProjectedEffect): MovePreview['sample'][number]['stay'][number] {
  return { at: e.at.toISOString(), nodeId: e.nodeId, name: plan.nodes[e.nodeId]?.name ?? e.nodeId, kind: e.kind, ...(e.channel && { channel: e.channel }), ...(e.points !== undefined && { points: e.points }) };
}
