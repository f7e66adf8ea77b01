import { describe, expect, it } from 'vitest';
import { smsSegments } from './sms';

describe('smsSegments', () => {
  it('fits 70 Cyrillic characters in one UCS-2 SMS and splits the 71st into two parts of 67', () => {
    expect(smsSegments('я'.repeat(70))).toEqual({ encoding: 'UCS-2', characters: 70, segments: 1, perSegment: 70 });
    expect(smsSegments('я'.repeat(71))).toEqual({ encoding: 'UCS-2', characters: 71, segments: 2, perSegment: 67 });
    expect(smsSegments('я'.repeat(134)).segments).toBe(2);
    expect(smsSegments('я'.repeat(135)).segments).toBe(3);
  });

  it('fits 160 Latin characters in one GSM-7 SMS, then 153 per part', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', characters: 160, segments: 1, perSegment: 160 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', characters: 161, segments: 2, perSegment: 153 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts GSM-7 extension characters twice and never splits their escape pair', () => {
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', characters: 160, segments: 1 });
    // 152 plain + "€" (2 units) does not fit the first 153-unit part: it moves whole to the second.
    expect(smsSegments('a'.repeat(152) + '€' + 'a'.repeat(10))).toMatchObject({ characters: 164, segments: 2 });
  });

  it('switches to UCS-2 for a single non-GSM character, and counts an emoji as two', () => {
    expect(smsSegments('Hello ₽')).toMatchObject({ encoding: 'UCS-2', characters: 7 });
    expect(smsSegments('🎁')).toMatchObject({ encoding: 'UCS-2', characters: 2, segments: 1 });
  });

  it('measures the seed 004 text as one Cyrillic SMS', () => {
    const text = 'Дарим вам 100 рублей на покупку до 12.12 Ждем вас за покупкой!';
    expect(smsSegments(text)).toEqual({ encoding: 'UCS-2', characters: text.length, segments: 1, perSegment: 70 });
  });

  it('has no segments for an empty text', () => {
    expect(smsSegments('').segments).toBe(0);
  });
});
