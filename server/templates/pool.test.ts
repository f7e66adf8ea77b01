import { afterAll, describe, expect, it } from 'vitest';
import { TemplateBudgetError, TemplateSyntaxError } from '../../shared/templates/render';
import { TemplatePool, TemplatePoolBusyError, TemplateTimeoutError, UnsendableDataError } from './pool';

const anna = { customer: { id: 'C-1', name: 'Анна Петрова', firstName: 'Анна', city: 'Тверь', bonusBalance: 1500 } };
const msk = { timezone: 'Europe/Moscow' };

describe('the template pool', () => {
  const pool = new TemplatePool({ size: 1, timeoutMs: 1_000, maxQueue: 2 });
  afterAll(() => pool.close());

  it('renders in a worker thread, with the budget and errors as in-process rendering has them', async () => {
    expect(await pool.render('{{ customer.firstName }}, {{ 5 | points }}', anna, msk)).toBe('Анна, 5 баллов');
    await expect(pool.render('{{ customer.name', anna, msk)).rejects.toBeInstanceOf(TemplateSyntaxError);
    const over = await pool.render('{% for i in (1..5000) %}{% endfor %}', anna, msk).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(TemplateBudgetError);
    expect(over).toMatchObject({ limit: 'iterations', max: 1000 });
  });

  it('stops a job that runs past its time, replaces the worker, and goes on rendering', async () => {
    const stuck = pool.run('stall');
    const waiting = pool.render('{{ customer.city }}', anna, msk);
    await expect(stuck).rejects.toBeInstanceOf(TemplateTimeoutError);
    // The job queued behind the stuck one runs on the fresh worker.
    expect(await waiting).toBe('Тверь');
  });

  it('refuses data too deeply nested to hand to a worker, and goes on', async () => {
    let condition: unknown = { field: 'orderCount', op: 'gte', value: 1 };
    for (let i = 0; i < 10_000; i++) condition = { all: [condition] };
    await expect(pool.validate({ format: 'scenario/v1', name: 'Бездна', nodes: [{ id: 'f', type: 'filter', config: { condition } }], edges: [] })).rejects.toBeInstanceOf(
      UnsendableDataError,
    );
    expect(await pool.render('{{ customer.firstName }}', anna, msk)).toBe('Анна');
  });

  it('refuses at once when every worker is busy and the queue is full', async () => {
    const stuck = pool.run('stall');
    const queued = [pool.render('1', anna, msk), pool.render('2', anna, msk)];
    await expect(pool.render('3', anna, msk)).rejects.toBeInstanceOf(TemplatePoolBusyError);
    await expect(stuck).rejects.toBeInstanceOf(TemplateTimeoutError);
    expect(await Promise.all(queued)).toEqual(['1', '2']);
  });
});
