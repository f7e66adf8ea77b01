import { describe, expect, it } from 'vitest';
import { smsCounterView } from './smsCounter';

describe('SMS counter display', () => {
  it('counts a Cyrillic message against 70 characters (seed 004 text fits one SMS)', () => {
    const view = smsCounterView('Дарим вам 100 рублей на покупку до 12.12 Ждем вас за покупкой!', 'ru');
    expect(view.text).toBe('62 симв. · 1 SMS · UCS-2');
    expect(view.tone).toBe('ok');
    expect(view.note).toBe('осталось 8 из 70');
  });

  it('warns when a Cyrillic text goes over 70 characters and counts 67 per part', () => {
    const view = smsCounterView('Я'.repeat(71), 'ru');
    expect(view.text).toBe('71 симв. · 2 SMS · UCS-2');
    expect(view.tone).toBe('warn');
    expect(view.note).toContain('2 SMS по 67 символов');
  });

  it('uses GSM-7 limits for Latin text', () => {
    expect(smsCounterView('a'.repeat(160), 'en').text).toBe('160 chars · 1 SMS · GSM-7');
    expect(smsCounterView('a'.repeat(161), 'en')).toMatchObject({ text: '161 chars · 2 SMS · GSM-7', tone: 'warn' });
  });

  it('shows the capacity while nothing is typed', () => {
    expect(smsCounterView('', 'ru')).toMatchObject({ tone: 'empty', note: 'в одной SMS до 70 символов кириллицей или 160 латиницей' });
  });
});
