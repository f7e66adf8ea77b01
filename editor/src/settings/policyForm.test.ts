import { describe, expect, it } from 'vitest';
import { pluralsOf } from '../../../shared/i18n';
import { draftOf, isUnchanged, issueInWords, newCap, policyProblems, policyPromise, policyShort, policyWarnings, toRequest, type PolicyDraft } from './policyForm';
import { SCENARIO_POLICY_DICTIONARIES } from './scenarioTexts';
import { POLICY_DICTIONARIES } from './texts';

const draft = (caps: Array<[PolicyDraft['caps'][number]['channel'], PolicyDraft['caps'][number]['period'], number | undefined]>, maxDelayDays: number | undefined = 3, sharePct: number | undefined = 5): PolicyDraft => ({
  caps: caps.map(([channel, period, max], i) => ({ key: i + 1, channel, period, max })),
  maxDelayDays,
  sharePct,
});

describe('policy form', () => {
  it('accepts caps of 1 a day and 2 a week, and sends exactly them', () => {
    const d = draft([
      ['all', 'day', 1],
      ['all', 'week', 2],
    ]);
    expect(policyProblems(d, 'ru')).toEqual([]);
    expect(toRequest(d)).toEqual({
      caps: [
        { channel: 'all', period: 'day', max: 1 },
        { channel: 'all', period: 'week', max: 2 },
      ],
      maxDelayDays: 3,
      controlGroup: { sharePct: 5 },
    });
  });

  it('names both rows of a duplicate channel and period, in words', () => {
    const d = draft([
      ['sms', 'day', 1],
      ['all', 'week', 2],
      ['sms', 'day', 3],
    ]);
    const problems = policyProblems(d, 'ru');
    expect(problems).toEqual([{ field: { cap: 3 }, message: 'Лимиты 1 и 3 считают одно и то же (SMS, в день) — оставьте один.' }]);
    expect(toRequest(d)).toBeNull();
    expect(policyProblems(d, 'en')[0].message).toBe('Caps 1 and 3 count the same thing (SMS, a day) — keep one.');
  });

  it('refuses a half-typed or out-of-range number, the deferral beyond 30 days and a share finer than 0.1 %', () => {
    const problems = policyProblems(draft([['all', 'day', undefined], ['email', 'week', 101]], 31, 2.55), 'ru');
    expect(problems.map((p) => p.field)).toEqual([{ cap: 1 }, { cap: 2 }, 'delay', 'control']);
    expect(problems[0].message).toBe('Лимит 1: число сообщений — целое от 1 до 100.');
    expect(policyProblems(draft([], 0, 50), 'ru')).toEqual([]);
    expect(policyProblems(draft([], 0, 2.5), 'ru')).toEqual([]);
    expect(policyProblems({ caps: [], maxDelayDays: undefined, sharePct: 50.1 }, 'ru').map((p) => p.field)).toEqual(['delay', 'control']);
  });

  it('warns that a channel cap not below the all-channel cap of its period never bites', () => {
    const d = draft([
      ['all', 'day', 1],
      ['sms', 'day', 2],
      ['sms', 'week', 2],
    ]);
    expect(policyWarnings(d, 'ru')).toEqual([{ key: 2, message: 'Лимит «2 SMS в день» ничего не добавляет: в день по всем каналам и так разрешено не больше 1.' }]);
  });

  it('adds a row for a channel and period not capped yet', () => {
    const d = draft([['all', 'day', 1]]);
    const added = newCap(d.caps);
    expect([added.channel, added.period]).toEqual(['all', 'week']);
    expect(policyProblems({ ...d, caps: [...d.caps, added] }, 'ru')).toEqual([]);
  });

  it('knows when the draft says what is saved', () => {
    const saved = { caps: [{ channel: 'all' as const, period: 'day' as const, max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 5 } };
    const d = draftOf(saved);
    expect(isUnchanged(d, saved)).toBe(true);
    expect(isUnchanged({ ...d, sharePct: 6 }, saved)).toBe(false);
    expect(isUnchanged({ ...d, caps: [{ ...d.caps[0], max: 2 }] }, saved)).toBe(false);
  });

  it('says what the policy promises, shorter periods first', () => {
    const policy = {
      caps: [
        { channel: 'all' as const, period: 'week' as const, max: 2 },
        { channel: 'all' as const, period: 'day' as const, max: 1 },
      ],
      maxDelayDays: 3,
      controlGroup: { sharePct: 5 },
    };
    expect(policyPromise(policy, 'ru')).toEqual([
      'Каждый клиент получит из всех сценариев вместе не больше: 1 сообщение в день по всем каналам и 2 сообщения в неделю по всем каналам.',
      'Сообщение сверх лимита ждёт до 3 дней и уходит, как только лимиты позволят; не дождалось — пропускается.',
      'Служебные сообщения (например, «баллы сгорают») лимитам не подчиняются.',
      '5 % клиентов не получают маркетинговых сообщений — с ними сравниваются отчёты.',
    ]);
    expect(policyPromise({ ...policy, maxDelayDays: 1 }, 'ru')[1]).toContain('до 1 дня');
    expect(policyPromise({ ...policy, maxDelayDays: 0 }, 'ru')[1]).toBe('Сообщение сверх лимита не откладывается, а пропускается.');
    expect(policyPromise({ caps: [], maxDelayDays: 3, controlGroup: { sharePct: 0 } }, 'en')).toEqual(['No caps: a customer gets everything the scenarios send.', 'No control group.']);
    expect(policyShort({ ...policy, controlGroup: { sharePct: 2.5 } }, 'ru')).toBe('1 сообщение в день по всем каналам, 2 сообщения в неделю по всем каналам · отложить до 3 дн. · контроль 2,5 %');
  });

  it('names the field an API issue is about', () => {
    expect(issueInWords({ path: 'caps.1.max', code: 'too_big', message: 'не больше 100' }, 'ru')).toBe('Лимит 2: не больше 100');
    expect(issueInWords({ path: 'controlGroup.sharePct', code: 'too_big', message: 'too big' }, 'en')).toBe('Control group: too big');
  });

  it.each([
    ['policy', POLICY_DICTIONARIES],
    ['scenario', SCENARIO_POLICY_DICTIONARIES],
  ] as const)('%s texts: the same keys and the plural forms each language needs', (_, { ru, en }) => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
    for (const key of Object.keys(ru) as (keyof typeof ru)[]) {
      for (const p of pluralsOf(ru[key])) expect(p.branches, key).toEqual(expect.arrayContaining(['one', 'few', 'many']));
      for (const p of pluralsOf((en as Record<string, string>)[key])) expect(p.branches, key).toEqual(expect.arrayContaining(['one', 'other']));
    }
  });
});
