import { describe, expect, it } from 'vitest';
import { controlGroupLine, entrySkipLine } from './policyTexts';

const skip = (reason: 'control' | 'exclusive_running' | 'exclusive_priority', other: string | null = 'Спящие') => ({
  scenarioId: '11111111-1111-4111-8111-111111111111',
  scenarioName: 'Уходящие',
  day: '2026-11-30',
  at: '2026-11-30T07:00:00.000Z',
  reason,
  otherScenarioId: other ? '22222222-2222-4222-8222-222222222222' : null,
  otherScenarioName: other,
});

describe("the customer card's policy lines", () => {
  it('says whether the customer is in the global control group, and nothing when the shop has none', () => {
    expect(controlGroupLine({ member: true, sharePct: 5 }, 'ru')).toBe('В глобальной контрольной группе (5 %): не получает маркетинговых сообщений');
    expect(controlGroupLine({ member: false, sharePct: 2.5 }, 'ru')).toBe('Не в глобальной контрольной группе (2,5 %)');
    expect(controlGroupLine({ member: true, sharePct: 5 }, 'en')).toBe('In the global control group (5 %): gets no marketing messages');
    expect(controlGroupLine({ member: false, sharePct: 0 }, 'ru')).toBeNull();
  });

  it('says why the customer did not enter, on the local day as dd.mm, naming the scenario that held them', () => {
    expect(entrySkipLine(skip('exclusive_running'), 'ru')).toBe('Не вошёл в «Уходящие» 30.11: уже в «Спящие» (одна группа исключения)');
    expect(entrySkipLine(skip('exclusive_priority'), 'ru')).toBe('Не вошёл в «Уходящие» 30.11: в этот день его взял «Спящие» — приоритет выше (одна группа исключения)');
    expect(entrySkipLine(skip('control', null), 'ru')).toBe('Не вошёл в «Уходящие» 30.11: в глобальной контрольной группе');
    expect(entrySkipLine(skip('exclusive_running'), 'en')).toBe('Did not enter “Уходящие” on 30.11: already in “Спящие” (same exclusivity group)');
  });
});
