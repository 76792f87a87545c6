import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaptureSnapshotInput, Report } from '@capture-doctor/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const latest = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../demo/demo-snapshot.json', import.meta.url)), 'utf8'),
) as CaptureSnapshotInput & { members: Array<Record<string, unknown>> };

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

async function evaluationCount(): Promise<number> {
  const res = await t.call('/v1/companies/demo/evaluations?limit=500');
  return ((await res.json()) as { items: unknown[] }).items.length;
}

describe('POST /v1/evaluate', () => {
  it('answers a report for a snapshot and stores nothing', async () => {
    const before = await evaluationCount();
    const res = await t.call('/v1/evaluate', { method: 'POST', json: latest });
    expect(res.status).toBe(200);
    const report = (await res.json()) as Report;
    expect(report.members).toHaveLength(20);
    expect(report.members.find((m) => m.id === 'm04')?.icons.microphone).toBe('yellow');
    expect(await evaluationCount()).toBe(before);
  });

  it('refuses a bad snapshot with problem+json naming the field', async () => {
    const bad = structuredClone(latest);
    (bad.company as Record<string, unknown>).provider = 'gmail';
    const res = await t.call('/v1/evaluate', { method: 'POST', json: bad });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { field: string; status: number; type: string };
    expect(problem).toMatchObject({
      status: 400,
      field: 'company.provider',
      type: '/problems/invalid-body',
    });
  });

  it('names the member field at fault inside the list', async () => {
    const bad = structuredClone(latest);
    (bad.members[2]!.access as Record<string, unknown>).mailbox = 'maybe';
    const problem = (await (
      await t.call('/v1/evaluate', { method: 'POST', json: bad })
    ).json()) as { field: string };
    expect(problem.field).toBe('members[2].access.mailbox');
  });

  it('refuses a body that is not JSON, or not declared as JSON', async () => {
    const notJson = await t.call('/v1/evaluate', {
      method: 'POST',
      body: '{"version":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    const text = await t.call('/v1/evaluate', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { field: string }).field).toBe('header:content-type');
  });

  it('refuses a body larger than the cap with 413', async () => {
    const huge = `{"pad":"${'x'.repeat(9 * 1024 * 1024)}"}`;
    const res = await t.call('/v1/evaluate', {
      method: 'POST',
      body: huge,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
  });

  it('asks for a key, and refuses an unknown one', async () => {
    const none = await t.call('/v1/evaluate', { method: 'POST', json: latest, key: null });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { field: string }).field).toBe('header:authorization');
    const unknown = await t.call('/v1/evaluate', {
      method: 'POST',
      json: latest,
      key: 'cdk_0000000000000000_notarealkeynotarealkeynotarealkey00',
    });
    expect(unknown.status).toBe(401);
  });
});

describe('evaluations of a company', () => {
  it('stores a snapshot, evaluates it, and the diff says which member changed colour on which icon and why', async () => {
    const memberM01 = async () =>
      (await (await t.call('/v1/companies/demo/members/m01')).json()) as {
        member: { icons: { microphone: string } };
        docs: Record<string, string>;
      };
    // Read once before, so the member's answer is already serialized when the report changes.
    expect((await memberM01()).member.icons.microphone).toBe('green');
    // The demo's latest snapshot is the live one its first sync read from the fake tenant.
    const changed = structuredClone((await t.server.store.snapshots.latest('demo'))!.snapshot);
    changed.members[0]!.seat = { name: 'Viewer', includesRecording: false };
    const stored = await t.call('/v1/companies/demo/snapshots', { method: 'POST', json: changed });
    expect(stored.status).toBe(201);
    const run = await t.call('/v1/companies/demo/evaluations', { method: 'POST' });
    expect(run.status).toBe(201);
    const { id } = (await run.json()) as { id: string };

    const latestRes = (await (await t.call('/v1/companies/demo/evaluations/latest')).json()) as {
      id: string;
    };
    expect(latestRes.id).toBe(id);
    const after = await memberM01();
    expect(after.member.icons.microphone).toBe('yellow');
    // The demo company is on Google Workspace: its docs links open at the Google steps.
    expect(after.docs['recording-seat-missing']).toBe(
      '/docs/rules/recording-seat-missing/#google-workspace',
    );

    const diff = (await (await t.call('/v1/companies/demo/evaluations/diff')).json()) as {
      to: string;
      changes: Array<{
        memberId: string;
        icon: string;
        from: string;
        to: string;
        rulesAdded: string[];
      }>;
    };
    expect(diff.to).toBe(id);
    expect(diff.changes).toEqual([
      expect.objectContaining({
        memberId: 'm01',
        icon: 'microphone',
        from: 'green',
        to: 'yellow',
        rulesAdded: ['recording-seat-missing'],
      }),
    ]);

    const history = (await (await t.call('/v1/companies/demo/evaluations?limit=3')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(history.items[0]?.id).toBe(id);
    expect(history.items).toHaveLength(3);

    // Evaluating the same snapshot again keeps one evaluation per snapshot, and the diff still
    // compares the latest two snapshots.
    const again = await t.call('/v1/companies/demo/evaluations', { method: 'POST' });
    expect(((await again.json()) as { id: string }).id).toBe(id);
    const rerun = (await (await t.call('/v1/companies/demo/evaluations?limit=3')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(rerun.items).toEqual(history.items);
    const diffAgain = (await (await t.call('/v1/companies/demo/evaluations/diff')).json()) as {
      changes: unknown[];
    };
    expect(diffAgain.changes).toEqual(diff.changes);
  });

  it('refuses a snapshot of another company id with the field named', async () => {
    const other = structuredClone(latest);
    other.company.id = 'someone-else';
    const res = await t.call('/v1/companies/demo/snapshots', { method: 'POST', json: other });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('company.id');
  });

  it('lets a support key see the raw provider error behind a member, and nobody else', async () => {
    const asSupport = (await (
      await t.call('/v1/companies/demo/members/m19', { key: t.keys.support })
    ).json()) as {
      lastError: { code: string; providerCode: string };
    };
    // m19's mailbox answers malformed JSON in the demo's fake tenant.
    expect(asSupport.lastError).toMatchObject({
      code: 'malformed_response',
      source: 'gmail.profile',
    });
    const asAdmin = (await (await t.call('/v1/companies/demo/members/m19')).json()) as Record<
      string,
      unknown
    >;
    expect(asAdmin).not.toHaveProperty('lastError');
    expect(asAdmin).not.toHaveProperty('mailboxError');
    expect(asAdmin.docs).toEqual({
      'provider-error-needs-support': '/docs/rules/provider-error-needs-support/#google-workspace',
    });
  });

  it('shows support each probe’s raw error: a member failing two ways at once shows both', async () => {
    const asSupport = async (memberId: string) =>
      (await (
        await t.call(`/v1/companies/demo/members/${memberId}`, { key: t.keys.support })
      ).json()) as Record<string, { code: string; source: string } | null>;
    // m17's mailbox and calendar both answer malformed JSON; lastError keeps only the first.
    const both = await asSupport('m17');
    expect(both.mailboxError).toMatchObject({
      code: 'malformed_response',
      source: 'gmail.profile',
    });
    expect(both.calendarError).toMatchObject({ code: 'malformed_response' });
    expect(both.calendarError?.source).not.toBe('gmail.profile');
    expect(both.directoryError).toBeNull();
    // m18's calendar read timed out or was cut off; its mailbox read worked.
    const calendarOnly = await asSupport('m18');
    expect(calendarOnly.mailboxError).toBeNull();
    expect(calendarOnly.calendarError).toMatchObject({ source: 'calendar.events' });
    expect(calendarOnly.lastError).toEqual(calendarOnly.calendarError);
    const healthy = await asSupport('m01');
    expect([
      healthy.lastError,
      healthy.mailboxError,
      healthy.calendarError,
      healthy.directoryError,
    ]).toEqual([null, null, null, null]);
  });

  it("keeps a member's colours across evaluations", async () => {
    const res = (await (await t.call('/v1/companies/demo/members/m01/history')).json()) as {
      history: Array<{ icons: { microphone: string } | null }>;
    };
    expect(res.history.length).toBeGreaterThanOrEqual(5);
    expect(res.history.map((h) => h.icons?.microphone).slice(0, 2)).toEqual(['yellow', 'green']);
  });

  it("reads a member's history from its icon rows, loading no report nor snapshot", async () => {
    const { evaluations, snapshots } = t.server.store;
    const loads = [
      vi.spyOn(evaluations, 'byId'),
      vi.spyOn(evaluations, 'latest'),
      vi.spyOn(evaluations, 'history'),
      vi.spyOn(snapshots, 'byId'),
    ];
    const rows = vi.spyOn(evaluations, 'memberHistory');
    try {
      const res = await t.call('/v1/companies/demo/members/m01/history?limit=3');
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        memberId: string;
        history: Array<{ evaluationId: string; createdAt: string; icons: unknown }>;
      };
      expect(body.memberId).toBe('m01');
      expect(body.history).toHaveLength(3);
      expect(body.history.every((h) => h.icons !== null)).toBe(true);
      expect(rows).toHaveBeenCalledWith('demo', 'm01', { limit: 3 });
      for (const load of loads) expect(load).not.toHaveBeenCalled();
      const absent = await t.call('/v1/companies/demo/members/nobody/history');
      expect(absent.status).toBe(404);
    } finally {
      for (const spy of [...loads, rows]) spy.mockRestore();
    }
  });

  it('refuses to run an evaluation for a support key', async () => {
    const res = await t.call('/v1/companies/demo/evaluations', {
      method: 'POST',
      key: t.keys.support,
    });
    expect(res.status).toBe(403);
  });

  it('lists members filtered by colour and searched by name, and names a bad filter', async () => {
    const red = (await (await t.call('/v1/companies/demo/members?color=red')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(red.items.map((m) => m.id).sort()).toEqual(['m17', 'm18', 'm19']);
    const search = (await (await t.call('/v1/companies/demo/members?q=olga')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(search.items.map((m) => m.id)).toEqual(['m15']);
    const bad = await t.call('/v1/companies/demo/members?color=purple');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('query:color');
  });

  it('answers 404 for an unknown member or evaluation', async () => {
    expect((await t.call('/v1/companies/demo/members/nobody')).status).toBe(404);
    expect((await t.call('/v1/companies/demo/evaluations/nope')).status).toBe(404);
  });
});
