import type { Channel, NodeType } from '../../shared/scenario/schema';
import type { CustomerCard, RunStatus, TaskStatus } from '../../shared/api/support';
import { bonusBalance } from '../bonus/ledger';
import { consentHistory } from '../consent/history';
import type { Attributes } from '../../shared/conditions/profile';
import type { Sql } from '../db/client';
import { inControlGroup } from '../policy/control';
import { loadPolicy } from '../policy/store';
import { runVersionsSql } from './runs';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** How many of the latest orders, ledger lines and messages the card shows. */
export const CARD_LIMITS = { orders: 20, ledger: 50, messages: 50, tasks: 50, runs: 100, entrySkips: 20, profileChanges: 20 } as const;

/**
 * Everything support needs to answer "where is this customer, and why?" in one read, including who changed their
 * consents and when. Null when no such customer.
 */
export async function customerCard(sql: Sql, customerId: string, now: Date): Promise<CustomerCard | null> {
  const [c] = await sql<{ id: string; name: string | null; phone: string | null; email: string | null; telegram_chat_id: string | null; push_token: string | null; city: string | null; card_type: 'regular' | 'vip'; registered_at: Date; timezone: string | null; birth_date: string | null; sub_sms: boolean; sub_email: boolean; sub_telegram: boolean; sub_push: boolean; tags: string[]; attributes: Attributes }[]>`
    SELECT id, name, phone, email, telegram_chat_id, push_token, city, card_type, registered_at, timezone, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sub_sms, sub_email, sub_telegram, sub_push,
           tags, attributes
      FROM customers WHERE id = ${customerId}`;
  if (!c) return null;

  const [statsRows, orders, ledger, expiring, messages, tasks, runs, balance, consent, policy, skips, profileChanges] = await Promise.all([
    sql<{ order_count: number; total_spent: number; avg_check: number | null; first_order_at: Date | null; last_order_at: Date | null; avg_days_between_orders: number | null; favorite_category: string | null }[]>`
      SELECT order_count, total_spent, avg_check, first_order_at, last_order_at, avg_days_between_orders, favorite_category
        FROM customer_stats WHERE customer_id = ${customerId}`,
    sql<{ id: string; amount: number; placed_at: Date; bonus_spent: number; items: { sku: string; name: string; category: string | null; qty: number; price: number }[] }[]>`
      SELECT o.id, o.amount, o.placed_at, o.bonus_spent,
             coalesce((SELECT json_agg(json_build_object('sku', i.sku, 'name', i.name, 'category', i.category, 'qty', i.qty::float8, 'price', i.price::float8) ORDER BY i.line_no)
                         FROM order_items i WHERE i.order_id = o.id), '[]') AS items
        FROM orders o WHERE o.customer_id = ${customerId}
       ORDER BY o.placed_at DESC LIMIT ${CARD_LIMITS.orders}`,
    sql<{ id: number; kind: 'grant' | 'redeem' | 'expire'; points: number; at: Date; expires_at: Date | null; reason: string | null; order_id: string | null; run_id: string | null }[]>`
      SELECT id, kind, points, at, expires_at, reason, order_id, run_id FROM bonus_ledger
       WHERE customer_id = ${customerId} ORDER BY at DESC, id DESC LIMIT ${CARD_LIMITS.ledger}`,
    sql<{ id: number; remaining: number; expires_at: Date | null }[]>`
      SELECT g.id, (g.points + coalesce(sum(u.points) FILTER (WHERE u.at <= ${now}), 0))::int AS remaining, g.expires_at
        FROM bonus_ledger g LEFT JOIN bonus_ledger u ON u.grant_id = g.id
       WHERE g.customer_id = ${customerId} AND g.kind = 'grant' AND g.at <= ${now} AND (g.expires_at IS NULL OR g.expires_at > ${now})
       GROUP BY g.id
      HAVING g.points + coalesce(sum(u.points) FILTER (WHERE u.at <= ${now}), 0) > 0
       ORDER BY g.expires_at NULLS LAST, g.id`,
    sql<{ id: number; channel: Channel; recipient: string; subject: string | null; text: string; status: CustomerCard['messages'][number]['status']; provider: string; error: string | null; segments: number | null; cost: number; created_at: Date; sent_at: Date | null; run_id: string | null; scenario_id: string | null; node_id: string | null }[]>`
      SELECT id, channel, recipient, subject, text, status, provider, error, segments, cost, created_at, sent_at, run_id, scenario_id, node_id
        FROM messages WHERE customer_id = ${customerId} ORDER BY created_at DESC, id DESC LIMIT ${CARD_LIMITS.messages}`,
    sql<{ id: number; text: string; status: TaskStatus; role: string; outcome: string | null; created_at: Date; closed_at: Date | null; run_id: string | null; scenario_name: string | null }[]>`
      SELECT t.id, t.text, t.status, t.role, t.outcome, t.created_at, t.closed_at, t.run_id, s.name AS scenario_name
        FROM staff_tasks t LEFT JOIN scenarios s ON s.id = t.scenario_id
       WHERE t.customer_id = ${customerId} ORDER BY t.created_at DESC LIMIT ${CARD_LIMITS.tasks}`,
    // The current node is looked up in the version the run executes now, which a move plan may have changed.
    sql<{ id: string; scenario_id: string; scenario_name: string; version: number; current_version: number; moved_to: number[]; variant: string | null; status: RunStatus; entered_at: Date; ended_at: Date | null; end_reason: string | null; current_node_id: string | null; current_node: { type: NodeType; label: string | null } | null; next_wake_at: Date | null }[]>`
      SELECT r.id, r.scenario_id, s.name AS scenario_name, r.version, ${runVersionsSql(sql)}, r.variant, r.status, r.entered_at, r.ended_at, r.end_reason, r.current_node_id, r.next_wake_at,
             (SELECT jsonb_build_object('type', n->>'type', 'label', n->>'label') FROM jsonb_array_elements(v.document->'nodes') n
               WHERE n->>'id' = r.current_node_id LIMIT 1) AS current_node
        FROM runs r JOIN scenarios s ON s.id = r.scenario_id
        JOIN scenario_versions v ON v.scenario_id = r.scenario_id AND v.version = coalesce(r.plan_version, r.version)
       WHERE r.customer_id = ${customerId}
       ORDER BY (r.status = 'running') DESC, r.entered_at DESC LIMIT ${CARD_LIMITS.runs}`,
    bonusBalance(sql, customerId, now),
    consentHistory(sql, customerId),
    loadPolicy(sql),
    sql<{ scenario_id: string; scenario_name: string; day: string; at: Date; reason: CustomerCard['entrySkips'][number]['reason']; other_scenario_id: string | null; other_name: string | null }[]>`
      SELECT k.scenario_id, s.name AS scenario_name, k.day::text AS day, k.at, k.reason, k.other_scenario_id, o.name AS other_name
        FROM entry_skips k JOIN scenarios s ON s.id = k.scenario_id LEFT JOIN scenarios o ON o.id = k.other_scenario_id
       WHERE k.customer_id = ${customerId}
       ORDER BY k.at DESC, k.scenario_id LIMIT ${CARD_LIMITS.entrySkips}`,
    sql<{ at: Date; scenario_id: string | null; scenario_name: string | null; run_id: string | null; node_id: string | null; changed: string[] }[]>`
      SELECT ch.at, ch.scenario_id, s.name AS scenario_name, ch.run_id, ch.node_id, ch.changes->'changed' AS changed
        FROM customer_changes ch LEFT JOIN scenarios s ON s.id = ch.scenario_id
       WHERE ch.customer_id = ${customerId} AND jsonb_array_length(ch.changes->'changed') > 0
       ORDER BY ch.at DESC, ch.id DESC LIMIT ${CARD_LIMITS.profileChanges}`,
  ]);
  const s = statsRows[0];
  return {
    customer: {
      id: c.id,
      name: c.name,
      phone: c.phone,
      email: c.email,
      telegramChatId: c.telegram_chat_id,
      pushToken: c.push_token,
      city: c.city,
      cardType: c.card_type,
      registeredAt: c.registered_at.toISOString(),
      timezone: c.timezone,
      birthDate: c.birth_date,
      subscriptions: { sms: c.sub_sms, email: c.sub_email, telegram: c.sub_telegram, push: c.sub_push },
      tags: c.tags,
      attributes: c.attributes,
    },
    profileChanges: profileChanges.map((p) => ({ at: p.at.toISOString(), scenarioId: p.scenario_id, scenarioName: p.scenario_name, runId: p.run_id, nodeId: p.node_id, changed: p.changed })),
    stats: {
      orderCount: s?.order_count ?? 0,
      totalSpent: s?.total_spent ?? 0,
      avgCheck: s?.avg_check ?? null,
      firstOrderAt: iso(s?.first_order_at ?? null),
      lastOrderAt: iso(s?.last_order_at ?? null),
      avgDaysBetweenOrders: s?.avg_days_between_orders ?? null,
      favoriteCategory: s?.favorite_category ?? null,
    },
    orders: orders.map((o) => ({ id: o.id, amount: o.amount, placedAt: o.placed_at.toISOString(), bonusSpent: o.bonus_spent, items: o.items })),
    bonus: {
      balance,
      expiring: expiring.map((g) => ({ grantId: g.id, remaining: g.remaining, expiresAt: iso(g.expires_at) })),
      ledger: ledger.map((l) => ({ id: l.id, kind: l.kind, points: l.points, at: l.at.toISOString(), expiresAt: iso(l.expires_at), reason: l.reason, orderId: l.order_id, runId: l.run_id })),
    },
    messages: messages.map((m) => ({ id: m.id, channel: m.channel, recipient: m.recipient, subject: m.subject, text: m.text, status: m.status, provider: m.provider, error: m.error, segments: m.segments, cost: m.cost, createdAt: m.created_at.toISOString(), sentAt: iso(m.sent_at), runId: m.run_id, scenarioId: m.scenario_id, nodeId: m.node_id })),
    tasks: tasks.map((t) => ({ id: t.id, text: t.text, status: t.status, role: t.role, outcome: t.outcome, createdAt: t.created_at.toISOString(), closedAt: iso(t.closed_at), runId: t.run_id, scenarioName: t.scenario_name })),
    runs: runs.map((r) => ({ id: r.id, scenarioId: r.scenario_id, scenarioName: r.scenario_name, version: r.version, currentVersion: r.current_version, movedTo: r.moved_to, variant: r.variant, status: r.status, enteredAt: r.entered_at.toISOString(), endedAt: iso(r.ended_at), endReason: r.end_reason, currentNodeId: r.current_node_id, currentNode: r.current_node, nextWakeAt: iso(r.next_wake_at) })),
    consent,
    ...cardPolicyPart(c.id, policy, skips),
  };
}

/**
 * The card's part of the communication policy: whether the customer is in the global control group (the same hash
 * enrolment uses, so the card and the scenarios agree), and the latest times an audience selected them but they did
 * not enter, with the scenario that held them.
 */
export function cardPolicyPart(
  customerId: string,
  policy: { controlSeed: string; controlGroup: { sharePct: number } },
  skips: Array<{ scenario_id: string; scenario_name: string; day: string; at: Date; reason: CustomerCard['entrySkips'][number]['reason']; other_scenario_id: string | null; other_name: string | null }>,
): Pick<CustomerCard, 'controlGroup' | 'entrySkips'> {
  return {
    controlGroup: { member: inControlGroup(customerId, policy), sharePct: policy.controlGroup.sharePct },
    entrySkips: skips.map((k) => ({
      scenarioId: k.scenario_id,
      scenarioName: k.scenario_name,
      day: k.day,
      at: k.at.toISOString(),
      reason: k.reason,
      otherScenarioId: k.other_scenario_id,
      otherScenarioName: k.other_name,
    })),
  };
}
