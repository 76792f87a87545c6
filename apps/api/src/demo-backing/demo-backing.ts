// @internal: the demo company's wiring, used only by startServer.
import type { CaptureSnapshot } from '@capture-doctor/domain';
import type { JsonObject, Store } from '@capture-doctor/store';
import { connectFromSyncInput, type PlatformSettings } from '@capture-doctor/sync';
import type { DemoTenant } from '../demo-tenant/demo-tenant.js';

/**
 * What the platform knows of the demo company, taken from its shipped latest snapshot: seats,
 * member settings, imports and CRM. The provider side comes from the fake tenant.
 * @example demoPlatform(demoSnapshots().at(-1)!).members?.m04?.seat?.includesRecording // false
 */
export function demoPlatform(latest: CaptureSnapshot): PlatformSettings {
  const company = latest.company;
  return {
    company: {
      providerPermissionGranted: company.providerPermissionGranted,
      emailAccessAuthorized: company.emailAccessAuthorized,
      crmConnected: company.crmConnected,
      connectedByProviderAdmin: company.connectedByProviderAdmin,
      import: company.import,
    },
    members: Object.fromEntries(
      latest.members.map((member) => [member.id, { seat: member.seat, settings: member.settings }]),
    ),
  };
}

/**
 * Points a company's provider connection at the running demo tenant. The first time it stores
 * the connection (credentials encrypted) and answers `connected`, so the caller runs a first
 * sync; on later starts the fake has new ports and secrets, so the stored endpoints and
 * credentials are replaced and it answers `refreshed`.
 * @example if ((await backWithDemoTenant(store, 'demo', tenant, platform)) === 'connected') await syncs.start('demo');
 */
export async function backWithDemoTenant(
  store: Store,
  companyId: string,
  tenant: DemoTenant,
  platform: PlatformSettings,
): Promise<'connected' | 'refreshed'> {
  // Processes starting together on one database would each find no connection and each connect:
  // one at a time, the first connects and the others find its connection and refresh it.
  return store.withLock('demo-backing', () => backWith(store, companyId, tenant, platform));
}

async function backWith(
  store: Store,
  companyId: string,
  tenant: DemoTenant,
  platform: PlatformSettings,
): Promise<'connected' | 'refreshed'> {
  const { input } = tenant;
  const [existing] = await store.connections.list(companyId);
  const backed =
    existing !== undefined &&
    existing.provider === 'google_workspace' &&
    existing.tenantId === input.domain &&
    typeof existing.settings.endpoints === 'object' &&
    existing.settings.endpoints !== null;
  if (!backed) {
    if (existing !== undefined) await store.connections.remove(companyId, existing.id);
    await connectFromSyncInput(
      store,
      companyId,
      { provider: 'google_workspace', input },
      { platform },
    );
    return 'connected';
  }
  if (input.credentials.kind !== 'oauth_client') throw new Error('the demo tenant is user-by-user');
  const { clientSecret } = input.credentials;
  const endpoints: JsonObject = {};
  if (input.endpoints?.rootUrl !== undefined) endpoints.rootUrl = input.endpoints.rootUrl;
  if (input.endpoints?.tokenUrl !== undefined) endpoints.tokenUrl = input.endpoints.tokenUrl;
  await store.transaction(async (tx) => {
    const settings: JsonObject = { ...existing.settings, endpoints };
    await tx.connections.update(companyId, existing.id, { settings });
    await tx.credentials.put(companyId, existing.id, {
      kind: 'client_secret',
      secret: clientSecret,
    });
    for (const member of input.members ?? []) {
      if (typeof member.refreshToken !== 'string') continue;
      await tx.credentials.put(companyId, existing.id, {
        kind: 'refresh_token',
        memberId: member.id,
        secret: member.refreshToken,
      });
    }
  });
  return 'refreshed';
}
