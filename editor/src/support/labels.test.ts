import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { outcomeLabel, outcomeTone } from './labels';

describe('journal outcome labels', () => {
  const ru = (key: Parameters<typeof translate>[1]) => translate('ru', key);
  const en = (key: Parameters<typeof translate>[1]) => translate('en', key);

  it('names a message deferred by the shop caps, apart from a quiet-hours hold, and colours both as waiting', () => {
    expect(outcomeLabel(ru, 'deferred', 'ru')).toBe('отложено по лимиту');
    expect(outcomeLabel(en, 'deferred', 'en')).toBe('deferred by a cap');
    expect(outcomeLabel(ru, 'held', 'ru')).toBe('отложено');
    expect(outcomeTone('deferred')).toBe(outcomeTone('held'));
    expect(outcomeTone('deferred')).toBe('wait');
  });

  it('names what an update-customer step did', () => {
    expect(outcomeLabel(ru, 'updated', 'ru')).toBe('клиент изменён');
    expect(outcomeLabel(ru, 'unchanged', 'ru')).toBe('без изменений');
    expect(outcomeTone('updated')).toBe('good');
  });

  it('shows an outcome it does not know as its code', () => {
    expect(outcomeLabel(ru, 'constructor', 'ru')).toBe('constructor');
  });
});
