import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaptureSnapshotInput, Report } from '@capture-doctor/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const example = (name: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../../../examples/${name}`, import.meta.url)), 'utf8'),
  ) as CaptureSnapshotInput & { members: Array<Record<string, unknown>> };

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

async function evaluate(snapshot: CaptureSnapshotInput): Promise<Report> {
  const res = await t.call('/v1/evaluate', { method: 'POST', json: snapshot });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

/** The user-by-user Google example with its first member's mailbox refused to the app. */
function refusedOn(provider: 'google_workspace' | 'microsoft_365') {
  const snapshot = example('user-by-user-google.json');
  snapshot.company.provider = provider;
  snapshot.company.tenants = snapshot.company.tenants?.map((tenant) => ({ ...tenant, provider }));
  snapshot.members[0]!.access = { mailbox: 'error', calendar: 'ok' };
  snapshot.members[0]!.lastError = {
    code: 'delegation_not_authorized',
    message: 'Client is unauthorized to retrieve access tokens',
    source: 'token',
  };
  return snapshot;
}

const GOOGLE = /Google|domain-wide delegation/;
const MICROSOFT = /Microsoft|Entra/;

describe("one provider's words", () => {
  it.each([
    ['google_workspace', GOOGLE, MICROSOFT],
    ['microsoft_365', MICROSOFT, GOOGLE],
  ] as const)(
    "gives a %s company its provider's fix and banner fix only",
    async (provider, own, other) => {
      const report = await evaluate(refusedOn(provider));
      const finding = report.members[0]!.findings.find(
        (f) => f.ruleId === 'provider-authorization-failed',
      )!;
      expect(finding.fix).toMatch(own);
      expect(finding.fix).not.toMatch(other);
      const banner = report.banners.find((b) => b.ruleId === 'technical-problem')!;
      expect(banner.fix).toMatch(own);
      expect(banner.fix).not.toMatch(other);
    },
  );

  it('names both providers only when none is connected', async () => {
    const report = await evaluate(example('not-connected.json'));
    const banner = report.banners.find((b) => b.ruleId === 'provider-not-connected')!;
    expect(banner.fix).toMatch(GOOGLE);
    expect(banner.fix).toMatch(MICROSOFT);
  });

  it("links a stored member's docs at the steps of the company's provider", async () => {
    // The demo company is on Google Workspace; m19's provider answered malformed JSON.
    const answer = (await (await t.call('/v1/companies/demo/members/m19')).json()) as {
      member: { findings: Array<{ ruleId: string }> };
      docs: Record<string, string>;
    };
    expect(answer.member.findings.map((f) => f.ruleId)).toEqual(['provider-error-needs-support']);
    expect(Object.values(answer.docs)).toEqual([
      '/docs/rules/provider-error-needs-support/#google-workspace',
    ]);
  });
});

describe('singular and plural', () => {
  const notConnected = (count: number) => {
    const snapshot = example('user-by-user-google.json');
    const model = snapshot.members[1]!;
    snapshot.members = [
      snapshot.members[0]!,
      ...Array.from({ length: count }, (_, i) => ({
        ...structuredClone(model),
        id: `n${i}`,
        email: `n${i}@initech.example`,
        name: `Member ${i}`,
      })),
    ];
    return snapshot;
  };

  it('counts one member in the singular, and speaks of that member on their row', async () => {
    const report = await evaluate(notConnected(1));
    const banner = report.banners.find((b) => b.ruleId === 'members-not-connected')!;
    expect(banner.count).toBe(1);
    expect(banner.message).toMatch(/^1 member imports nothing:/);
    const finding = report.members[1]!.findings.find((f) => f.ruleId === 'members-not-connected')!;
    expect(finding.message).toMatch(/^Member 0 has not connected/);
  });

  it('counts several members in the plural', async () => {
    const report = await evaluate(notConnected(3));
    const banner = report.banners.find((b) => b.ruleId === 'members-not-connected')!;
    expect(banner.count).toBe(3);
    expect(banner.message).toMatch(/^3 members import nothing:/);
  });
});
