import { describe, expect, it } from 'vitest';
import { pluralsOf } from '../../../shared/i18n';
import { changeInWords, fieldLabel, settingInWords, valueInWords } from './changeWords';
import { VERSIONS_TEXTS } from './texts';

describe('changes in a marketer’s words', () => {
  it('names the field and says both values with their units', () => {
    expect(changeInWords({ field: 'days', before: 3, after: 5 }, 'ru')).toEqual({ field: 'days', label: 'Ждать', kind: 'value', before: '3 дня', after: '5 дней' });
    expect(changeInWords({ field: 'points', before: 300, after: 1500 }, 'ru')).toMatchObject({ label: 'Бонусы', before: '300 баллов', after: '1\u00a0500 баллов' });
    expect(changeInWords({ field: 'days', before: 1, after: 2 }, 'en')).toMatchObject({ label: 'Wait', before: '1 day', after: '2 days' });
  });

  it('keeps texts whole for a word diff, and leaves out the side that lacks the field', () => {
    expect(changeInWords({ field: 'text', before: 'Скидка 20%', after: 'Скидка 25%' }, 'ru')).toEqual({ field: 'text', label: 'Текст', kind: 'text', before: 'Скидка 20%', after: 'Скидка 25%' });
    expect(changeInWords({ field: 'label', before: undefined, after: 'Неделя тишины' }, 'ru')).toEqual({ field: 'label', label: 'Название узла', kind: 'text', before: undefined, after: 'Неделя тишины' });
  });

  it('reads channels, conditions, limits and A/B variants as the canvas does', () => {
    expect(valueInWords('channel', 'sms', 'ru')).toBe('SMS');
    expect(valueInWords('fallbackChannels', ['email', 'push'], 'ru')).toBe('Email, Push');
    expect(valueInWords('condition', { field: 'daysSinceLastOrder', op: 'gte', value: 60 }, 'ru')).toBe('Дней с последнего заказа ≥ 60 дней');
    expect(valueInWords('count', 'messages', 'ru')).toBe('сообщения');
    expect(valueInWords('scope', 'all', 'en')).toBe('in all scenarios');
    expect(valueInWords('variants', [{ key: 'a', label: 'Подарок', weight: 50 }, { key: 'b', label: 'Скидка', weight: 50 }], 'ru')).toBe('Подарок 50 % / Скидка 50 %');
    expect(valueInWords('minAmount', 1500, 'ru')).toBe('1\u00a0500\u00a0₽');
    expect(valueInWords('type', 'wait', 'en')).toBe('Wait');
    expect(valueInWords('at', '10:00', 'ru')).toBe('в 10:00');
  });

  it('says scenario settings in words, a switched-off setting as «нет»', () => {
    expect(settingInWords({ field: 'quietHours', before: undefined, after: { start: '21:00', end: '09:00' } }, 'ru')).toMatchObject({ label: 'Тихие часы', before: 'нет', after: 'с 21:00 до 09:00' });
    expect(settingInWords({ field: 'stopOnPurchase', before: true, after: false }, 'ru')).toMatchObject({ before: 'да', after: 'нет' });
    expect(settingInWords({ field: 'conversionWindowDays', before: 30, after: 14 }, 'ru')).toMatchObject({ label: 'Окно конверсии', before: '30 дней', after: '14 дней' });
    expect(settingInWords({ field: 'budget', before: { avgCheck: 900, marginPct: 40, maxShareOfMarginPct: 50 }, after: undefined }, 'ru')).toMatchObject({
      label: 'Бюджет на возврат',
      before: 'средний чек 900\u00a0₽, маржа 40 %, доля маржи 50 %',
      after: 'нет',
    });
  });

  it('shows a field it does not know by its key and stored value', () => {
    expect(fieldLabel('somethingNew', 'ru')).toBe('somethingNew');
    expect(valueInWords('somethingNew', { a: 1 }, 'ru')).toBe('{"a":1}');
  });
});

describe('the comparison dictionary', () => {
  const { ru, en } = VERSIONS_TEXTS.dictionaries;

  it('has the same keys in Russian and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
  });

  it('offers every plural form each language needs', () => {
    for (const key of Object.keys(ru) as (keyof typeof ru)[]) {
      for (const p of pluralsOf(ru[key])) expect(p.branches, key).toEqual(expect.arrayContaining(['one', 'few', 'many']));
      for (const p of pluralsOf(en[key])) expect(p.branches, key).toEqual(expect.arrayContaining(['one', 'other']));
    }
  });
});
