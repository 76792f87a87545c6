import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const now = Date.parse('2026-11-30T09:00:00Z');
let t: TestServer;
let second: string;
beforeEach(async () => {
  t = await startTestServer({ clock: () => new Date(now) });
  second = (await t.server.store.apiKeys.create('demo', { role: 'compliance' })).key;
});
afterEach(async () => t.close());

const policy = {
  id: 'northwind-consent',
  version: 1,
  recorderName: 'Northwind recorder',
  noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'everyone' },
  consentPage: { enabled: true, audience: 'everyone' },
  announcement: { enabled: true },
};
const path = '/v1/companies/demo/consent-policy';

type Version = {
  version: number;
  status: string;
  body: { version: number; recorderName: string };
  approvedBy: string | null;
  approvalReason: string | null;
};
type Problem = {
  code: string;
  detail: string;
  field: string;
  findings?: Array<{ ruleId: string; color: string }>;
};

const putDraft = (body: unknown, key = t.keys.compliance) =>
  t.call(`${path}/draft`, { method: 'PUT', key, json: body });
const approve = (key: string, reason?: string) =>
  t.call(`${path}/approve`, { method: 'POST', key, ...(reason ? { json: { reason } } : {}) });
const auditEntries = async () =>
  (
    (await (await t.call('/v1/companies/demo/audit?limit=500')).json()) as {
      items: Array<{ action: string; target: string; detail: Record<string, unknown> }>;
    }
  ).items;

describe('approving a consent policy: four eyes', () => {
  it('refuses the key that edited the draft last; a second compliance key approves, and the audit names the version and what changed', async () => {
    await putDraft(policy);
    const own = await approve(t.keys.compliance);
    expect(own.status).toBe(409);
    expect(own.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await own.json()) as Problem;
    expect(problem.code).toBe('author_cannot_approve');
    expect(problem.detail).toContain('second compliance key');
    expect((await (await t.call(path)).json()) as Version).toMatchObject({ status: 'draft' });

    const ok = await approve(second);
    expect(ok.status).toBe(200);
    const v1 = (await ok.json()) as Version;
    expect(v1).toMatchObject({ version: 1, status: 'approved', approvalReason: null });
    expect(v1.approvedBy).toMatch(/^compliance:/);

    await putDraft({ ...policy, recorderName: 'Northwind notes' }, second);
    expect((await approve(second)).status).toBe(409);
    expect((await approve(t.keys.compliance)).status).toBe(200);
    const entry = (await auditEntries()).find((e) => e.target === 'consent-policy:v2');
    expect(entry).toMatchObject({
      action: 'consent-policy.approve',
      detail: {
        version: 2,
        previousVersion: 1,
        changes: [{ field: 'recorderName', from: 'Northwind recorder', to: 'Northwind notes' }],
        reason: null,
      },
    });
  });

  it('a draft written by an admin key is approved by a compliance key', async () => {
    await putDraft(policy, t.keys.admin);
    expect((await approve(t.keys.compliance)).status).toBe(200);
  });
});

describe('approving a consent policy: red findings', () => {
  const guestsOnly = {
    ...policy,
    noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
    consentPage: { enabled: false, audience: 'external' },
  };

  it('refuses a draft with red findings for the usual jurisdictions, with the findings; a reason approves it and is kept', async () => {
    const put = await t.call(`${path}/usual-jurisdictions`, {
      method: 'PUT',
      key: t.keys.compliance,
      json: { jurisdictions: ['US-CA', 'DE'] },
    });
    expect(await put.json()).toEqual({ jurisdictions: ['DE', 'US-CA'], source: 'configured' });
    await putDraft(guestsOnly, t.keys.admin);
    const refused = await approve(t.keys.compliance);
    expect(refused.status).toBe(409);
    const problem = (await refused.json()) as Problem;
    expect(problem.code).toBe('red_findings');
    expect(problem.field).toBe('reason');
    expect(problem.detail).toContain('DE, US-CA');
    expect(problem.findings).toHaveLength(3);
    expect(problem.detail).toMatch(/^version 1 has 3 red findings for /);
    expect(problem.findings?.map((f) => f.ruleId)).toContain('all-party-consent-missing');
    expect(problem.findings?.every((f) => f.color === 'red')).toBe(true);
    expect(((await (await t.call(path)).json()) as Version).status).toBe('draft');

    const reason = 'Counsel: our German calls are covered by works-council agreement 2026-14';
    const ok = await approve(t.keys.compliance, reason);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Version).approvalReason).toBe(reason);
    expect(((await (await t.call(path)).json()) as Version).approvalReason).toBe(reason);
    const entry = (await auditEntries()).find((e) => e.action === 'consent-policy.approve');
    expect(entry?.detail).toMatchObject({
      version: 1,
      reason,
      jurisdictions: ['DE', 'US-CA'],
      redFindings: expect.arrayContaining(['all-party-consent-missing']),
    });
  });

  it('the same draft is approved without a reason when the usual jurisdictions need no consent', async () => {
    await t.call(`${path}/usual-jurisdictions`, {
      method: 'PUT',
      json: { jurisdictions: ['US-TX'] },
    });
    await putDraft(guestsOnly, t.keys.admin);
    expect((await approve(t.keys.compliance)).status).toBe(200);
  });

  it('takes the usual jurisdictions from the jurisdiction map and meetings before the configured list', async () => {
    await t.call(`${path}/usual-jurisdictions`, {
      method: 'PUT',
      json: { jurisdictions: ['US-TX'] },
    });
    const map = await t.call('/v1/companies/demo/jurisdiction-map', {
      method: 'PUT',
      key: t.keys.compliance,
      json: { 'kunde.example.de': 'DE' },
    });
    expect(map.status).toBe(200);
    const usual = await t.call(`${path}/usual-jurisdictions`);
    expect(await usual.json()).toEqual({ jurisdictions: ['DE'], source: 'meetings' });
    await putDraft(guestsOnly, t.keys.admin);
    const refused = await approve(t.keys.compliance);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Problem).detail).toContain('(DE)');
  });

  it('a policy that tells nobody anything is red whatever the jurisdictions, so it needs a reason', async () => {
    const silent = {
      ...policy,
      noticeEmail: { enabled: false, leadTimeHours: 24, audience: 'external' },
      consentPage: { enabled: false, audience: 'external' },
      announcement: { enabled: false },
    };
    await putDraft(silent, t.keys.admin);
    const refused = await approve(t.keys.compliance);
    expect(refused.status).toBe(409);
    const problem = (await refused.json()) as Problem;
    expect(problem.findings?.map((f) => f.ruleId)).toEqual(['no-notice-method']);
    // One finding is spoken of in the singular.
    expect(problem.detail).toMatch(/^version 1 has 1 red finding for /);
    const sim = await t.call(`${path}/simulate?version=1`, {
      method: 'POST',
      json: {
        startsAt: '2026-12-01T09:00:00Z',
        participants: [{ id: 'guest', internal: false, jurisdiction: 'US-TX' }],
      },
    });
    expect(((await sim.json()) as { result: { approvable: boolean } }).result.approvable).toBe(
      false,
    );
  });

  it('refuses an empty reason and a bad usual jurisdiction, naming the field', async () => {
    await putDraft(policy, t.keys.admin);
    const blank = await t.call(`${path}/approve`, {
      method: 'POST',
      key: t.keys.compliance,
      json: { reason: '  ' },
    });
    expect(blank.status).toBe(400);
    expect(((await blank.json()) as Problem).field).toBe('reason');
    const bad = await t.call(`${path}/usual-jurisdictions`, {
      method: 'PUT',
      json: { jurisdictions: ['DE', 'Germany'] },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).field).toBe('[1]');
  });
});

describe('the policy version is the server’s', () => {
  it('ignores a version sent by the client: the body always carries the server number', async () => {
    const first = (await (await putDraft({ ...policy, version: 99 })).json()) as Version;
    expect(first.version).toBe(1);
    expect(first.body.version).toBe(1);
    await approve(second);
    const next = (await (await putDraft({ ...policy, version: 1 })).json()) as Version;
    expect([next.version, next.body.version]).toEqual([2, 2]);
    const edited = (await (await putDraft({ ...policy, version: 7 })).json()) as Version;
    expect([edited.version, edited.body.version]).toEqual([2, 2]);
    const stored = await t.server.store.consentPolicies.list('demo');
    expect(stored.map((v) => [v.version, v.body.version])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    const { versions } = (await (await t.call(`${path}/versions`)).json()) as {
      versions: Version[];
    };
    expect(versions.every((v) => v.body.version === v.version)).toBe(true);
  });
});

describe('the diff between two versions', () => {
  it('lists each changed field, old → new, and nothing else', async () => {
    await putDraft(policy);
    await approve(second);
    await putDraft({
      ...policy,
      noticeEmail: { ...policy.noticeEmail, leadTimeHours: 48 },
      staffCoveredByCompanyNotice: true,
    });
    const res = await t.call(`${path}/diff?from=1&to=2`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      from: 1,
      to: 2,
      changes: [
        { field: 'noticeEmail.leadTimeHours', from: 24, to: 48 },
        { field: 'staffCoveredByCompanyNotice', from: null, to: true },
      ],
    });
    const back = (await (await t.call(`${path}/diff?from=2&to=1`)).json()) as {
      changes: Array<{ field: string; from: unknown; to: unknown }>;
    };
    expect(back.changes[0]).toEqual({ field: 'noticeEmail.leadTimeHours', from: 48, to: 24 });
    expect((await t.call(`${path}/diff?from=1&to=1`)).status).toBe(200);
  });

  it('answers 404 for an unknown version and 400 for a missing one, naming the field', async () => {
    await putDraft(policy);
    const unknown = await t.call(`${path}/diff?from=1&to=9`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Problem).field).toBe('query:to');
    const missing = await t.call(`${path}/diff?to=1`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Problem).field).toBe('query:from');
  });
});

describe('simulating a version', () => {
  const meeting = {
    startsAt: '2026-11-30T10:00:00Z',
    participants: [
      { id: 'host', internal: true, jurisdiction: 'US-TX' },
      { id: 'guest', internal: false, jurisdiction: 'US-CA' },
    ],
  };
  const simulate = (query: string) =>
    t.call(`${path}/simulate${query}`, { method: 'POST', key: t.keys.support, json: meeting });

  it('simulates the draft while another version is in force, and dates no evidence before now', async () => {
    await putDraft(policy);
    await approve(second);
    await putDraft({ ...policy, consentPage: { enabled: false, audience: 'everyone' } });
    const inForce = (await (await simulate('')).json()) as {
      policyVersion: number;
      policyStatus: string;
      result: { participants: Array<{ consentPage: boolean }> };
    };
    expect([inForce.policyVersion, inForce.policyStatus]).toEqual([1, 'approved']);
    expect(inForce.result.participants.every((p) => p.consentPage)).toBe(true);

    const res = await simulate('?version=2');
    expect(res.status).toBe(200);
    const draft = (await res.json()) as {
      policyVersion: number;
      policyStatus: string;
      result: {
        participants: Array<{ consentPage: boolean }>;
        evidence: Array<{ at: string; kind: string; policyVersion: number }>;
      };
    };
    expect([draft.policyVersion, draft.policyStatus]).toEqual([2, 'draft']);
    expect(draft.result.participants.some((p) => p.consentPage)).toBe(false);
    expect(draft.result.evidence.every((e) => e.policyVersion === 2)).toBe(true);
    // The notice is due 24 hours before a meeting one hour away: it can only go out now.
    expect(draft.result.evidence.find((e) => e.kind === 'notice_email_sent')?.at).toBe(
      new Date(now).toISOString(),
    );
    expect(draft.result.evidence.every((e) => Date.parse(e.at) >= now)).toBe(true);
  });

  it('answers 404 for an unknown version and 400 for a bad one, naming the field', async () => {
    const unknown = await simulate('?version=4');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Problem).field).toBe('query:version');
    const bad = await simulate('?version=two');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).field).toBe('query:version');
  });
});
