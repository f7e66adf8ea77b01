import { describe, expect, it } from 'vitest';
import { pluralsOf } from '../../../shared/i18n';
import { ANALYTICS_DICTIONARIES, analyticsText } from '../analytics/texts';
import { RFM_DICTIONARIES, rfmText } from '../rfm/texts';
import { MOVES_DICTIONARIES } from '../moves/texts';
import { TIMING_DICTIONARIES } from '../nodes/forms/timingTexts';
import { TRIGGER_DICTIONARIES } from '../nodes/forms/triggerTexts';
import { APP_TEXTS, translate } from './index';

const PAIRS = { app: APP_TEXTS.dictionaries, analytics: ANALYTICS_DICTIONARIES, rfm: RFM_DICTIONARIES, moves: MOVES_DICTIONARIES, timing: TIMING_DICTIONARIES, triggers: TRIGGER_DICTIONARIES };

describe('editor dictionaries', () => {
  it.each(Object.entries(PAIRS))('%s: Russian and English have exactly the same keys', (_, { ru, en }) => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
  });

  it.each(Object.entries(PAIRS))('%s: every plural offers the forms its language needs, on the same parameter in both', (_, { ru, en }) => {
    for (const key of Object.keys(ru) as (keyof typeof ru)[]) {
      const ruPlurals = pluralsOf(ru[key]);
      const enPlurals = pluralsOf(en[key]);
      expect(enPlurals.map((p) => p.param), key).toEqual(ruPlurals.map((p) => p.param));
      for (const p of ruPlurals) expect(p.branches, `${key}: ru`).toEqual(expect.arrayContaining(['one', 'few', 'many']));
      for (const p of enPlurals) expect(p.branches, `${key}: en`).toEqual(expect.arrayContaining(['one', 'other']));
    }
  });

  it('picks the plural form by the count', () => {
    expect([1, 2, 5, 21, 1500].map((n) => translate('ru', 'support.card.points', { n }))).toEqual(['1 балл', '2 балла', '5 баллов', '21 балл', '1\u00a0500 баллов']);
    expect([1, 2].map((n) => translate('en', 'support.card.points', { n }))).toEqual(['1 point', '2 points']);
    expect(translate('ru', 'support.card.expires', { n: 1, date: '01.12' })).toBe('1 балл сгорит 01.12');
    expect(translate('ru', 'support.card.expires', { n: 3, date: '01.12' })).toBe('3 балла сгорят 01.12');
    expect(translate('en', 'support.card.everyDays', { n: 1 })).toBe('every day');
    expect(analyticsText('ru', 'versionOption', { v: 2, date: '01.12', days: 21 })).toBe('v2 от 01.12 (окно 21 день)');
    expect(rfmText('ru', 'customers', { n: '1\u00a0002', count: 1002 })).toBe('1\u00a0002 клиента');
    expect(rfmText('en', 'customers', { n: '1', count: 1 })).toBe('1 customer');
  });

  it('substitutes plain parameters as before', () => {
    expect(translate('ru', 'password.why', { email: 'a@b.ru' })).toContain('a@b.ru');
  });
});
