import { describe, expect, it } from 'vitest';
import { NODE_SPECS, type ScenarioNode } from '../../../shared/scenario/schema';
import { eventCallExample } from '../nodes/forms/eventCall';
import { switchExpiryUnit } from '../nodes/forms/bonusExpiryTrigger';
import { entersOnEvents, labelForSegment, triggerHour, triggerOf, withReentryMode } from './trigger';

const node = (n: unknown) => n as ScenarioNode;

describe('the trigger of a draft', () => {
  it('is found whatever its type, and says whether customers enter on events', () => {
    const doc = { nodes: [node({ id: 'w', type: 'wait', config: { days: 1 } }), node({ id: 'start', type: 'orderTrigger', config: { reentry: { mode: 'once' } } })] };
    expect(triggerOf(doc)?.id).toBe('start');
    expect(entersOnEvents(doc)).toBe(true);
    expect(entersOnEvents({ nodes: [node({ id: 'start', type: 'birthdayTrigger', config: { daysBefore: 0, at: '09:00' } })] })).toBe(false);
    expect(entersOnEvents({ nodes: [] })).toBe(false);
  });

  it('has the scenario’s hour when it runs at a time of day, none when runs start on events or every hour', () => {
    expect(triggerHour(node({ id: 's', type: 'dailyTrigger', config: { at: '10:00' } }))).toBe('10:00');
    expect(triggerHour(node({ id: 's', type: 'segmentTrigger', config: { segmentId: '', at: '08:30' } }))).toBe('08:30');
    expect(triggerHour(node({ id: 's', type: 'bonusExpiryTrigger', config: { unit: 'days', before: 3, at: '11:00' } }))).toBe('11:00');
    expect(triggerHour(node({ id: 's', type: 'bonusExpiryTrigger', config: { unit: 'hours', before: 72 } }))).toBeNull();
    expect(triggerHour(node({ id: 's', type: 'eventTrigger', config: { eventType: 'x', reentry: { mode: 'always' } } }))).toBeNull();
    expect(triggerHour(undefined)).toBeNull();
  });
});

describe('the re-entry rule control', () => {
  it('keeps the cooldown days across a switch to another mode and back', () => {
    expect(withReentryMode({ mode: 'cooldown', days: 14 }, 'once')).toEqual({ mode: 'once' });
    expect(withReentryMode({ mode: 'once' }, 'cooldown', 14)).toEqual({ mode: 'cooldown', days: 14 });
    expect(withReentryMode({ mode: 'always' }, 'cooldown')).toEqual({ mode: 'cooldown', days: 30 });
    expect(withReentryMode({ mode: 'cooldown', days: 5 }, 'cooldown', 14)).toEqual({ mode: 'cooldown', days: 5 });
  });
});

describe('points expiring: days ⇄ hours', () => {
  const schema = NODE_SPECS.bonusExpiryTrigger.config;
  it('turns the lead time into the other unit within its range and keeps the minimum points', () => {
    const hours = switchExpiryUnit({ unit: 'days', before: 3, at: '10:00', minPoints: 100 }, 'hours');
    expect(hours).toEqual({ unit: 'hours', before: 72, minPoints: 100 });
    expect(switchExpiryUnit({ unit: 'days', before: 30, at: '10:00' }, 'hours')).toEqual({ unit: 'hours', before: 168 });
    expect(switchExpiryUnit({ unit: 'days', before: 0, at: '10:00' }, 'hours')).toEqual({ unit: 'hours', before: 1 });
    expect(switchExpiryUnit({ unit: 'hours', before: 36 }, 'days')).toEqual({ unit: 'days', before: 2, at: '10:00' });
    for (const c of [hours, switchExpiryUnit(hours, 'days')]) expect(schema.safeParse(c).success).toBe(true);
  });
});

describe('«Попал в сегмент» on the canvas', () => {
  const auto = new Set(['Попал в «Спящие»', 'Entered "Sleeping"']);
  it('names the picked segment unless the marketer named the node', () => {
    expect(labelForSegment(undefined, new Set(), 'Попал в «Спящие»')).toBe('Попал в «Спящие»');
    expect(labelForSegment('Попал в «Спящие»', auto, 'Попал в «Уходящие»')).toBe('Попал в «Уходящие»');
    expect(labelForSegment('Entered "Sleeping"', auto, 'Попал в «Уходящие»')).toBe('Попал в «Уходящие»');
    expect(labelForSegment('Реанимация спящих', auto, 'Попал в «Уходящие»')).toBe('Реанимация спящих');
  });
});

describe('the custom event call shown on the event trigger', () => {
  it('posts one event of this type as JSON to this server', () => {
    const call = eventCallExample('https://shop.example', 'cart_abandoned');
    expect(call).toContain('curl -X POST https://shop.example/api/events');
    const body = JSON.parse(call.slice(call.indexOf("-d '") + 4, call.lastIndexOf("'")));
    expect(body).toEqual([expect.objectContaining({ type: 'cart_abandoned', customerId: expect.any(String), id: expect.any(String), at: expect.any(String) })]);
  });
});
