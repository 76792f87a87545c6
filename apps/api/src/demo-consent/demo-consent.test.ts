import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ demoConsent: true });
});
afterAll(async () => t.close());

interface Meeting {
  id: string;
  title: string;
  recording: boolean;
  recorder: { displayName: string };
  participants: Array<{
    email: string;
    internal: boolean;
    jurisdiction: string | null;
    consent: string;
  }>;
}

describe('the demo company’s consent', () => {
  it('has a policy in force, a jurisdiction map and meetings in every consent situation', async () => {
    const policy = (await (await t.call('/v1/companies/demo/consent-policy')).json()) as {
      status: string;
    };
    expect(policy.status).toBe('approved');
    expect(
      await (
        await t.call('/v1/companies/demo/jurisdiction-map', { key: t.keys.compliance })
      ).json(),
    ).toMatchObject({ 'kunde.example.de': 'DE' });

    const { items } = (await (await t.call('/v1/companies/demo/meetings?source=api')).json()) as {
      items: Meeting[];
    };
    expect(items).toHaveLength(4);
    expect(items.every((m) => m.recorder.displayName === 'Northwind Notetaker')).toBe(true);
    const byTitle = (part: string) => items.find((m) => m.title.includes(part))!;
    expect(byTitle('Onboarding').recording).toBe(true);
    const renewal = byTitle('Renewal');
    expect(renewal.recording).toBe(false);
    expect(renewal.participants).toMatchObject([
      { email: 'dana@northwind.example', internal: true },
      { email: 'jonas@kunde.example.de', internal: false, jurisdiction: 'DE', consent: 'declined' },
    ]);
    for (const m of items) {
      expect(
        await (await t.call(`/v1/companies/demo/meetings/${m.id}/evidence/verify`)).json(),
      ).toEqual({
        valid: true,
      });
    }
  });
});
