import { describe, expect, it } from 'vitest';
import { maxBonusPoints } from './budget';
import { mindboxReactivation } from './examples/mindboxReactivation';
import type { ScenarioDocumentInput } from './schema';
import { hasErrors, validateScenario, type Problem } from './validate';

/** A fresh, mutable copy of the seed 003 document (ARCHITECTURE.md §3). */
const seed003 = (): any => structuredClone(mindboxReactivation);
const node = (doc: any, id: string) => doc.nodes.find((n: any) => n.id === id);
const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');
const codes = (problems: Problem[]) => problems.map((p) => `${p.severity}:${p.code}:${p.nodeId ?? '-'}`).sort();

describe('validateScenario: the seed 003 document', () => {
  it('is publishable, with defaults applied', () => {
    const { document, problems } = validateScenario(seed003());
    expect(errors(problems)).toEqual([]);
    expect(document?.nodes).toHaveLength(10);
    expect(document?.settings.timezone).toBe('Europe/Moscow');
  });

  it('warns only about the over-budget gift and the reminder email without subject', () => {
    const { problems } = validateScenario(seed003());
    expect(codes(problems)).toEqual(['warning:bonus.overBudget:gift', 'warning:email.noSubject:remind']);
    expect(problems.find((p) => p.code === 'bonus.overBudget')!.message.ru).toBe(
      'Узел «300 баллов на 14 дн.»: 300 баллов больше бюджета на клиента — 180 (средний чек 900 ₽ × маржа 40% × 50% маржи)',
    );
  });

  it('applies settings defaults when they are left out', () => {
    const doc = seed003();
    delete doc.settings;
    expect(validateScenario(doc).document?.settings).toEqual({ timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 });
  });
});

describe('validateScenario: node configs in words', () => {
  it('says what is wrong with a wait, naming the node', () => {
    const doc = seed003();
    node(doc, 'w7').config.days = 400;
    const { document, problems } = validateScenario(doc);
    expect(problems).toContainEqual({
      severity: 'error',
      code: 'node.config',
      nodeId: 'w7',
      path: 'nodes[4].config.days',
      message: { ru: 'Узел «Ждать»: число дней должно быть от 0 до 365', en: 'Node "Wait": number of days must be between 0 and 365' },
    });
    // The draft still parses, with the config as written, so it can be saved.
    expect(document?.nodes[4].config).toEqual({ days: 400 });
  });

  it('uses the marketer’s label as the node name', () => {
    const doc = seed003();
    Object.assign(node(doc, 'w7'), { label: 'Ждать 7 дней' });
    node(doc, 'w7').config.days = -1;
    expect(validateScenario(doc).problems[0].message.ru).toBe('Узел «Ждать 7 дней»: число дней должно быть от 0 до 365');
  });

  it('reports every config problem at once, never as a zod dump', () => {
    const doc = seed003();
    node(doc, 'start').config.at = '25:00';
    node(doc, 'hello').config.channel = 'pigeon';
    node(doc, 'gift').config.points = 1.5;
    delete node(doc, 'offer').config.text;
    node(doc, 'once').config.extra = 1;
    const messages = validateScenario(doc).problems.filter((p) => p.code === 'node.config').map((p) => `${p.nodeId}: ${p.message.ru}`);
    expect(messages).toEqual([
      'start: Узел «Ежедневный запуск»: время запуска: время в формате ЧЧ:ММ, например 10:00',
      'once: Узел «Ограничение частоты»: лишние поля: extra',
      'hello: Узел «Отправить сообщение»: канал: допустимо одно из: sms, email, telegram, push',
      'gift: Узел «Начислить бонусы»: число баллов должно быть целым числом',
      'offer: Узел «Отправить сообщение»: не заполнено: текст',
    ]);
  });

  it('names an unknown node type and refuses to parse the document', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'x', type: 'sendPigeon', config: {} });
    doc.edges.push({ from: 'remind', port: 'out', to: 'x' });
    const { document, problems } = validateScenario(doc);
    expect(document).toBeNull();
    expect(problems).toContainEqual(expect.objectContaining({ code: 'node.unknownType', nodeId: 'x', message: { ru: 'Узел «x»: неизвестный тип узла «sendPigeon»', en: 'Node "x": unknown node type "sendPigeon"' } }));
  });

  it('refuses what is not a scenario/v1 document, with paths', () => {
    const result = validateScenario({ format: 'scenario/v2', name: '', nodes: 'none' });
    expect(result.document).toBeNull();
    expect(result.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['format', 'name', 'nodes', 'edges']));
    expect(result.problems.every((p) => p.code === 'document.invalid' && p.severity === 'error')).toBe(true);
    expect(result.problems.find((p) => p.path === 'name')?.message.ru).toBe('Документ сценария (name): не заполнено: название сценария');
    expect(validateScenario(null).document).toBeNull();
  });
});

describe('validateScenario: graph rules', () => {
  it('requires a trigger', () => {
    const doc = seed003();
    doc.nodes = doc.nodes.filter((n: any) => n.id !== 'start');
    doc.edges = doc.edges.filter((e: any) => e.from !== 'start');
    expect(codes(errors(validateScenario(doc).problems))).toEqual(['error:trigger.missing:-']);
  });

  it('allows one trigger only, and nothing may lead into it', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'start2', type: 'dailyTrigger', config: { at: '12:00' } });
    doc.edges.push({ from: 'start2', port: 'out', to: 'hello' });
    doc.edges.push({ from: 'remind', port: 'out', to: 'start' });
    const found = codes(errors(validateScenario(doc).problems));
    expect(found).toContain('error:trigger.multiple:start2');
    expect(found).toContain('error:trigger.incoming:start');
  });

  it('rejects edges to missing nodes and through ports the node does not have', () => {
    const doc = seed003();
    doc.edges.push({ from: 'remind', port: 'out', to: 'ghost' });
    doc.edges.push({ from: 'audience', port: 'maybe', to: 'hello' });
    const { problems } = validateScenario(doc);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'edge.unknownNode', edge: { from: 'remind', port: 'out', to: 'ghost' }, path: 'edges[9].to' }),
    );
    const port = problems.find((p) => p.code === 'edge.unknownPort')!;
    expect(port.nodeId).toBe('audience');
    expect(port.message.ru).toBe('Узел «Условие»: нет выхода «maybe»; выходы узла: «да», «нет»');
  });

  it('allows one edge per port', () => {
    const doc = seed003();
    doc.edges.push({ from: 'w7', port: 'out', to: 'gift' });
    const { problems } = validateScenario(doc);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'edge.portTaken', nodeId: 'w7', edge: { from: 'w7', port: 'out', to: 'gift' } }));
  });

  it('names the nodes of a cycle', () => {
    const doc = seed003();
    doc.edges.push({ from: 'remind', port: 'out', to: 'w7' });
    const cycle = validateScenario(doc).problems.find((p) => p.code === 'graph.cycle')!;
    expect(cycle.severity).toBe('error');
    expect(cycle.message.ru).toContain('«Ждать 7 дн.» → «Заказ после входа» → «300 баллов на 14 дн.» → «Email: Дарим {{ bonus.points }} баллов до {{…» → «Ждать 12 дн.» → «Email: Ваши {{ bonus.points }} баллов сгорят…» → «Ждать 7 дн.»');
  });

  it('finds a node reached by nothing', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'lonely', type: 'exit' });
    expect(codes(errors(validateScenario(doc).problems))).toEqual(['error:node.unreachable:lonely']);
  });

  it('rejects duplicate node ids', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'hello', type: 'exit' });
    expect(codes(errors(validateScenario(doc).problems))).toContain('error:node.duplicateId:hello');
  });

  it('rejects an edge out of an exit', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'end', type: 'exit' });
    doc.edges.push({ from: 'remind', port: 'out', to: 'end' }, { from: 'end', port: 'out', to: 'hello' });
    const problem = validateScenario(doc).problems.find((p) => p.code === 'edge.unknownPort')!;
    expect(problem.message.ru).toBe('Узел «Завершить»: у этого узла нет выходов, из него нельзя провести связь');
  });
});

describe('validateScenario: conditions', () => {
  const withCondition = (condition: unknown) => {
    const doc = seed003();
    node(doc, 'audience').config.condition = condition;
    return validateScenario(doc).problems.filter((p) => p.code.startsWith('condition.') || p.code === 'node.config');
  };

  it('rejects unknown fields, ops that do not fit, values of the wrong type', () => {
    const problems = withCondition({
      all: [
        { field: 'daysSinceLastVisit', op: 'gte', value: 1 },
        { field: 'city', op: 'gt', value: 'Москва' },
        { field: 'orderCount', op: 'gte', value: '3' },
        { field: 'cardType', op: 'eq', value: 'gold' },
        { not: { field: 'subscribed.sms', op: 'eq', value: 'yes' } },
      ],
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['condition.unknownField', 'nodes[1].config.condition.all[0].field'],
      ['condition.opNotAllowed', 'nodes[1].config.condition.all[1].op'],
      ['condition.valueType', 'nodes[1].config.condition.all[2].value'],
      ['condition.valueType', 'nodes[1].config.condition.all[3].value'],
      ['condition.valueType', 'nodes[1].config.condition.all[4].not.value'],
    ]);
    expect(problems[0].message.ru).toBe('Узел «Условие»: условие: неизвестное поле «daysSinceLastVisit»');
    expect(problems[1].message.ru).toBe('Узел «Условие»: условие: для поля «Город» нельзя использовать сравнение «больше»');
  });

  it('wants [min, max] for between and lists for in/notIn', () => {
    const problems = withCondition({
      any: [
        { field: 'daysSinceLastOrder', op: 'between', value: 90 },
        { field: 'daysSinceLastOrder', op: 'between', value: [180, 90] },
        { field: 'city', op: 'in', value: 'Москва' },
        { field: 'orderCount', op: 'notIn', value: [] },
        { field: 'orderCount', op: 'in', value: [1, 2, 3] },
        { field: 'totalSpent', op: 'between', value: [1000, 5000] },
      ],
    });
    expect(problems.map((p) => p.code)).toEqual(['condition.valueType', 'condition.valueRange', 'condition.valueType', 'condition.valueRange']);
  });

  it('explains a malformed condition structure', () => {
    const [problem] = withCondition({ every: [] });
    expect(problem.code).toBe('node.config');
    expect(problem.message.ru).toContain('условие составлено неверно');
  });
});

describe('validateScenario: node rules', () => {
  it('rejects duplicate A/B keys and the reserved holdout key', () => {
    const doc = seed003();
    doc.nodes.push({
      id: 'split',
      type: 'abSplit',
      config: { variants: [{ key: 'a', label: 'A', weight: 1 }, { key: 'a', label: 'B', weight: 1 }, { key: 'holdout', label: 'C', weight: 1 }] },
    });
    doc.edges.push({ from: 'remind', port: 'out', to: 'split' });
    expect(codes(errors(validateScenario(doc).problems))).toEqual(['error:abSplit.duplicateKey:split', 'error:abSplit.reservedKey:split']);
  });

  it('wants exactly one lifetime on a bonus', () => {
    const doc = seed003();
    node(doc, 'gift').config.expiresInHours = 72;
    expect(validateScenario(doc).problems.find((p) => p.code === 'grantBonus.expiry')?.message.ru).toBe(
      'Узел «300 баллов на 72 ч»: укажите срок действия баллов либо в днях, либо в часах, а не оба сразу',
    );
    delete node(doc, 'gift').config.expiresInHours;
    delete node(doc, 'gift').config.expiresInDays;
    expect(codes(errors(validateScenario(doc).problems))).toEqual(['error:grantBonus.expiry:gift']);
  });

  it('checks the time zone and quiet hours', () => {
    const doc = seed003();
    doc.settings.timezone = 'Europe/Mordor';
    doc.settings.quietHours = { start: '22:00', end: '22:00' };
    expect(codes(errors(validateScenario(doc).problems))).toEqual(['error:settings.quietHours:-', 'error:settings.timezone:-']);
  });

  it('reports a template syntax error on its node', () => {
    const doc = seed003();
    node(doc, 'hello').config.text = '{{ customer.name, давно не виделись!';
    const problem = errors(validateScenario(doc).problems)[0];
    expect(problem).toMatchObject({ code: 'template.syntax', nodeId: 'hello', path: 'nodes[3].config.text' });
    expect(problem.message.ru).toMatch(/^Узел «Email: \{\{ customer\.name, давно не виделись!»: текст: ошибка в шаблоне текста/);
  });

  it('warns about variables that do not exist', () => {
    const doc = seed003();
    node(doc, 'hello').config.text = '{{ customer.nmae }}, давно не виделись!';
    expect(validateScenario(doc).problems).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'template.unknownVariable', nodeId: 'hello' }));
  });
});

describe('validateScenario: the template budget', () => {
  const hostile = '{% assign a = (1..400) %}{% for x in a %}{% for y in a %}{% for z in a %}.{% endfor %}{% endfor %}{% endfor %}';
  const budgetProblems = (doc: unknown) => validateScenario(doc).problems.filter((p) => p.code === 'template.budget');

  it('refuses a text whose loops run too often, naming the node in words', () => {
    const doc = seed003();
    node(doc, 'offer').label = 'Подарок';
    node(doc, 'offer').config.text = hostile;
    const [problem, ...rest] = budgetProblems(doc);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'offer', path: 'nodes[7].config.text' });
    expect(problem.message.ru).toBe('Узел «Подарок»: текст делает слишком много работы: циклы выполняются больше 1\u00a0000 раз. Упростите шаблон');
    expect(problem.message.en).toBe('Node "Подарок": the text does too much work: loops run more than 1,000 times. Simplify the template');
  });

  it('checks subjects too, and lets ordinary loops through', () => {
    const doc = seed003();
    // A capture that doubles itself 15 times: 65 536 characters from a 90-character subject.
    node(doc, 'hello').config.subject = '{% assign s = "ab" %}{% for i in (1..15) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s }}';
    node(doc, 'offer').config.text = '{% for i in (1..3) %}{{ i }}{% endfor %} {{ bonus.points | points }}';
    const [problem, ...rest] = budgetProblems(doc);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ nodeId: 'hello', path: 'nodes[3].config.subject' });
    expect(problem.message.ru).toContain('тема письма делает слишком много работы: получается больше 20\u00a0000 символов текста');
  });

  it('renders for the longest customer data, not a typical customer', () => {
    // A loop over the letters of the name: 200 letters × 200 for the longest name a customer record may hold.
    const doc = seed003();
    node(doc, 'hello').config.text = '{% assign cs = customer.name | split: "" %}{% for a in cs %}{% for b in cs %}*{% endfor %}{% endfor %}';
    expect(budgetProblems(doc).map((p) => p.nodeId)).toEqual(['hello']);
    node(doc, 'hello').config.text = '{% assign cs = customer.name | split: "" %}{% for a in cs %}{{ a | upcase }}{% endfor %}';
    expect(budgetProblems(doc)).toEqual([]);
  });

  it('gives all texts of a document one budget, so 900 heavy texts are reported once and checked quickly', () => {
    const doc = seed003();
    // Each text alone stays within its own budget (900 loop passes).
    for (let i = 0; i < 900; i++) doc.nodes.push({ id: `t${i}`, type: 'task', config: { text: `${i}{% for i in (1..900) %}{% endfor %}` } });
    const started = Date.now();
    const problems = budgetProblems(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0].message.ru).toMatch(/тексты сценария вместе делают слишком много работы: циклы выполняются больше 2\u00a0000 раз/);
    // Rendering all of them would take tens of seconds; a generous bound on the few that are rendered.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('parses only so much Liquid per document', () => {
    const doc = seed003();
    const long = `{{ customer.firstName }}${'a'.repeat(4000)}`;
    for (let i = 0; i < 60; i++) doc.nodes.push({ id: `t${i}`, type: 'send', config: { channel: 'email', subject: 'Тема', text: `${i}${long}` } });
    const problems = budgetProblems(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0].message.ru).toContain('тексты сценария вместе длиннее 200\u00a0000 символов');
  });
});

describe('validateScenario: warnings', () => {
  it('warns at the 4th message on one path', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'more', type: 'send', config: { channel: 'push', text: 'Ещё раз привет' } });
    doc.edges.push({ from: 'remind', port: 'out', to: 'more' });
    const problem = validateScenario(doc).problems.find((p) => p.code === 'path.tooManyMessages')!;
    expect(problem).toMatchObject({ severity: 'warning', nodeId: 'more' });
    expect(problem.message.ru).toContain('4-е сообщение');
  });

  it('does not count messages on different branches together', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'thanks', type: 'send', config: { channel: 'push', text: 'Спасибо за заказ!' } });
    doc.edges.push({ from: 'bought', port: 'yes', to: 'thanks' });
    expect(validateScenario(doc).problems.some((p) => p.code === 'path.tooManyMessages')).toBe(false);
  });

  it('warns about an SMS longer than one segment, saying how many and why', () => {
    const doc = seed003();
    node(doc, 'hello').config = { channel: 'sms', text: 'Дарим вам {{ bonus.points }} рублей на покупку до {{ bonus.expiresAt | date: "%d.%m" }} Ждем вас!' };
    const problem = validateScenario(doc).problems.find((p) => p.code === 'sms.segments')!;
    expect(problem.severity).toBe('warning');
    expect(problem.message.ru).toContain('SMS займёт 2 части');
    expect(problem.message.ru).toContain('кириллица, UCS-2');
    expect(problem.message.ru).toContain('переменные {{ … }} учтены как написаны');
  });

  it('warns about a reminder with no bonus granted before it on some path', () => {
    const doc = seed003();
    doc.edges = doc.edges.filter((e: any) => e.to !== 'gift');
    doc.nodes = doc.nodes.filter((n: any) => n.id !== 'gift');
    doc.edges.push({ from: 'bought', port: 'no', to: 'offer' });
    const found = codes(validateScenario(doc).problems);
    expect(found).toContain('warning:reminder.noBonus:remind');
    expect(found).toContain('warning:template.noBonus:offer');
  });

  it('does not warn about a reminder after a bonus', () => {
    expect(codes(validateScenario(seed003()).problems)).not.toContain('warning:reminder.noBonus:remind');
  });

  it('warns about a bonus above the budget guard (seed 004: 900 ₽ × 40% × 50% = 180)', () => {
    expect(maxBonusPoints({ avgCheck: 900, marginPct: 40, maxShareOfMarginPct: 50 })).toBe(180);
    const doc = seed003();
    node(doc, 'gift').config.points = 180;
    expect(codes(validateScenario(doc).problems)).not.toContain('warning:bonus.overBudget:gift');
    node(doc, 'gift').config.points = 181;
    expect(codes(validateScenario(doc).problems)).toContain('warning:bonus.overBudget:gift');
  });
});

describe('validateScenario: scale', () => {
  it('handles a 1,000-node chain (iterative graph walks, no stack overflow)', () => {
    const nodes: any[] = [{ id: 'n0', type: 'dailyTrigger', config: { at: '10:00' } }];
    const edges: any[] = [];
    for (let i = 1; i < 1000; i++) {
      nodes.push(i % 2 ? { id: `n${i}`, type: 'wait', config: { days: 1 } } : { id: `n${i}`, type: 'checkOrders', config: {} });
      // Out of a wait through `out`, out of a checkOrders through `no`.
      edges.push({ from: `n${i - 1}`, port: i === 1 || i % 2 === 0 ? 'out' : 'no', to: `n${i}` });
    }
    const doc: ScenarioDocumentInput = { format: 'scenario/v1', name: 'Длинная цепочка', nodes, edges };
    const { problems } = validateScenario(doc);
    expect(hasErrors(problems)).toBe(false);
  });
});
