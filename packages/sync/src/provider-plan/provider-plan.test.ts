import type { ProviderConnection, RevealedCredential } from '@capture-doctor/store';
import { describe, expect, it } from 'vitest';
import { providerPlan } from './provider-plan.js';

const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nnot-a-real-key-4242\n-----END PRIVATE KEY-----\n';

function connection(over: Partial<ProviderConnection>): ProviderConnection {
  return {
    id: 'conn-1',
    companyId: 'acme',
    provider: 'google_workspace',
    tenantId: 'acme.test',
    mode: 'company_wide',
    settings: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

function credential(over: Partial<RevealedCredential>): RevealedCredential {
  return {
    id: 'cred-1',
    connectionId: 'conn-1',
    kind: 'service_account_key',
    memberId: null,
    label: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    revokedAt: null,
    secret: JSON.stringify({ client_email: 'sa@acme.iam', private_key: PRIVATE_KEY }),
    ...over,
  };
}

describe('providerPlan', () => {
  it('reads a Google key file and the admin to impersonate; every read goes through the key', () => {
    const plan = providerPlan(
      connection({ settings: { adminEmail: 'admin@acme.test', scopeGroups: ['capture'] } }),
      [credential({})],
      [{ id: 'u1', email: 'u1@acme.test' }],
    );
    expect(plan.provider).toBe('google_workspace');
    expect(plan.input.credentials).toEqual({
      kind: 'service_account',
      clientEmail: 'sa@acme.iam',
      privateKey: PRIVATE_KEY,
      adminEmail: 'admin@acme.test',
    });
    expect(plan.input.scopeGroups).toEqual(['capture']);
    expect(plan.credentialOf('u1')).toBe('cred-1');
  });

  it('a missing setting is named, and the error never quotes the key', () => {
    const run = () => providerPlan(connection({}), [credential({})], []);
    expect(run).toThrow(/needs settings\.adminEmail/);
    try {
      run();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('not-a-real-key');
    }
    expect(() =>
      providerPlan(
        connection({ settings: { adminEmail: 'a@acme.test' } }),
        [credential({ secret: PRIVATE_KEY })],
        [],
      ),
    ).toThrow(/bare private key: it needs settings\.clientEmail/);
    expect(() =>
      providerPlan(
        connection({ settings: { adminEmail: 'a@acme.test' } }),
        [credential({ secret: '{"client_email": "x", "private_key": 12}' })],
        [],
      ),
    ).toThrow(/not a Google key file/);
    expect(() =>
      providerPlan(connection({ settings: { endpoints: { rootUrl: 'not a url' } } }), [], []),
    ).toThrow(/settings\.endpoints\.rootUrl of provider connection "conn-1"/);
  });

  it('picks the app credential of the kind the mode needs, even beside an older one of another kind', () => {
    const plan = providerPlan(
      connection({ mode: 'user_by_user', settings: { clientId: 'oauth-client-1' } }),
      [
        credential({ id: 'old-key' }),
        credential({ id: 'client', kind: 'client_secret', secret: 'oauth-secret' }),
      ],
      [{ id: 'u1', email: 'u1@acme.test' }],
    );
    expect(plan.input.credentials).toMatchObject({
      kind: 'oauth_client',
      clientSecret: 'oauth-secret',
    });
  });

  it('user-by-user, each member reads through their own refresh token credential', () => {
    const plan = providerPlan(
      connection({
        provider: 'microsoft_365',
        tenantId: 't-1',
        mode: null,
        settings: { clientId: 'app-1' },
      }),
      [
        credential({ id: 'app-secret', kind: 'client_secret', secret: 'app-secret-value' }),
        credential({ id: 'tok-u1', kind: 'refresh_token', memberId: 'u1', secret: 'refresh-u1' }),
      ],
      [
        { id: 'u1', email: 'u1@acme.test' },
        { id: 'u2', email: 'u2@acme.test' },
      ],
    );
    expect(plan.mode).toBe('user_by_user');
    expect(plan.input.credentials).toEqual({
      kind: 'delegated',
      tenantId: 't-1',
      clientId: 'app-1',
      clientSecret: 'app-secret-value',
    });
    expect(plan.input.members).toEqual([
      { id: 'u1', email: 'u1@acme.test', refreshToken: 'refresh-u1' },
      { id: 'u2', email: 'u2@acme.test', refreshToken: null },
    ]);
    expect(plan.credentialOf('u1')).toBe('tok-u1');
    expect(plan.credentialOf('u2')).toBeNull();
    expect(plan.secrets).toEqual(['app-secret-value', 'refresh-u1']);
  });

  it('a connection without the credential its mode needs is refused', () => {
    expect(() =>
      providerPlan(
        connection({ provider: 'microsoft_365', settings: { clientId: 'app-1' } }),
        [],
        [],
      ),
    ).toThrow(/has no active client_secret or client_certificate credential/);
  });
});
