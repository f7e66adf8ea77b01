import type { Plan } from '../../shared/scenario/plan';
import type { ScenarioDocument } from '../../shared/scenario/schema';
import type { Sql } from '../db/client';

/** Stores a document as an active scenario with one published version (the rows runs refer to). */
export async function storePublishedScenario(sql: Sql, doc: ScenarioDocument, plan: Plan, publishedAt: Date): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO scenarios (id, name, status, draft, current_version, created_at, updated_at)
      VALUES (${plan.scenarioId}, ${doc.name}, 'active', ${tx.json(doc as never)}, ${plan.version}, ${publishedAt}, ${publishedAt})`;
    await tx`
      INSERT INTO scenario_versions (scenario_id, version, document, plan, published_at)
      VALUES (${plan.scenarioId}, ${plan.version}, ${tx.json(doc as never)}, ${tx.json(plan as never)}, ${publishedAt})`;
  });
}
