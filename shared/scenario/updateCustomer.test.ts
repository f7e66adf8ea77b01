import { describe, expect, it } from 'vitest';
import { checkCondition } from '../conditions/check';
import { evaluateCondition } from '../conditions/evaluate';
import type { CustomerFacts } from '../conditions/fields';
import { applyProfileActions, PROFILE_LIMITS } from '../conditions/profile';
import { compileScenario } from './compile';
import { projectRun } from './project';
import { NODE_SPECS, type ScenarioDocumentInput } from './schema';
import { validateScenario, type Problem } from './validate';

const doc = (actions: unknown[]): ScenarioDocumentInput =>
  ({
    format: 'scenario/v1',
    name: 'Отметить',
    nodes: [
      { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
      { id: 'mark', type: 'updateCustomer', label: 'Отметить звонок', config: { actions } },
    ],
    edges: [{ from: 'start', port: 'out', to: 'mark' }],
  }) as ScenarioDocumentInput;
const errorsRu = (problems: Problem[]) => problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.path}: ${p.message.ru}`);

describe('the updateCustomer node', () => {
  it('is publishable with tag and attribute actions, and reads in words', () => {
    const actions = [
      { kind: 'addTag', tag: 'звонили' },
      { kind: 'removeTag', tag: 'новый' },
      { kind: 'setAttribute', key: 'уровень', value: 'gold' },
      { kind: 'clearAttribute', key: 'promo' },
    ];
    const { document, problems } = validateScenario(doc(actions));
    expect(errorsRu(problems)).toEqual([]);
    expect(compileScenario(document!, { scenarioId: 's', version: 1 }).nodes.mark.next).toEqual({ out: null });
    expect(NODE_SPECS.updateCustomer.summary({ actions } as never, 'ru')).toBe('+ тег «звонили»; − тег «новый»; уровень = «gold»; очистить promo');
    expect(NODE_SPECS.updateCustomer.ports({ actions } as never)).toEqual(['out']);
  });

  it('says in the marketer’s words what is wrong: no actions, a tag too long, a bad key, contradicting actions', () => {
    expect(errorsRu(validateScenario(doc([])).problems)).toEqual([
      'updateCustomer.noActions nodes[1].config.actions: Узел «Отметить звонок»: нет ни одного действия: добавьте тег или атрибут, который нужно изменить',
    ]);
    expect(
      errorsRu(
        validateScenario(
          doc([
            { kind: 'addTag', tag: 'x'.repeat(61) },
            { kind: 'addTag', tag: '   ' },
            { kind: 'setAttribute', key: 'my key', value: 1 },
            { kind: 'setAttribute', key: 'note', value: 'я'.repeat(201) },
            { kind: 'addTag', tag: 'звонили' },
            { kind: 'removeTag', tag: ' звонили' },
            { kind: 'clearAttribute', key: 'note' },
          ]),
        ).problems,
      ),
    ).toEqual([
      `updateCustomer.tag nodes[1].config.actions[0].tag: Узел «Отметить звонок»: действие 1: тег «${'x'.repeat(20)}…» длиннее 60 символов`,
      'updateCustomer.tag nodes[1].config.actions[1].tag: Узел «Отметить звонок»: действие 2: тег пустой',
      'updateCustomer.key nodes[1].config.actions[2].key: Узел «Отметить звонок»: действие 3: ключ атрибута «my key» не подходит: начните с буквы, дальше буквы, цифры и _, не длиннее 40 символов',
      'updateCustomer.value nodes[1].config.actions[3].value: Узел «Отметить звонок»: действие 4: текст значения длиннее 200 символов',
      'updateCustomer.contradiction nodes[1].config.actions[5]: Узел «Отметить звонок»: действие 6: тег «звонили» и ставится, и снимается в одном узле',
      'updateCustomer.contradiction nodes[1].config.actions[6]: Узел «Отметить звонок»: действие 7: атрибут «note» уже меняется в этом узле',
    ]);
  });

  it('refuses more than 10 actions and an unknown action in the schema', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ kind: 'addTag', tag: `t${i}` }));
    expect(validateScenario(doc(eleven)).problems.some((p) => p.code === 'node.config' && p.nodeId === 'mark')).toBe(true);
    expect(validateScenario(doc([{ kind: 'deleteCustomer' }])).problems.some((p) => p.code === 'node.config')).toBe(true);
  });
});

describe('applyProfileActions', () => {
  it('is idempotent: applying the same actions to their result changes nothing', () => {
    const actions = [
      { kind: 'addTag' as const, tag: ' звонили ' },
      { kind: 'setAttribute' as const, key: 'level', value: 'gold' },
      { kind: 'removeTag' as const, tag: 'новый' },
      { kind: 'clearAttribute' as const, key: 'promo' },
    ];
    const once = applyProfileActions({ tags: ['новый'], attributes: { promo: true } }, actions);
    expect(once.profile).toEqual({ tags: ['звонили'], attributes: { level: 'gold' } });
    expect(once.changed).toEqual(['добавлен тег «звонили»', 'атрибут «level» = «gold»', 'снят тег «новый»', 'атрибут «promo» очищен']);
    const twice = applyProfileActions(once.profile, actions);
    expect(twice.profile).toEqual(once.profile);
    expect(twice.changed).toEqual([]);
  });

  it('refuses a tag or an attribute over the limits rather than dropping another', () => {
    const tags = Array.from({ length: PROFILE_LIMITS.tagsPerCustomer }, (_, i) => `t${i}`);
    const attributes = Object.fromEntries(Array.from({ length: PROFILE_LIMITS.attributesPerCustomer }, (_, i) => [`k${i}`, i]));
    const result = applyProfileActions({ tags, attributes }, [
      { kind: 'addTag', tag: 'new' },
      { kind: 'setAttribute', key: 'extra', value: 1 },
      { kind: 'setAttribute', key: 'k0', value: 100 },
    ]);
    expect(result.refused).toEqual(['тег «new» не добавлен: у клиента уже 100 тегов', 'атрибут «extra» не записан: у клиента уже 50 атрибутов']);
    expect(result.changed).toEqual(['атрибут «k0» = 100 (было 0)']);
    expect(result.profile.tags).toEqual(tags);
  });
});

describe('conditions on tags and attributes', () => {
  const facts = (over: Partial<CustomerFacts>): CustomerFacts => ({
    daysSinceLastOrder: 10,
    orderCount: 1,
    totalSpent: 900,
    avgCheck: 900,
    daysSinceRegistration: 100,
    avgDaysBetweenOrders: null,
    overdueRatio: null,
    cardType: 'regular',
    city: null,
    bonusBalance: 0,
    favoriteCategory: null,
    subscribed: { sms: false, email: false, telegram: false, push: false },
    ...over,
  });

  it('the dry run of a move sees the tags a node puts on in the filters after it', () => {
    const plan = compileScenario(
      validateScenario({
        ...doc([{ kind: 'addTag', tag: 'звонили' }]),
        nodes: [
          ...doc([{ kind: 'addTag', tag: 'звонили' }]).nodes,
          { id: 'called', type: 'filter', config: { condition: { field: 'tags', op: 'has', value: 'звонили' } } },
          { id: 'thanks', type: 'send', config: { channel: 'sms', text: 'Спасибо' } },
        ],
        edges: [
          { from: 'start', port: 'out', to: 'mark' },
          { from: 'mark', port: 'out', to: 'called' },
          { from: 'called', port: 'yes', to: 'thanks' },
        ],
      } as ScenarioDocumentInput).document!,
      { scenarioId: 's', version: 1 },
    );
    const now = new Date('2026-03-02T09:00:00Z');
    const p = projectRun(
      { plan, nodeId: 'mark', customerId: 'c', waitStartedAt: null, bonus: null, facts: facts({ subscribed: { sms: true, email: false, telegram: false, push: false } }), timeZone: null },
      now,
      new Date(now.getTime() + 86_400_000),
    );
    expect(p.path).toEqual(['mark', 'called', 'thanks']);
    expect(p.effects.map((e) => e.nodeId)).toEqual(['thanks']);
  });

  it('`tags has` and `hasNot` test membership exactly; facts recorded before tags existed have none', () => {
    const called = facts({ tags: ['звонили'] });
    expect(evaluateCondition({ field: 'tags', op: 'has', value: 'звонили' }, called)).toBe(true);
    expect(evaluateCondition({ field: 'tags', op: 'has', value: 'Звонили' }, called)).toBe(false);
    expect(evaluateCondition({ field: 'tags', op: 'hasNot', value: 'звонили' }, called)).toBe(false);
    expect(evaluateCondition({ field: 'tags', op: 'hasNot', value: 'звонили' }, facts({}))).toBe(true);
  });

  it('compares attributes by type and value, orders numbers only, and a missing attribute makes any rule false', () => {
    const gold = facts({ attributes: { level: 'gold', visits: 5 } });
    expect(evaluateCondition({ field: 'attributes.level', op: 'eq', value: 'gold' }, gold)).toBe(true);
    expect(evaluateCondition({ field: 'attributes.visits', op: 'eq', value: '5' }, gold)).toBe(false);
    expect(evaluateCondition({ field: 'attributes.visits', op: 'ne', value: '5' }, gold)).toBe(false);
    expect(evaluateCondition({ field: 'attributes.visits', op: 'gt', value: 4 }, gold)).toBe(true);
    expect(evaluateCondition({ field: 'attributes.level', op: 'gt', value: 4 }, gold)).toBe(false);
    expect(evaluateCondition({ field: 'attributes.promo', op: 'ne', value: 'x' }, gold)).toBe(false);
    expect(evaluateCondition({ not: { field: 'attributes.promo', op: 'eq', value: 'x' } }, gold)).toBe(true);
  });

  it('validation names a tag no customer can carry, an ordering against text, a bad attribute key', () => {
    const messages = (c: Parameters<typeof checkCondition>[0]) => checkCondition(c).map((i) => i.message.ru);
    expect(messages({ field: 'tags', op: 'has', value: ' звонили' })).toEqual(['«Теги»: значение должно быть — тег: непустой текст до 60 символов без пробелов по краям']);
    expect(messages({ field: 'tags', op: 'eq', value: 'звонили' })).toEqual(['для поля «Теги» нельзя использовать сравнение «равно»']);
    expect(messages({ field: 'attributes.level', op: 'gt', value: 'gold' })).toEqual(['«Атрибут «level»» «больше»: сравнивать так можно только с числом']);
    expect(messages({ field: 'attributes.my key', op: 'eq', value: 1 })[0]).toMatch(/^ключ атрибута «my key» не подходит/);
    expect(messages({ field: 'attributes.level', op: 'in', value: ['gold', 5, true] })).toEqual([]);
  });
});
