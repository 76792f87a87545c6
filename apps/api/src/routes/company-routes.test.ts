import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const at = '2026-11-21T10:00:00Z';
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

describe('companies', () => {
  it('lists only the company of the key, and an admin can rename it', async () => {
    const list = (await (await t.call('/v1/companies', { key: t.keys.support })).json()) as {
      companies: Array<{ id: string }>;
    };
    expect(list.companies.map((c) => c.id)).toEqual(['demo']);
    const renamed = await t.call('/v1/companies/demo', {
      method: 'PATCH',
      json: { name: 'Northwind Traders' },
    });
    expect(((await renamed.json()) as { name: string }).name).toBe('Northwind Traders');
    expect(
      (await t.call('/v1/companies/demo', { method: 'PATCH', json: { name: '' } })).status,
    ).toBe(400);
  });
});

describe('connection configuration', () => {
  it('shows the state the connection machine holds', async () => {
    const view = (await (await t.call('/v1/companies/demo/connection')).json()) as {
      state: string;
      configuration: { mode: string };
    };
    expect(view.state).toBe('connected.userByUser');
    expect(view.configuration.mode).toBe('user_by_user');
  });

  it('a change the machine refuses answers 409 with its reason code, and nothing changes', async () => {
    const before = await (await t.call('/v1/companies/demo/connection')).json();
    const res = await t.call('/v1/companies/demo/connection', {
      method: 'PATCH',
      json: {
        type: 'CONNECT_COMPANY_WIDE',
        tenant: { id: 'other-tenant', provider: 'microsoft_365' },
        byProviderAdmin: true,
        scope: { kind: 'whole_company' },
        at,
      },
    });
    expect(res.status).toBe(409);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toMatch(/^[a-z_]+$/);
    expect(problem.detail.length).toBeGreaterThan(10);
    expect(await (await t.call('/v1/companies/demo/connection')).json()).toEqual(before);
  });

  it('an accepted change is stored and audited', async () => {
    const res = await t.call('/v1/companies/demo/connection', {
      method: 'PATCH',
      json: { type: 'SET_IMPORT', setting: 'nonRecordedMeetings', enabled: true, at },
    });
    expect(res.status).toBe(200);
    const view = (await res.json()) as {
      configuration: { import: { nonRecordedMeetings: boolean } };
    };
    expect(view.configuration.import.nonRecordedMeetings).toBe(true);
    const audit = (await (await t.call('/v1/companies/demo/audit')).json()) as {
      items: Array<{ action: string; detail: unknown }>;
    };
    expect(audit.items[0]).toMatchObject({
      action: 'connection.change',
      detail: { event: 'SET_IMPORT' },
    });
  });

  it('refuses an event the machine does not know, naming the field', async () => {
    const res = await t.call('/v1/companies/demo/connection', {
      method: 'PATCH',
      json: { type: 'FLY', at },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('type');
  });

  it('only an admin may change it', async () => {
    const res = await t.call('/v1/companies/demo/connection', {
      method: 'PATCH',
      key: t.keys.compliance,
      json: { type: 'CRM_CONNECTED', at },
    });
    expect(res.status).toBe(403);
  });

  it('stores a credential encrypted and only ever answers its kind', async () => {
    const secret = 'refresh-token-VERY-SECRET-0123456789';
    const res = await t.call('/v1/companies/demo/connection/credentials', {
      method: 'PUT',
      json: { kind: 'client_secret', secret },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(secret);
    // The demo's fake-backed connection already holds its members' refresh tokens.
    expect(JSON.parse(text)).toEqual({ kinds: ['client_secret', 'refresh_token'] });
    const view = (await (await t.call('/v1/companies/demo/connection')).json()) as {
      credentials: string[];
    };
    expect(view.credentials).toEqual(['client_secret', 'refresh_token']);
  });
});

describe('consent policy', () => {
  const policy = {
    id: 'northwind-consent',
    version: 1,
    recorderName: 'Northwind recorder',
    noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
    consentPage: { enabled: true, audience: 'external' },
    announcement: { enabled: true },
  };

  it('an admin writes a draft, only compliance approves it, with approver and time recorded', async () => {
    expect((await t.call('/v1/companies/demo/consent-policy')).status).toBe(404);
    const draft = await t.call('/v1/companies/demo/consent-policy/draft', {
      method: 'PUT',
      json: policy,
    });
    expect(draft.status).toBe(200);
    expect(await draft.json()).toMatchObject({ version: 1, status: 'draft', approvedBy: null });

    expect(
      (await t.call('/v1/companies/demo/consent-policy/approve', { method: 'POST' })).status,
    ).toBe(403);
    const approved = await t.call('/v1/companies/demo/consent-policy/approve', {
      method: 'POST',
      key: t.keys.compliance,
    });
    expect(approved.status).toBe(200);
    const body = (await approved.json()) as {
      status: string;
      approvedBy: string;
      approvedAt: string;
    };
    expect(body.status).toBe('approved');
    expect(body.approvedBy).toMatch(/^compliance:/);
    expect(Date.parse(body.approvedAt)).not.toBeNaN();

    const again = await t.call('/v1/companies/demo/consent-policy/approve', {
      method: 'POST',
      key: t.keys.compliance,
    });
    expect(again.status).toBe(409);

    await t.call('/v1/companies/demo/consent-policy/draft', {
      method: 'PUT',
      key: t.keys.compliance,
      json: { ...policy, recorderName: 'Recorder' },
    });
    const versions = (await (
      await t.call('/v1/companies/demo/consent-policy/versions')
    ).json()) as { versions: Array<{ version: number; status: string }> };
    expect(versions.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'approved'],
    ]);
  });

  it('refuses a policy with a missing field, naming it', async () => {
    const { consentPage: _omitted, ...partial } = policy;
    const res = await t.call('/v1/companies/demo/consent-policy/draft', {
      method: 'PUT',
      json: partial,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('consentPage');
  });

  it('simulates a meeting: who is told what, whether it records, and what the consent rules say', async () => {
    const meeting = {
      startsAt: '2026-11-21T09:00:00Z',
      participants: [
        { id: 'host', internal: true, jurisdiction: 'DE' },
        { id: 'guest', internal: false, jurisdiction: 'US-CA' },
      ],
      answers: { guest: 'decline' },
    };
    const simulate = (body: unknown, key = t.keys.support) =>
      t.call('/v1/companies/demo/consent-policy/simulate', { method: 'POST', key, json: body });
    const res = await simulate(meeting);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      policyVersion: number;
      result: {
        wouldRecord: boolean;
        findings: unknown[];
        participants: Array<{
          id: string;
          consentPage: boolean;
          noticeEmail: boolean;
          consent: string;
        }>;
      };
    };
    expect(body.policyVersion).toBe(1);
    expect(body.result.wouldRecord).toBe(false);
    expect(Array.isArray(body.result.findings)).toBe(true);
    expect(body.result.participants.find((p) => p.id === 'guest')).toMatchObject({
      consentPage: true,
      noticeEmail: true,
      consent: 'declined',
    });
    expect(body.result.participants.find((p) => p.id === 'host')).toMatchObject({
      consentPage: false,
      noticeEmail: false,
    });

    const accepted = await simulate({ ...meeting, answers: {} });
    const result = ((await accepted.json()) as { result: { wouldRecord: boolean } }).result;
    expect(result.wouldRecord).toBe(true);

    const bad = await simulate({
      ...meeting,
      participants: [{ id: 'x', internal: false, jurisdiction: 'California' }],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('participants[0].jurisdiction');
  });
});
