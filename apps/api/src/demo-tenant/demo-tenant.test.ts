import { providerModule } from '@capture-doctor/providers';
import { describe, expect, it } from 'vitest';
import { startDemoTenant } from './demo-tenant.js';

describe('the demo tenant', () => {
  it('serves the demo members on 127.0.0.1, each with the provider state the tenant file gives', async () => {
    const tenant = await startDemoTenant();
    try {
      expect(tenant.input.endpoints?.rootUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const sync = await providerModule('google_workspace').sync({
        ...tenant.input,
        wait: async () => {},
      });
      const facts = Object.fromEntries(
        sync.members.map((m) => [
          m.id,
          `${m.connection} ${m.access.mailbox}/${m.access.calendar} ${m.lastError?.code ?? '-'}`,
        ]),
      );
      expect(facts).toMatchObject({
        m01: 'connected ok/ok -',
        m05: 'not_connected unknown/unknown -',
        m08: 'revoked unknown/unknown token_revoked',
        m09: 'insufficient_permissions denied/ok access_denied',
        m13: 'connected ok/not_found user_not_found',
        m14: 'connected ok/ok -',
        m15: 'connected not_found/ok mailbox_not_enabled',
        m17: 'connected error/error malformed_response',
        m18: 'connected ok/error connection_reset',
      });
      expect(sync.members).toHaveLength(20);
    } finally {
      await tenant.close();
    }
  });

  it('makes a new client secret and new refresh tokens on every start', async () => {
    const first = await startDemoTenant();
    const second = await startDemoTenant();
    await Promise.all([first.close(), second.close()]);
    const secrets = (t: typeof first) => [
      t.input.credentials.kind === 'oauth_client' ? t.input.credentials.clientSecret : '',
      ...(t.input.members ?? []).map((m) => m.refreshToken ?? ''),
    ];
    const shared = secrets(first).filter((s) => s !== '' && secrets(second).includes(s));
    expect(shared).toEqual([]);
    expect(second.input.endpoints?.rootUrl).not.toBe(first.input.endpoints?.rootUrl);
  });
});
