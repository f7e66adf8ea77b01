import { describe, expect, it } from 'vitest';
import { pluralize } from './format';
import { scenarioExamples } from '../scenario/examples';
import { worstCaseContext } from './budget';
import {
  checkTemplate,
  renderTemplate,
  TEMPLATE_LIMITS,
  TemplateBudget,
  TemplateBudgetError,
  TemplateRenderError,
  TemplateSyntaxError,
  templateVariables,
  type MessageContext,
} from './render';

const NBSP = '\u00a0';
const anna: MessageContext = {
  customer: { id: 'C-1', name: 'Анна Петрова', firstName: 'Анна', city: 'Тверь', bonusBalance: 1500 },
  bonus: { points: 100, expiresAt: '2026-12-11T21:30:00.000Z' },
  scenario: { name: 'Одна покупка' },
};
const msk = { timezone: 'Europe/Moscow' };

describe('renderTemplate', () => {
  it('renders the seed 004 SMS with the expiry date as dd.mm in the scenario time zone', () => {
    const text = 'Дарим вам {{ bonus.points }} рублей на покупку до {{ bonus.expiresAt | date: "%d.%m" }} Ждем вас за покупкой!';
    // 21:30 UTC on 11 December is already 12 December in Moscow.
    expect(renderTemplate(text, anna, msk)).toBe('Дарим вам 100 рублей на покупку до 12.12 Ждем вас за покупкой!');
    expect(renderTemplate(text, anna, { timezone: 'Europe/Berlin' })).toContain('до 11.12');
  });

  it('prints Russian month names, times and weekdays', () => {
    expect(renderTemplate('{{ bonus.expiresAt | date: "%e %B в %H:%M, %A" }}', anna, msk)).toBe('12 декабря в 00:30, суббота');
    expect(renderTemplate('{{ bonus.expiresAt | date: "%B %e" }}', anna, { ...msk, lang: 'en' })).toBe('December 12');
  });

  it('formats roubles with grouped thousands', () => {
    expect(renderTemplate('{{ 1500 | rub }}', anna, msk)).toBe(`1${NBSP}500${NBSP}₽`);
    expect(renderTemplate('{{ 1234567.5 | rub }}', anna, msk)).toBe(`1${NBSP}234${NBSP}567,50${NBSP}₽`);
    expect(renderTemplate('{{ 900 | rub }}', anna, msk)).toBe(`900${NBSP}₽`);
  });

  it('chooses the Russian plural form', () => {
    expect(renderTemplate('{{ 1 | points }}, {{ 2 | points }}, {{ 5 | points }}, {{ 11 | points }}, {{ 21 | points }}, {{ 112 | points }}', anna, msk)).toBe(
      '1 балл, 2 балла, 5 баллов, 11 баллов, 21 балл, 112 баллов',
    );
    expect(renderTemplate('{{ 3 | plural: "день", "дня", "дней" }}', anna, msk)).toBe('3 дня');
    expect(renderTemplate('{{ customer.bonusBalance | points }}', anna, msk)).toBe(`1${NBSP}500 баллов`);
    expect(pluralize(1, ['point', 'points'], 'en')).toBe('1 point');
    expect(pluralize(1.5, ['балл', 'балла', 'баллов'], 'ru')).toBe('1,50 балла');
  });

  it('renders missing variables and filters on missing values as empty, never throwing', () => {
    const bare: MessageContext = { customer: { id: 'C-2', name: null, firstName: null, city: null, bonusBalance: 0 } };
    expect(renderTemplate('{{ customer.firstName }}, ждём! {{ bonus.points | points }}{{ bonus.expiresAt | date: "%d.%m" }}{{ nope.x | rub }}', bare, msk)).toBe(', ждём! ');
  });

  it('supports Liquid logic', () => {
    expect(renderTemplate('{% if customer.firstName %}{{ customer.firstName }}{% else %}Здравствуйте{% endif %}', anna, msk)).toBe('Анна');
  });

  it('cannot read files through include or render', () => {
    expect(() => renderTemplate('{% include "/etc/passwd" %}', anna, msk)).toThrow(TemplateSyntaxError);
    expect(checkTemplate('{% render "/etc/passwd" %}').error?.en).toMatch(/not supported/);
  });

  it('stops a runaway loop with a render error instead of exhausting memory', () => {
    expect(() => renderTemplate('{% for i in (1..100000000) %}{{ i }}{% endfor %}', anna, msk)).toThrow(TemplateRenderError);
  });

  it('throws a syntax error for a template that does not parse', () => {
    expect(() => renderTemplate('Привет, {{ customer.name', anna, msk)).toThrow(TemplateSyntaxError);
  });
});

describe('the template budget', () => {
  const budgetError = (template: string, context: MessageContext = anna, budget?: TemplateBudget): TemplateBudgetError => {
    try {
      renderTemplate(template, context, { ...msk, budget });
    } catch (error) {
      if (error instanceof TemplateBudgetError) return error;
      throw error;
    }
    throw new Error(`rendered within the budget: ${template}`);
  };

  it('counts every pass of nested loops over an assigned range, and stops the one that froze the server', () => {
    const frozeTheServer = '{% assign a = (1..400) %}{% for x in a %}{% for y in a %}{% for z in a %}.{% endfor %}{% endfor %}{% endfor %}';
    expect(budgetError(frozeTheServer)).toMatchObject({ limit: 'iterations', max: 1000 });
    expect(budgetError(frozeTheServer.replace('400', '2000')).text.ru).toBe('циклы выполняются больше 1\u00a0000 раз');
    // 10 outer passes + 10 × 99 inner ones is exactly the limit; one more inner pass each is over it.
    expect(renderTemplate('{% for x in (1..10) %}{% for y in (1..99) %}{% endfor %}{% endfor %}ok', anna, msk)).toBe('ok');
    expect(budgetError('{% for x in (1..10) %}{% for y in (1..100) %}{% endfor %}{% endfor %}').limit).toBe('iterations');
    expect(budgetError('{% tablerow x in (1..4) %}{% endtablerow %}', anna, new TemplateBudget({ ...TEMPLATE_LIMITS, iterations: 3 })).limit).toBe('iterations');
  });

  it('fails the same way every time: the limits are counts, not time', () => {
    const budget = () => new TemplateBudget({ ...TEMPLATE_LIMITS, iterations: 5 });
    expect(renderTemplate('{% for i in (1..5) %}{{ i }}{% endfor %}', anna, { ...msk, budget: budget() })).toBe('12345');
    for (let i = 0; i < 3; i++) expect(budgetError('{% for i in (1..6) %}{{ i }}{% endfor %}', anna, budget())).toMatchObject({ limit: 'iterations', max: 5 });
  });

  it('bounds the output, captures included: a capture that doubles itself stops', () => {
    expect(budgetError('{% for i in (1..999) %}{{ "x" | append: "ничего лишнего, двадцать" }}{% endfor %}').limit).toBe('output');
    const doubling = '{% assign s = "ab" %}{% for i in (1..30) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}';
    expect(budgetError(doubling)).toMatchObject({ limit: 'output', max: 20_000 });
  });

  it('bounds what filters and ranges produce: doubling by append, split and join, replace, huge ranges', () => {
    const longest = worstCaseContext('Сценарий');
    expect(budgetError('{% assign s = "ab" %}' + '{% assign s = s | append: s %}'.repeat(40)).limit).toBe('memory');
    expect(budgetError('{% assign s = customer.name | split: "" | join: customer.name | split: "" | join: customer.name %}', longest).limit).toBe('memory');
    expect(budgetError('{% assign s = customer.name | replace: "", customer.name | replace: "", customer.name %}', longest).limit).toBe('memory');
    expect(budgetError('{{ (1..100000000) | size }}').limit).toBe('memory');
  });

  it('counts the items filters and comparisons walk through as steps', () => {
    const longest = worstCaseContext('Сценарий');
    expect(budgetError('{% assign a = customer.name | split: "" %}{% for i in (1..900) %}{% assign b = a | sort_natural %}{% endfor %}', longest).limit).toBe('steps');
    expect(budgetError('{% assign a = "a,b" | split: "," %}' + '{% assign a = a | concat: a %}'.repeat(30)).limit).toBe('steps');
    expect(budgetError('{% assign a = (1..3000) %}{% for i in (1..900) %}{% if a contains 0 %}{% endif %}{% endfor %}').limit).toBe('steps');
    expect(budgetError('{% for i in (1..999) %}' + '{% if false %}{% endif %}'.repeat(10) + '{% endfor %}').text.en).toBe(
      'more than 5,000 steps (insertions, conditions, filters and loop passes)',
    );
  });

  it('has a wall-clock backstop for work nothing counts', () => {
    expect(budgetError('{{ customer.name }}', anna, new TemplateBudget({ ...TEMPLATE_LIMITS, ms: -1 }))).toMatchObject({ limit: 'ms' });
  });

  it('renders the texts of every example scenario exactly as before the budget', () => {
    const before = new Map<string, string>([
      ['mindbox-reactivation/hello/text', 'Анна Петрова, давно не виделись!'],
      ['mindbox-reactivation/hello/subject', 'Мы скучаем'],
      ['mindbox-reactivation/offer/text', 'Дарим 300 баллов до 12.12'],
      ['mindbox-reactivation/offer/subject', 'Подарок'],
      ['mindbox-reactivation/remind/text', 'Ваши 300 баллов сгорят 12.12'],
      ['one-time-buyer/sms100/text', 'Дарим вам 300 рублей на покупку до 12.12 Ждем вас за покупкой!'],
      ['one-time-buyer/sms180/text', 'Дарим 300 рублей на покупку в нашем магазине до 12.12.'],
      ['one-time-buyer/call/text', 'Позвонить клиенту Анна Петрова (C-1): дважды дарили баллы, покупок нет. Узнать, почему перестал покупать.'],
      ['escalation-ladder/msg100/text', '🎁 Анна, дарим 300 баллов! Успейте потратить до 12.12 00:30'],
      ['escalation-ladder/msg200/text', '🔥 Удваиваем подарок: 300 баллов на 3 дня, до 12.12 00:30'],
      ['escalation-ladder/msg500/text', '💎 Последнее и самое щедрое: 300 баллов до 12.12 00:30. Ждём вас!'],
      ['pre-churn/nudge/text', 'Анна, давно вас не видели! Загляните — ваше любимое уже ждёт'],
      ['pre-churn/offer/text', '☕ Анна, 300 баллов в подарок на следующий визит — до 12.12'],
      ['gift-vs-discount/giftMail/text', 'Мы соскучились! Дарим 300 баллов — потратьте их до 12 декабря.'],
      ['gift-vs-discount/giftMail/subject', 'Анна, у нас для вас подарок'],
      ['gift-vs-discount/giftRemind/text', 'Ваши 300 баллов сгорят 12.12 в 00:30.'],
      ['gift-vs-discount/giftRemind/subject', 'Подарок сгорает завтра'],
      ['gift-vs-discount/discountMail/text', 'Мы соскучились! Скидка 25% на следующий заказ по промокоду COMEBACK25 — действует 3 дня.'],
      ['gift-vs-discount/discountMail/subject', 'Анна, −25% на всё для вас'],
      ['vip-balance/balance/text', 'Напоминаем вам! У вас 1\u00a0500 баллов, и мы ждём вас за покупками!'],
      ['vip-balance/balance/subject', 'У вас 1\u00a0500 баллов'],
      ['vip-balance/offer/text', 'Анна, дарим ещё 300 баллов до 12.12 — как нашему особому клиенту.'],
      ['vip-balance/offer/subject', 'Подарок для VIP-клиента'],
      ['after-first-purchase/thanks/text', 'Анна, спасибо, что вернулись! Ждём вас снова.'],
      ['after-first-purchase/offer/text', 'Дарим 300 баллов на вторую покупку до 12.12. Ждём вас!'],
      ['points-expiring/notice/text', 'Анна, ваши 500 баллов сгорят 12.12. Успейте потратить!'],
      ['points-expiring/notice/subject', 'Ваши баллы скоро сгорят'],
      ['points-expiring/lastDay/text', 'Сегодня последний день: 500 баллов сгорят в полночь.'],
      ['birthday/present/text', 'Анна, скоро ваш день рождения! Дарим 300 баллов до 12.12.'],
      ['birthday/greeting/text', 'С днём рождения, Анна! Ждём вас за подарком.'],
    ]);
    const customer: MessageContext = {
      customer: { id: 'C-1', name: 'Анна Петрова', firstName: 'Анна', city: 'Тверь', bonusBalance: 1500, favoriteCategory: 'Кофе', orderCount: 3 },
      bonus: { points: 300, expiresAt: '2026-12-11T21:30:00.000Z' },
      scenario: { name: 'Пример' },
      event: { type: null, at: '2026-12-08T21:30:00.000Z', data: { points: 500, expiresAt: '2026-12-11T21:30:00.000Z' } },
    };
    const now = new Map<string, string>();
    for (const example of scenarioExamples) {
      for (const node of example.document.nodes) {
        const config = (node.config ?? {}) as { text?: string; subject?: string };
        for (const field of ['text', 'subject'] as const) {
          const text = config[field];
          if (text) now.set(`${example.key}/${node.id}/${field}`, renderTemplate(text, customer, { timezone: example.document.settings?.timezone ?? 'Europe/Moscow' }));
        }
      }
    }
    expect(now).toEqual(before);
  });
});

describe('checkTemplate', () => {
  it('reports syntax errors and unknown filters with the line', () => {
    expect(checkTemplate('Строка\n{% if bonus.points %}нет конца').error?.ru).toMatch(/строка 2/);
    expect(checkTemplate('{{ bonus.points | rubles }}').error?.en).toMatch(/rubles/);
    expect(checkTemplate('{{ bonus.points | points }}').error).toBeNull();
  });

  it('lists variables a message never has', () => {
    expect(checkTemplate('{{ customer.nmae }} {{ customer.name }} {{ order.total }}').unknownVariables).toEqual(['customer.nmae', 'order.total']);
  });

  it('does not count variables the template defines itself', () => {
    expect(checkTemplate('{% assign n = bonus.points %}{{ n }}{% for i in (1..2) %}{{ i }}{% endfor %}').unknownVariables).toEqual([]);
  });

  it('offers every variable it renders', () => {
    for (const v of templateVariables) expect(checkTemplate(`{{ ${v.name} }}`).unknownVariables).toEqual([]);
  });
});
