import { describe, expect, it } from 'vitest';
import { validateScenario } from './validate';

const doc = (config: Record<string, unknown>) => ({
  format: 'scenario/v1',
  name: 'Передать в CRM',
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'hook', type: 'webhook', config },
  ],
  edges: [{ from: 'start', port: 'out', to: 'hook' }],
});

const codes = (input: unknown, context?: Parameters<typeof validateScenario>[1]) => validateScenario(input, context).problems.map((p) => `${p.severity}:${p.code}`);

describe('the webhook node in validation', () => {
  it('publishes when it names a configured endpoint, with fields that are good templates', () => {
    const result = validateScenario(doc({ endpoint: 'CRM', fields: [{ key: 'firstName', value: '{{ customer.firstName }}' }] }), {
      webhookEndpoints: [{ name: 'CRM', enabled: true }],
    });
    expect(result.problems).toEqual([]);
  });

  it('an unknown endpoint is an error naming it and the ones there are, in the marketer’s words', () => {
    const [problem] = validateScenario(doc({ endpoint: 'Склад' }), { webhookEndpoints: [{ name: 'CRM', enabled: true }] }).problems;
    expect(problem).toMatchObject({ severity: 'error', code: 'webhook.unknownEndpoint', nodeId: 'hook', path: 'nodes[1].config.endpoint' });
    expect(problem.message.ru).toBe('Узел «Вебхук: Склад»: вебхука «Склад» нет в настройках. Выберите один из настроенных: «CRM»');
  });

  it('with no endpoints at all, says where an admin adds them', () => {
    const [problem] = validateScenario(doc({ endpoint: 'CRM' }), { webhookEndpoints: [] }).problems;
    expect(problem.message.ru).toMatch(/Администратор добавляет вебхуки в разделе «Вебхуки»/);
  });

  it('a disabled endpoint is a warning: customers would take «ошибка»', () => {
    expect(codes(doc({ endpoint: 'CRM' }), { webhookEndpoints: [{ name: 'CRM', enabled: false }] })).toEqual(['warning:webhook.endpointDisabled']);
  });

  it('endpoints are not checked without the shop’s list (a draft saved offline)', () => {
    expect(codes(doc({ endpoint: 'Склад' }))).toEqual([]);
  });

  it('refuses an empty endpoint, duplicate or malformed field keys, broken templates and too many fields', () => {
    expect(codes(doc({ endpoint: '' }))).toEqual(['error:node.config']);
    expect(codes(doc({ endpoint: 'CRM', fields: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }))).toEqual(['error:webhook.duplicateField']);
    expect(codes(doc({ endpoint: 'CRM', fields: [{ key: 'имя', value: '1' }] }))).toEqual(['error:node.config']);
    expect(codes(doc({ endpoint: 'CRM', fields: [{ key: 'a', value: '{{ customer.firstName ' }] }))).toEqual(['error:template.syntax']);
    const many = Array.from({ length: 11 }, (_, i) => ({ key: `f${i}`, value: 'x' }));
    expect(codes(doc({ endpoint: 'CRM', fields: many }))).toEqual(['error:node.config']);
  });
});
