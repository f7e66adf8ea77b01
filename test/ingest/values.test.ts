import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../server/ingest/phone';
import { isIanaTimeZone } from '../../shared/time/zoned';
import { CustomerRecordSchema, Instant } from '../../server/ingest/records';
import { mapColumns } from '../../server/import/columns';
import { parseBoolean, parseDateTime, parseDecimal } from '../../server/import/values';

describe('record normalisation', () => {
  it.each([
    ['8 (912) 345-67-89', '+79123456789'],
    ['+7 912 345 67 89', '+79123456789'],
    ['79123456789', '+79123456789'],
    ['9123456789', '+79123456789'],
    ['8-495-123-45-67', '+74951234567'],
    ['+375 29 123-45-67', null],
    ['+8 912 345 67 89', null],
    ['12345', null],
    ['звоните мне', null],
  ])('phone %s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('accepts IANA zones only', () => {
    expect(isIanaTimeZone('Asia/Vladivostok')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('Moscow')).toBe(false);
    expect(isIanaTimeZone('Europe/Mordor')).toBe(false);
    expect(isIanaTimeZone('+03:00')).toBe(false);
  });

  it('reads instants with an offset and bare dates as Moscow midnight, and refuses impossible or zone-less ones', () => {
    expect(Instant.parse('2025-03-01T12:00:00+05:00')).toBe('2025-03-01T07:00:00.000Z');
    expect(Instant.parse('2025-03-01')).toBe('2025-02-28T21:00:00.000Z');
    expect(Instant.safeParse('2025-02-30').success).toBe(false);
    expect(Instant.safeParse('2025-03-01T12:00:00').success).toBe(false);
    expect(Instant.safeParse('01.03.2025').success).toBe(false);
  });

  it('turns numeric Telegram ids into strings and lower-cases emails', () => {
    const parsed = CustomerRecordSchema.parse({ id: ' c-1 ', registeredAt: '2024-01-01', telegramChatId: 123456789, email: 'Ivan@Mail.RU' });
    expect(parsed).toMatchObject({ id: 'c-1', telegramChatId: '123456789', email: 'ivan@mail.ru' });
  });
});

describe('spreadsheet cells', () => {
  it('reads numbers written the Russian way', () => {
    expect(parseDecimal('1 234,50')).toBe(1234.5);
    expect(parseDecimal('1\u00a0234,5 ₽')).toBe(1234.5);
    expect(parseDecimal('1.234,50')).toBe(1234.5);
    expect(parseDecimal('700')).toBe(700);
    expect(parseDecimal('сто')).toBeNull();
  });

  it('reads yes/no in both languages', () => {
    expect(['да', 'Да', 'yes', '1', '+', 'x'].map((v) => parseBoolean(v))).toEqual([true, true, true, true, true, true]);
    expect(['нет', 'no', '0', '-', 'отписан'].map((v) => parseBoolean(v))).toEqual([false, false, false, false, false]);
    expect(parseBoolean('может быть')).toBeNull();
  });

  it('reads dd.mm.yyyy dates as wall-clock time in the given zone, including across a daylight-saving change', () => {
    expect(parseDateTime('31.12.2024 18:30', 'Europe/Moscow')).toBe('2024-12-31T15:30:00.000Z');
    expect(parseDateTime('01.02.24', 'Asia/Novosibirsk')).toBe('2024-01-31T17:00:00.000Z');
    expect(parseDateTime('30.03.2025 12:00', 'Europe/Berlin')).toBe('2025-03-30T10:00:00.000Z');
    expect(parseDateTime('29.03.2025 12:00', 'Europe/Berlin')).toBe('2025-03-29T11:00:00.000Z');
    expect(parseDateTime('31.02.2025', 'Europe/Moscow')).toBeNull();
    expect(parseDateTime('25:00', 'Europe/Moscow')).toBeNull();
  });

  it('maps Russian and English headers whatever their case and punctuation, and lists unknown ones', () => {
    const mapping = mapColumns(['ФИО', 'Телефон:', 'E-mail', 'Дата  регистрации*', 'registered_at', 'Код клиента', 'Комментарий'], 'customers');
    expect([...mapping.columns.values()].map((c) => c.field)).toEqual(['name', 'phone', 'email', 'registeredAt', 'id']);
    expect(mapping.duplicated).toEqual(['registered_at']);
    expect(mapping.ignored).toEqual(['Комментарий']);
    expect(mapping.missing).toEqual([]);
  });
});
