import type { GoogleSyncInput, MicrosoftSyncInput } from '@capture-doctor/providers';
import type { JsonObject, ProviderConnection, Store } from '@capture-doctor/store';
import type { PlatformSettings, SyncSettings } from '../sync-settings/sync-settings.js';

/**
 * Stores a provider connection described the way the adapters take it (credentials, endpoints,
 * members): the settings in the connection, each secret as an encrypted credential, the members
 * as team members. The inverse of what the sync reads; used to back a company with a tenant,
 * e.g. the demo company with the loopback fakes.
 * @example await connectFromSyncInput(store, 'demo', { provider: 'google_workspace', input: demo.googleCompanyWide });
 */
export async function connectFromSyncInput(
  store: Store,
  companyId: string,
  source:
    | { provider: 'google_workspace'; input: GoogleSyncInput }
    | { provider: 'microsoft_365'; input: MicrosoftSyncInput },
  options: { platform?: PlatformSettings; withMembers?: boolean } = {},
): Promise<ProviderConnection> {
  const { input } = source;
  const settings: SyncSettings = {
    ...(input.scopeGroups === undefined ? {} : { scopeGroups: [...input.scopeGroups] }),
    ...(options.platform === undefined ? {} : { platform: options.platform }),
  };
  const secrets: Array<{
    kind: 'service_account_key' | 'client_secret' | 'client_certificate';
    secret: string;
    label: string | null;
  }> = [];
  let tenantId: string;
  let mode: 'company_wide' | 'user_by_user';
  if (source.provider === 'google_workspace') {
    const { credentials, endpoints } = source.input;
    tenantId = source.input.domain;
    settings.domain = source.input.domain;
    settings.endpoints = defined({ rootUrl: endpoints?.rootUrl, tokenUrl: endpoints?.tokenUrl });
    if (credentials.kind === 'service_account') {
      mode = 'company_wide';
      settings.adminEmail = credentials.adminEmail;
      if (credentials.customer !== undefined) settings.customer = credentials.customer;
      secrets.push({
        kind: 'service_account_key',
        label: credentials.clientEmail,
        secret: JSON.stringify({
          type: 'service_account',
          client_email: credentials.clientEmail,
          private_key: credentials.privateKey,
        }),
      });
    } else {
      mode = 'user_by_user';
      settings.clientId = credentials.clientId;
      secrets.push({ kind: 'client_secret', label: null, secret: credentials.clientSecret });
    }
  } else {
    const { credentials, endpoints } = source.input;
    tenantId = credentials.tenantId;
    settings.clientId = credentials.clientId;
    if (source.input.domain !== undefined) settings.domain = source.input.domain;
    settings.endpoints = defined({
      loginUrl: endpoints?.loginUrl,
      graphUrl: endpoints?.graphUrl,
      ca: endpoints?.ca,
    });
    mode = credentials.kind === 'delegated' ? 'user_by_user' : 'company_wide';
    if (credentials.kind === 'client_certificate') {
      settings.thumbprintSha256 = credentials.thumbprintSha256;
      secrets.push({ kind: 'client_certificate', label: null, secret: credentials.privateKey });
    } else {
      secrets.push({ kind: 'client_secret', label: null, secret: credentials.clientSecret });
    }
  }
  const connection = await store.connections.create(companyId, {
    provider: source.provider,
    tenantId,
    mode,
    settings: JSON.parse(JSON.stringify(settings)) as JsonObject,
  });
  for (const { kind, secret, label } of secrets)
    await store.credentials.put(companyId, connection.id, { kind, secret, label });
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

function defined<T extends Record<string, string | undefined>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
