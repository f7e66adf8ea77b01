import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

let api: TestApi;
let marketer: SignedInClient;
beforeAll(async () => {
  api = await startTestApi();
  marketer = await api.loginAs('marketer');
});
afterAll(async () => {
  await api?.stop();
});

const POLICY = {
  caps: [
    { channel: 'all', period: 'day', max: 1 },
    { channel: 'all', period: 'week', max: 2 },
    { channel: 'sms', period: 'month', max: 2 },
  ],
  maxDelayDays: 3,
  controlGroup: { sharePct: 5 },
};

describe('the communication policy', () => {
  test('never set: version 0, no caps, nobody held out', async () => {
    const res = await marketer.get('/api/settings/policy');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 0, caps: [], controlGroup: { sharePct: 0 }, updatedAt: null });
  });

  test('each save is the next version, audited; a change of the control share has an audit entry of its own', async () => {
    const first = await marketer.put('/api/settings/policy', POLICY);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ...POLICY, version: 1, updatedBy: marketer.user.name });
    expect(first.body).not.toHaveProperty('controlSeed');
    const second = await marketer.put('/api/settings/policy', { ...POLICY, maxDelayDays: 5 });
    expect(second.body.version).toBe(2);
    expect((await marketer.get('/api/settings/policy')).body).toMatchObject({ version: 2, maxDelayDays: 5 });
    expect((await marketer.get('/api/settings/policy/history')).body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const audit = await api.sql<{ action: string; details: { fromPct?: number; toPct?: number; version: number } }[]>`
      SELECT action, details FROM audit_log WHERE entity = 'settings:policy' ORDER BY id`;
    expect(audit.map((a) => [a.action, a.details.version])).toEqual([
      ['settings.policy', 1],
      ['settings.controlGroup', 1],
      ['settings.policy', 2],
    ]);
    expect(audit[1].details).toMatchObject({ fromPct: 0, toPct: 5 });
  });

  test('the control group stays the same customers from version to version (the seed is drawn once)', async () => {
    const seeds = await api.sql<{ control_seed: string }[]>`SELECT DISTINCT control_seed FROM communication_policies`;
    expect(seeds).toHaveLength(1);
  });

  test('refuses two caps for one channel and period, and values out of range, naming the fields', async () => {
    const twice = await marketer.put('/api/settings/policy', { ...POLICY, caps: [...POLICY.caps, { channel: 'all', period: 'day', max: 3 }] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['caps']);
    const wild = await marketer.put('/api/settings/policy', { caps: [{ channel: 'fax', period: 'day', max: 0 }], maxDelayDays: 99, controlGroup: { sharePct: 80 } });
    expect(wild.status).toBe(400);
    expect(wild.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['caps.0.channel', 'caps.0.max', 'controlGroup.sharePct', 'maxDelayDays']);
  });

  test('analysts and support read it; only marketers and admins change it', async () => {
    const analyst = await api.loginAs('analyst');
    expect((await analyst.get('/api/settings/policy')).status).toBe(200);
    expect((await analyst.put('/api/settings/policy', POLICY)).status).toBe(403);
    const support = await api.loginAs('support');
    expect((await support.get('/api/settings/policy')).status).toBe(200);
    expect((await support.put('/api/settings/policy', POLICY)).status).toBe(403);
  });

  test('forty saves at once get forty versions, none lost or doubled', async () => {
    const before = (await marketer.get('/api/settings/policy')).body.version as number;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => marketer.put('/api/settings/policy', { ...POLICY, maxDelayDays: i % 30 })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.map((a) => a.body.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => before + i + 1));
  });
});
