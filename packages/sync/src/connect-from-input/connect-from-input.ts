import { type ProviderSource, providerModule } from '@capture-doctor/providers';
import type { JsonObject, ProviderConnection, Store } from '@capture-doctor/store';
import type { PlatformSettings } from '../sync-settings/sync-settings.js';

/**
 * Stores a provider connection described the way the provider modules take it (credentials,
 * endpoints, members): the settings in the connection, each secret as an encrypted credential,
 * the members as team members. The inverse of what the sync reads; used to back a company with
 * a tenant, e.g. the demo company with the loopback fakes.
 * @example await connectFromSyncInput(store, 'demo', { provider: 'google_workspace', input: demo.googleCompanyWide });
 */
export async function connectFromSyncInput(
  store: Store,
  companyId: string,
  source: ProviderSource,
  options: { platform?: PlatformSettings; withMembers?: boolean } = {},
): Promise<ProviderConnection> {
  const { input } = source;
  const stored = connectionOf(source);
  const settings = {
    ...(input.scopeGroups === undefined ? {} : { scopeGroups: [...input.scopeGroups] }),
    ...(options.platform === undefined ? {} : { platform: options.platform }),
    ...stored.settings,
  };
  const connection = await store.connections.create(companyId, {
    provider: source.provider,
    tenantId: stored.tenantId,
    mode: stored.mode,
    settings: JSON.parse(JSON.stringify(settings)) as JsonObject,
  });
  await store.credentials.put(companyId, connection.id, stored.credential);
  const members = input.members ?? [];
  if (options.withMembers !== false && members.length > 0) {
    await store.members.upsertMany(
      companyId,
      members.map(({ id, email, name }) => ({ id, email, name: name ?? null })),
    );
  }
  for (const member of members) {
    if (typeof member.refreshToken === 'string' && member.refreshToken !== '') {
      await store.credentials.put(companyId, connection.id, {
        kind: 'refresh_token',
        memberId: member.id,
        secret: member.refreshToken,
      });
    }
  }
  return connection;
}

function connectionOf<K extends ProviderSource['provider']>(source: ProviderSource<K>) {
  return providerModule(source.provider).connectionOf(source.input);
}
