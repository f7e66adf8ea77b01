import type postgres from 'postgres';
import { audit } from '../audit';
import type { Sql } from '../db/client';

import type { StaffTask, TaskStatus } from '../../shared/api/support';

interface TaskRow {
  id: number;
  text: string;
  status: TaskStatus;
  role: string;
  outcome: string | null;
  created_at: Date;
  taken_at: Date | null;
  closed_at: Date | null;
  customer_id: string;
  customer_name: string | null;
  customer_phone: string | null;
  scenario_id: string | null;
  scenario_name: string | null;
  run_id: string | null;
  node_id: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
  comments: { id: number; text: string; at: string; author: string | null }[];
}

const taskOf = (r: TaskRow): StaffTask => ({
  id: r.id,
  text: r.text,
  status: r.status,
  role: r.role,
  outcome: r.outcome,
  createdAt: r.created_at.toISOString(),
  takenAt: r.taken_at?.toISOString() ?? null,
  closedAt: r.closed_at?.toISOString() ?? null,
  customer: { id: r.customer_id, name: r.customer_name, phone: r.customer_phone },
  scenario: r.scenario_id ? { id: r.scenario_id, name: r.scenario_name ?? '' } : null,
  runId: r.run_id,
  nodeId: r.node_id,
  assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
  comments: r.comments.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
});

function selectTasks(sql: Sql, where: postgres.PendingQuery<postgres.Row[]>, limit: number) {
  return sql<TaskRow[]>`
    SELECT t.id, t.text, t.status, t.role, t.outcome, t.created_at, t.taken_at, t.closed_at,
           t.customer_id, c.name AS customer_name, c.phone AS customer_phone,
           t.scenario_id, s.name AS scenario_name, t.run_id, t.node_id, t.assignee_id, u.name AS assignee_name,
           coalesce((SELECT json_agg(json_build_object('id', k.id, 'text', k.text, 'at', k.created_at, 'author', ku.name) ORDER BY k.created_at, k.id)
                       FROM staff_task_comments k LEFT JOIN users ku ON ku.id = k.user_id WHERE k.task_id = t.id), '[]') AS comments
      FROM staff_tasks t
      JOIN customers c ON c.id = t.customer_id
      LEFT JOIN scenarios s ON s.id = t.scenario_id
      LEFT JOIN users u ON u.id = t.assignee_id
     WHERE ${where}
     ORDER BY t.created_at, t.id
     LIMIT ${limit}`;
}

/** The queue: oldest first; without a status, the work still to do (open and taken). */
export async function listTasks(sql: Sql, filter: { status?: TaskStatus; role?: string; limit?: number }): Promise<StaffTask[]> {
  const statuses = filter.status ? [filter.status] : ['open', 'taken'];
  const where = sql`t.status = ANY(${statuses}::text[]) ${filter.role ? sql`AND t.role = ${filter.role}` : sql``}`;
  return (await selectTasks(sql, where, filter.limit ?? 200)).map(taskOf);
}

export async function getTask(sql: Sql, id: number): Promise<StaffTask | null> {
  const [row] = await selectTasks(sql, sql`t.id = ${id}`, 1);
  return row ? taskOf(row) : null;
}

type Actor = { userId: number; tokenId: null };
export type TaskChange = { ok: true; task: StaffTask } | { ok: false; problem: 'not_found' | 'closed' | 'taken_by_other'; task?: StaffTask };

/** Assigns an open task to the caller (or takes over one they hold already). A task held by someone else is refused: one owner at a time. */
export async function takeTask(sql: Sql, id: number, actor: Actor): Promise<TaskChange> {
  const [updated] = await sql<{ id: number }[]>`
    UPDATE staff_tasks SET status = 'taken', assignee_id = ${actor.userId}, taken_at = now()
     WHERE id = ${id} AND (status = 'open' OR (status = 'taken' AND assignee_id = ${actor.userId})) RETURNING id`;
  const task = await getTask(sql, id);
  if (!task) return { ok: false, problem: 'not_found' };
  if (!updated) return { ok: false, problem: task.status === 'closed' ? 'closed' : 'taken_by_other', task };
  await audit(sql, { ...actor, action: 'task.take', entity: `task:${id}` });
  return { ok: true, task };
}

export async function commentTask(sql: Sql, id: number, text: string, actor: Actor): Promise<TaskChange> {
  const task = await getTask(sql, id);
  if (!task) return { ok: false, problem: 'not_found' };
  const [comment] = await sql<{ id: number }[]>`INSERT INTO staff_task_comments (task_id, user_id, text) VALUES (${id}, ${actor.userId}, ${text}) RETURNING id`;
  await audit(sql, { ...actor, action: 'task.comment', entity: `task:${id}`, details: { commentId: comment.id } });
  return { ok: true, task: (await getTask(sql, id))! };
}

/** Closes with what came of it ("перезвонил, придёт в субботу"). Whoever holds it, or anyone if nobody took it. */
export async function closeTask(sql: Sql, id: number, outcome: string, actor: Actor): Promise<TaskChange> {
  const [updated] = await sql<{ id: number }[]>`
    UPDATE staff_tasks SET status = 'closed', outcome = ${outcome}, closed_at = now(), assignee_id = coalesce(assignee_id, ${actor.userId})
     WHERE id = ${id} AND (status = 'open' OR (status = 'taken' AND assignee_id = ${actor.userId})) RETURNING id`;
  const task = await getTask(sql, id);
  if (!task) return { ok: false, problem: 'not_found' };
  if (!updated) return { ok: false, problem: task.status === 'closed' ? 'closed' : 'taken_by_other', task };
  await audit(sql, { ...actor, action: 'task.close', entity: `task:${id}`, details: { outcome } });
  return { ok: true, task };
}
