import { z } from '@hono/zod-openapi';
import { SegmentCustomerPage, SegmentInput, SegmentList, SegmentWithCount } from '../../../shared/api/rfm';
import { checkCondition } from '../../../shared/conditions/check';
import { ConditionSchema, conditionLimitProblem, type Condition } from '../../../shared/conditions/schema';
import { audit } from '../../audit';
import { interactiveQuery } from '../../db/interactive';
import { EXPORT_ERROR_RESPONSES, tableResponse } from '../../export/table';
import { customersWhere } from '../../rfm/customers';
import { customerExport, PagingQuery } from '../../rfm/customerTable';
import { createSegment, deleteSegment, getSegment, listSegmentsWithCounts, SegmentNameTaken } from '../../segments/store';
import { badRequest, conflict, ErrorBody, notFound, preferredLanguage } from '../errors';
import { actorOf, defineRoute, type App } from '../route';

const READ = { roles: ['marketer', 'analyst'] } as const;
const WRITE = { roles: ['marketer'] } as const;
const TAGS = ['Segments'];

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

const IdParam = z.object({ id: z.uuid().meta({ param: { name: 'id', in: 'path' } }) });

const list = defineRoute({
  method: 'get',
  path: '/api/segments',
  tags: TAGS,
  summary: 'Named segments (built-in and saved) with the number of customers matching each now',
  access: READ,
  responses: { 200: json(SegmentList, 'Segments with counts') },
});

const create = defineRoute({
  method: 'post',
  path: '/api/segments',
  tags: TAGS,
  summary: 'Save a filter as a named segment',
  access: WRITE,
  request: { body: { content: { 'application/json': { schema: SegmentInput } }, required: true } },
  responses: {
    201: json(SegmentWithCount, 'The new segment'),
    400: json(ErrorBody, 'Invalid name or condition (every problem listed)'),
    409: json(ErrorBody, 'A segment with this name exists'),
  },
});

const remove = defineRoute({
  method: 'delete',
  path: '/api/segments/{id}',
  tags: TAGS,
  summary: "Delete a saved segment (built-in segments can't be deleted)",
  access: WRITE,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, 404: json(ErrorBody, 'No such segment'), 409: json(ErrorBody, 'A built-in segment') },
});

const customers = defineRoute({
  method: 'get',
  path: '/api/segments/{id}/customers',
  tags: TAGS,
  summary: "A segment's customers, keyset-paged by id; `format=xlsx|csv` exports all of them",
  access: READ,
  request: { params: IdParam, query: PagingQuery },
  responses: { 200: json(SegmentCustomerPage, 'One page of customers'), 404: json(ErrorBody, 'No such segment'), ...EXPORT_ERROR_RESPONSES },
});

const missing = () => notFound({ ru: 'Сегмент не найден', en: 'Segment not found' }, 'segment_not_found');

export function register(app: App) {
  app.openapi(list, async (c) => c.json({ segments: await interactiveQuery(c.var.deps, (sql) => listSegmentsWithCounts(sql, new Date())) }, 200));

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const lang = preferredLanguage(c);
    const tooLarge = conditionLimitProblem(body.condition);
    if (tooLarge) {
      throw badRequest('invalid_condition', { ru: `Условие сегмента: ${tooLarge.message.ru}`, en: `Segment condition: ${tooLarge.message.en}` }, [
        { path: tooLarge.path ? `condition.${tooLarge.path}` : 'condition', code: 'condition.tooLarge', message: tooLarge.message[lang] },
      ]);
    }
    const parsed = ConditionSchema.safeParse(body.condition);
    if (!parsed.success) {
      throw badRequest('invalid_condition', { ru: 'Условие сегмента записано неверно', en: 'The segment condition is malformed' }, [
        { path: 'condition', code: 'invalid_condition', message: parsed.error.issues.map((i) => i.message).join('; ') },
      ]);
    }
    const condition = parsed.data as Condition;
    const problems = checkCondition(condition, 'condition');
    if (problems.length > 0) {
      throw badRequest(
        'invalid_condition',
        { ru: `Условие сегмента: ${problems.map((p) => p.message.ru).join('; ')}`, en: `Segment condition: ${problems.map((p) => p.message.en).join('; ')}` },
        problems.map((p) => ({ path: p.path, code: p.code, message: p.message[lang] })),
      );
    }
    const actor = actorOf(c);
    try {
      // One transaction: a segment too heavy to count in time is not saved.
      const withCount = await interactiveQuery(c.var.deps, async (tx) => {
        const segment = await createSegment(tx, { ...body, condition }, actor.userId ?? null);
        await audit(tx, { ...actor, action: 'segment.create', entity: `segment:${segment.id}`, details: { name: segment.name } });
        return (await listSegmentsWithCounts(tx, new Date())).find((s) => s.id === segment.id)!;
      });
      return c.json(withCount, 201);
    } catch (error) {
      if (error instanceof SegmentNameTaken) {
        throw conflict('segment_name_taken', { ru: `Сегмент «${body.name}» уже есть`, en: `A segment named "${body.name}" already exists` });
      }
      throw error;
    }
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const { sql } = c.var.deps;
    const outcome = await deleteSegment(sql, id);
    if (outcome === 'missing') throw missing();
    if (outcome === 'builtin') {
      throw conflict('segment_builtin', { ru: 'Встроенный сегмент нельзя удалить', en: 'A built-in segment cannot be deleted' });
    }
    await audit(sql, { ...actorOf(c), action: 'segment.delete', entity: `segment:${id}` });
    return c.body(null, 204);
  });

  app.openapi(customers, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const { sql } = c.var.deps;
    const segment = await getSegment(sql, id);
    if (!segment) throw missing();
    const now = new Date();
    if (query.format !== 'json') {
      const customers = await customerExport(c.var.deps, segment.condition, now);
      return tableResponse(c, { fileName: `Сегмент ${segment.name}`, sheet: 'Клиенты', ...customers }, query.format) as never;
    }
    const page = await interactiveQuery(c.var.deps, (tx) => customersWhere(tx, segment.condition, now, { afterId: query.cursor ?? null, limit: query.limit + 1 }));
    const more = page.length > query.limit;
    const list = more ? page.slice(0, query.limit) : page;
    return c.json({ customers: list, nextCursor: more ? list[list.length - 1].id : null }, 200);
  });
}
