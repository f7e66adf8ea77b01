import type { Segment, SegmentWithCount } from '../../shared/api/rfm';
import type { Condition } from '../../shared/conditions/schema';
import type { Sql } from '../db/client';
import { countWhere } from '../rfm/customers';

// A segment as stored is its API answer (shared/api/rfm.ts).
export type { Segment, SegmentWithCount } from '../../shared/api/rfm';

type SegmentRow = Omit<Segment, 'createdAt' | 'createdBy'> & { createdAt: Date; createdById: number | null; createdByName: string | null };

function fromRow(r: SegmentRow): Segment {
  const { createdById, createdByName, createdAt, ...rest } = r;
  return { ...rest, createdAt: createdAt.toISOString(), createdBy: createdById === null ? null : { id: createdById, name: createdByName ?? '' } };
}

const SELECT = (sql: Sql) => sql`
  SELECT g.id, g.builtin_key AS "builtinKey", g.name, g.name_en AS "nameEn", g.description, g.description_en AS "descriptionEn",
         g.condition, g.created_at AS "createdAt", u.id AS "createdById", u.name AS "createdByName"
    FROM segments g LEFT JOIN users u ON u.id = g.created_by`;

export async function listSegments(sql: Sql): Promise<Segment[]> {
  const rows = await sql<SegmentRow[]>`${SELECT(sql)} ORDER BY g.position, g.created_at, g.id`;
  return rows.map(fromRow);
}

export async function getSegment(sql: Sql, id: string): Promise<Segment | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await sql<SegmentRow[]>`${SELECT(sql)} WHERE g.id = ${id}`;
  return row ? fromRow(row) : null;
}

/** Every segment with its live count, all counted in one pass over the customers. */
export async function listSegmentsWithCounts(sql: Sql, now: Date): Promise<SegmentWithCount[]> {
  const segments = await listSegments(sql);
  const counts = await countWhere(sql, segments.map((s) => s.condition), now);
  return segments.map((s, i) => ({ ...s, customers: counts[i] }));
}

export class SegmentNameTaken extends Error {}

export async function createSegment(
  sql: Sql,
  input: { name: string; nameEn?: string | null; description?: string | null; descriptionEn?: string | null; condition: Condition },
  createdBy: number | null,
): Promise<Segment> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO segments (name, name_en, description, description_en, condition, created_by)
    VALUES (${input.name}, ${input.nameEn ?? null}, ${input.description ?? null}, ${input.descriptionEn ?? null},
            ${sql.json(input.condition as never)}, ${createdBy})
    ON CONFLICT ((lower(name))) DO NOTHING
    RETURNING id`;
  if (!row) throw new SegmentNameTaken(input.name);
  return (await getSegment(sql, row.id))!;
}

/** Deletes a marketer's own segment; built-in ones stay. */
export async function deleteSegment(sql: Sql, id: string): Promise<'deleted' | 'builtin' | 'missing'> {
  const existing = await getSegment(sql, id);
  if (!existing) return 'missing';
  if (existing.builtinKey) return 'builtin';
  await sql`DELETE FROM segments WHERE id = ${id} AND builtin_key IS NULL`;
  return 'deleted';
}
