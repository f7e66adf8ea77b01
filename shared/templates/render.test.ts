import { describe, expect, it } from 'vitest';
import { pluralize, ruPluralForm } from './format';
import { checkTemplate, renderTemplate, TemplateRenderError, TemplateSyntaxError, templateVariables, type MessageContext } from './render';

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
    expect(ruPluralForm(1.5)).toBe('few');
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
