import { describe, expect, it } from 'vitest';
import type { SimulatedScenario, SimulationResult } from '../../../shared/api/simulate';
import type { Cap } from '../../../shared/policy/caps';
import { draftOf } from '../settings/policyForm';
import { appliedPolicyInWords, collisionCustomers, hasTogetherPart, reasonInWords, scenarioRows, togetherRequest } from './together';

const caps: Cap[] = [
  { channel: 'all', period: 'day', max: 1 },
  { channel: 'sms', period: 'week', max: 2 },
];
const ru = { lang: 'ru' as const, timeZone: 'Europe/Moscow', caps };
const en = { ...ru, lang: 'en' as const };

// The reasons exactly as the runtime writes them (workflows/steps/deliver.ts, server/policy/admit.ts, server/activities/messages.ts).
const DEFERRED = 'отложено до 03.03 10:00 (Europe/Moscow): лимит коммуникаций 1 сообщение в день по всем каналам';
const SKIPPED = 'пропущено: лимит коммуникаций 2 SMS в неделю, отложить можно не больше чем на 3 дня';
const CONTROL = 'пропущено: клиент в глобальной контрольной группе (5 % клиентов)';

describe('journal reasons in the marketer’s words', () => {
  it('shows a deferral without the zone the panel already shows, and with any other', () => {
    expect(reasonInWords(DEFERRED, ru)).toBe('отложено до 03.03 10:00 · лимит коммуникаций 1 сообщение в день по всем каналам');
    expect(reasonInWords(DEFERRED.replace('Europe/Moscow', 'Asia/Yekaterinburg'), ru)).toBe(
      'отложено до 03.03 10:00 (Asia/Yekaterinburg) · лимит коммуникаций 1 сообщение в день по всем каналам',
    );
    expect(reasonInWords('отложено до 09:00 (Europe/Moscow): тихие часы 21:00–09:00', ru)).toBe('отложено до 09:00 · тихие часы 21:00–09:00');
  });

  it('says the same in English by matching the cap the simulation applied', () => {
    expect(reasonInWords(DEFERRED, en)).toBe('deferred until 03.03 10:00 · communication cap of 1 message a day on all channels');
    expect(reasonInWords(SKIPPED, en)).toBe('skipped: communication cap of 2 SMS a week, a message may wait at most 3 days');
    expect(reasonInWords(CONTROL, en)).toBe('skipped: the customer is in the global control group (5% of customers)');
    expect(reasonInWords('отложено до 09:00 (Europe/Moscow): тихие часы 21:00–09:00', en)).toBe('deferred until 09:00 · quiet hours 21:00–09:00');
  });

  it('gives the runtime’s own Russian back for skips, and any reason it does not know as written', () => {
    expect(reasonInWords(SKIPPED, ru)).toBe(SKIPPED);
    expect(reasonInWords(CONTROL, ru)).toBe(CONTROL);
    expect(reasonInWords('пропущено: лимит коммуникаций 1 сообщение в день по всем каналам, откладывать сообщения запрещено', en)).toBe(
      'skipped: communication cap of 1 message a day on all channels, deferring messages is not allowed',
    );
    // A cap the applied policy does not have (the policy changed): the Russian stays rather than a wrong translation.
    expect(reasonInWords('пропущено: лимит коммуникаций 3 сообщения в месяц по всем каналам, откладывать сообщения запрещено', en)).toBe(
      'skipped: лимит коммуникаций 3 сообщения в месяц по всем каналам, откладывать сообщения запрещено',
    );
    expect(reasonInWords('пропущено: нет согласия на SMS', en)).toBe('skipped: нет согласия на SMS');
    expect(reasonInWords('что-то новое', ru)).toBe('что-то новое');
  });

  it('names what was sent', () => {
    expect(reasonInWords('отправлено: email в песочницу', ru)).toBe('письмо отправлено');
    expect(reasonInWords('отправлено: SMS через провайдера', ru)).toBe('SMS отправлено');
    expect(reasonInWords('отправлено: email через провайдера', en)).toBe('email sent');
    expect(reasonInWords('отправлено: Telegram в песочницу', en)).toBe('Telegram message sent');
    expect(reasonInWords('отправлено: SMS в песочницу (вместо email: нет согласия на email)', ru)).toBe('SMS отправлено (вместо email: нет согласия на email)');
    expect(reasonInWords('отправлено: SMS в песочницу (вместо email: нет согласия на email)', en)).toBe('SMS sent (instead of email: нет согласия на email)');
  });
});

const scenario = (over: Partial<SimulatedScenario>): SimulatedScenario => ({
  scenarioId: 'a',
  name: 'Спящие',
  priority: 50,
  exclusivityGroup: null,
  main: false,
  entered: 0,
  entries: 0,
  messages: 0,
  deferred: 0,
  skippedByPolicy: 0,
  notEntered: { control: 0, exclusive_running: 0, exclusive_priority: 0 },
  ...over,
});

const result: Pick<SimulationResult, 'scenarios' | 'collisions'> = {
  scenarios: [
    scenario({ scenarioId: 'b', name: 'Уходящие', main: true, priority: 40, exclusivityGroup: 'Возврат', entered: 2, messages: 3, deferred: 2, notEntered: { control: 0, exclusive_running: 0, exclusive_priority: 1 } }),
    scenario({ scenarioId: 'a', name: 'Спящие', entered: 3, messages: 3 }),
  ],
  collisions: {
    customers: 2,
    examples: [
      {
        customerId: 'sim-1',
        events: [
          { at: '2026-03-02T07:00:00.000Z', scenarioId: 'a', nodeId: 'hello', outcome: 'sent', reason: 'отправлено: email в песочницу' },
          { at: '2026-03-02T09:00:00.000Z', scenarioId: 'b', nodeId: 'hello', outcome: 'deferred', reason: DEFERRED },
          { at: '2026-03-03T07:00:00.000Z', scenarioId: 'b', nodeId: 'hello', outcome: 'sent', reason: 'отправлено: email в песочницу' },
        ],
      },
      { customerId: 'c-77', events: [{ at: '2026-03-02T07:00:00.000Z', scenarioId: 'b', nodeId: null, outcome: 'not_entered', reason: 'exclusive_priority' }] },
    ],
  },
};

describe('where the scenarios met', () => {
  it('lists each example customer’s events with the time in the panel’s zone and the scenario’s name', () => {
    const [anna, other] = collisionCustomers(result, new Map([['sim-1', 'Анна Петрова']]), ru);
    expect(anna.name).toBe('Анна Петрова');
    expect(anna.lines.map((l) => `${l.time} · ${l.scenario} · ${l.text}`)).toEqual([
      '02.03 10:00 · Спящие · письмо отправлено',
      '02.03 12:00 · Уходящие · отложено до 03.03 10:00 · лимит коммуникаций 1 сообщение в день по всем каналам',
      '03.03 10:00 · Уходящие · письмо отправлено',
    ]);
    expect(anna.lines.map((l) => l.main)).toEqual([false, true, true]);
    // A customer the panel does not know by name (a published scenario's audience) keeps their id.
    expect(other.name).toBe('c-77');
    expect(other.lines[0].text).toBe('не вошёл: у другого сценария приоритет выше');
    expect(collisionCustomers(result, new Map(), en)[1].lines[0].text).toBe('did not enter: another scenario has a higher priority');
  });

  it('makes one table row per scenario with its order and why customers did not enter', () => {
    const rows = scenarioRows(result.scenarios, ru);
    expect(rows.map((r) => [r.name, r.order, r.entered, r.messages, r.deferred, r.skipped, r.notEntered])).toEqual([
      ['Уходящие', 'приоритет 40 · группа «Возврат»', 2, 3, 2, 0, 'у другого сценария приоритет выше: 1'],
      ['Спящие', 'приоритет 50', 3, 3, 0, 0, null],
    ]);
    expect(scenarioRows(result.scenarios, en)[0].order).toBe('priority 40 · group “Возврат”');
  });

  it('has something to say with other scenarios or when the policy acted on this one alone', () => {
    expect(hasTogetherPart(result)).toBe(true);
    const alone = { scenarios: [scenario({ main: true, messages: 2 })], collisions: { customers: 0, examples: [] } };
    expect(hasTogetherPart(alone)).toBe(false);
    expect(hasTogetherPart({ ...alone, scenarios: [scenario({ main: true, deferred: 1 })] })).toBe(true);
    expect(hasTogetherPart({ ...alone, scenarios: [scenario({ main: true, notEntered: { control: 1, exclusive_running: 0, exclusive_priority: 0 } })] })).toBe(true);
  });
});

describe('the request and the policy applied', () => {
  const shop = { caps: [{ channel: 'all' as const, period: 'day' as const, max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 5 } };

  it('asks for the published scenarios and the tried caps only when chosen, and refuses caps with problems', () => {
    expect(togetherRequest({ together: false, trial: null })).toEqual({});
    expect(togetherRequest({ together: true, trial: null })).toEqual({ withPublished: true });
    const trial = draftOf(shop);
    trial.caps[0].max = 2;
    expect(togetherRequest({ together: true, trial })).toEqual({ withPublished: true, policy: { ...shop, caps: [{ channel: 'all', period: 'day', max: 2 }] } });
    expect(togetherRequest({ together: true, trial: { ...trial, maxDelayDays: undefined } })).toBeNull();
    expect(togetherRequest({ together: false, trial: { ...trial, caps: [...trial.caps, { ...trial.caps[0], key: -1 }] } })).toBeNull();
  });

  it('says whose policy it was and what it allows', () => {
    expect(appliedPolicyInWords({ ...shop, version: 3 }, false, 'ru')).toBe('Правила магазина, версия 3: 1 сообщение в день по всем каналам · отложить до 3 дн. · контроль 5 %');
    expect(appliedPolicyInWords({ ...shop, version: 3 }, true, 'en')).toBe('Caps on trial: 1 message a day on all channels · defer up to 3 d · control 5%');
    expect(appliedPolicyInWords({ caps: [], maxDelayDays: 3, controlGroup: { sharePct: 0 }, version: 0 }, false, 'ru')).toBe('Правила магазина не заданы: без лимитов');
  });
});
