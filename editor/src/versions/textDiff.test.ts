import { describe, expect, it } from 'vitest';
import { diffWords, tokenize, type DiffPart } from './textDiff';

/** The diff as one line: [-removed-]{+added+}. */
const show = (parts: DiffPart[]) => parts.map((p) => (p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('');
const side = (parts: DiffPart[], kind: 'removed' | 'added') => parts.filter((p) => p.kind === 'same' || p.kind === kind).map((p) => p.text).join('');

describe('word diff of a message text', () => {
  it('marks the changed words of an offer and keeps the rest', () => {
    const parts = diffWords('Анна, мы скучаем! Скидка 20% на всё до пятницы.', 'Анна, мы скучаем! Скидка 25% на всё до воскресенья.');
    expect(show(parts)).toBe('Анна, мы скучаем! Скидка [-20-]{+25+}% на всё до [-пятницы-]{+воскресенья+}.');
  });

  it('gathers neighbouring edits into one old phrase and one new phrase', () => {
    expect(show(diffWords('Второй кофе в подарок', 'Десерт к кофе в подарок'))).toBe('[-Второй-]{+Десерт к+} кофе в подарок');
    expect(show(diffWords('приходите до пятницы вечером', 'приходите в субботу утром'))).toBe('приходите [-до пятницы вечером-]{+в субботу утром+}');
  });

  it('shows insertions and deletions alone', () => {
    expect(show(diffWords('Ждём вас', 'Ждём вас в гости'))).toBe('Ждём вас{+ в гости+}');
    expect(show(diffWords('Ждём вас в гости', 'Ждём вас'))).toBe('Ждём вас[- в гости-]');
    expect(show(diffWords('', 'Новый текст'))).toBe('{+Новый текст+}');
  });

  it('rebuilds both texts exactly, Liquid variables and line breaks included', () => {
    const before = '{{ customer.firstName }}, у вас {{ bonus.balance }} баллов.\nЖдём!';
    const after = '{{ customer.firstName }}, на счету {{ bonus.balance }} баллов —\nпотратьте до {{ bonus.expiresAt }}!';
    const parts = diffWords(before, after);
    expect(side(parts, 'removed')).toBe(before);
    expect(side(parts, 'added')).toBe(after);
  });

  it('reports identical texts as one unchanged part', () => {
    expect(diffWords('Без изменений', 'Без изменений')).toEqual([{ kind: 'same', text: 'Без изменений' }]);
  });

  it('splits words, spaces and punctuation, letters of any alphabet and digits', () => {
    expect(tokenize('Скидка 25%, ok!')).toEqual(['Скидка', ' ', '25', '%', ',', ' ', 'ok', '!']);
  });

  it('stays fast on the longest texts a message may have', () => {
    const words = Array.from({ length: 700 }, (_, i) => `слово${i}`);
    const before = words.join(' ');
    const after = words.map((w, i) => (i % 50 === 0 ? 'другое' : w)).join(' ');
    const started = performance.now();
    const parts = diffWords(before, after);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parts.filter((p) => p.kind === 'added')).toHaveLength(14);
    expect(side(parts, 'added')).toBe(after);
  });
});
