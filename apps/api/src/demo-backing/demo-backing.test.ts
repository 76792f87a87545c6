import { openStore } from '@capture-doctor/store';
import { describe, expect, it } from 'vitest';
import { DEMO_COMPANY_ID, demoSnapshots } from '../demo-company/demo-company.js';
import { startDemoTenant } from '../demo-tenant/demo-tenant.js';
import { backWithDemoTenant, demoPlatform } from './demo-backing.js';

const key = Buffer.alloc(32, 3).toString('base64');
const platform = demoPlatform(demoSnapshots().at(-1)!);

describe('backing the demo company with its fake tenant', () => {
  it('takes seats and settings from the shipped snapshot, so a viewer seat stays a viewer seat', () => {
    expect(platform.members?.m04?.seat).toEqual({ name: 'Viewer', includesRecording: false });
    expect(platform.company?.crmConnected).toBe(true);
  });

  it('connects once, then on a restart points the same connection at the new fake and rotates its secrets', async () => {
    const store = await openStore({ file: ':memory:', encryptionKey: key });
    await store.companies.create({ id: DEMO_COMPANY_ID, name: 'Northwind (demo)' });
    const first = await startDemoTenant();
    const second = await startDemoTenant();
    try {
      expect(await backWithDemoTenant(store, DEMO_COMPANY_ID, first, platform)).toBe('connected');
      const [connection] = await store.connections.list(DEMO_COMPANY_ID);
      expect(connection).toMatchObject({ provider: 'google_workspace', mode: 'user_by_user' });
      expect(JSON.stringify(connection?.settings)).not.toContain('demo-secret-');

      expect(await backWithDemoTenant(store, DEMO_COMPANY_ID, second, platform)).toBe('refreshed');
      const after = await store.connections.list(DEMO_COMPANY_ID);
      expect(after.map((c) => c.id)).toEqual([connection?.id]);
      expect(after[0]?.settings.endpoints).toEqual(second.input.endpoints);
      expect(after[0]?.settings.platform).toEqual(connection?.settings.platform);
      const active = await store.credentials.reveal(connection!.id);
      const secondSecret =
        second.input.credentials.kind === 'oauth_client'
          ? second.input.credentials.clientSecret
          : '';
      expect(active.filter((c) => c.kind === 'client_secret').map((c) => c.secret)).toEqual([
        secondSecret,
      ]);
      const tokens = (second.input.members ?? []).flatMap((m) => m.refreshToken ?? []);
      expect(
        active
          .filter((c) => c.kind === 'refresh_token')
          .map((c) => c.secret)
          .sort(),
      ).toEqual(tokens.sort());
    } finally {
      await Promise.all([first.close(), second.close()]);
      await store.close();
    }
  });

  it('connects once when several starts back it at the same moment: the others refresh that connection', async () => {
    const store = await openStore({ file: ':memory:', encryptionKey: key });
    await store.companies.create({ id: DEMO_COMPANY_ID, name: 'Northwind (demo)' });
    const tenants = await Promise.all([startDemoTenant(), startDemoTenant(), startDemoTenant()]);
    try {
      const outcomes = await Promise.all(
        tenants.map((tenant) => backWithDemoTenant(store, DEMO_COMPANY_ID, tenant, platform)),
      );
      expect(outcomes.filter((o) => o === 'connected')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'refreshed')).toHaveLength(2);
      expect(await store.connections.list(DEMO_COMPANY_ID)).toHaveLength(1);
    } finally {
      await Promise.all(tenants.map((tenant) => tenant.close()));
      await store.close();
    }
  });
});
