import type { ConnectionMode } from '@capture-doctor/domain';
import type {
  GoogleCredentials,
  GoogleSyncInput,
  MicrosoftCredentials,
  MicrosoftSyncInput,
  ProviderMember,
} from '@capture-doctor/providers';
import type { ProviderConnection, RevealedCredential } from '@capture-doctor/store';
import { z } from 'zod';
import { SyncError } from '../sync-error/sync-error.js';
import { parseSyncSettings, type SyncSettings } from '../sync-settings/sync-settings.js';

/** How one sync reaches the provider: the adapter input, and which credential each read uses. */
export type ProviderPlan = (
  | { provider: 'google_workspace'; input: GoogleSyncInput }
  | { provider: 'microsoft_365'; input: MicrosoftSyncInput }
) & {
  mode: ConnectionMode;
  settings: SyncSettings;
  /** The id of the credential a member's reads go through (never its secret). */
  credentialOf(memberId: string): string | null;
  /** Every secret the plan holds, to remove from any text that leaves the sync. */
  secrets: string[];
};

/** A member as the platform knows it; its refresh token is looked up in the credentials. */
export interface PlanMember {
  id: string;
  email: string;
  name?: string | null | undefined;
}

// A key file as Google's console gives it (the JSON a Google admin downloads).
const GoogleKeyFile = z.object({ client_email: z.string().min(3), private_key: z.string().min(1) });

/**
 * Turns a connection, its decrypted credentials and the platform's members into adapter input.
 * `members` undefined means "every directory user" (company-wide only).
 * @example const plan = providerPlan(connection, await store.credentials.reveal(connection.id), members);
 */
export function providerPlan(
  connection: ProviderConnection,
  credentials: readonly RevealedCredential[],
  members: readonly PlanMember[] | undefined,
): ProviderPlan {
  const settings = parseSyncSettings(connection.settings, connection.id);
  const refreshTokens = new Map(
    credentials
      .filter((c) => c.kind === 'refresh_token' && c.memberId !== null)
      .map((c) => [c.memberId as string, c]),
  );
  const mode: ConnectionMode =
    connection.mode ?? (refreshTokens.size > 0 ? 'user_by_user' : 'company_wide');
  const secrets = credentials.map((c) => c.secret);
  const need = (value: string | undefined, field: string): string => {
    if (value !== undefined) return value;
    throw new SyncError(
      'invalid_configuration',
      `provider connection "${connection.id}" needs settings.${field} to sync`,
      `settings.${field}`,
    );
  };
  const credential = (kinds: readonly RevealedCredential['kind'][]): RevealedCredential => {
    // Chosen by the kind the mode needs: a connection may also hold credentials of other kinds.
    const found = credentials.find((c) => c.memberId === null && kinds.includes(c.kind));
    if (found !== undefined) return found;
    throw new SyncError(
      'invalid_configuration',
      `provider connection "${connection.id}" (${connection.provider}, ${mode.replaceAll('_', '-')}) has no active ${kinds.join(' or ')} credential`,
      'credentials',
    );
  };
  const probed: ProviderMember[] | undefined = members?.map((member) => ({
    id: member.id,
    email: member.email,
    ...(member.name === null || member.name === undefined ? {} : { name: member.name }),
    ...(mode === 'user_by_user'
      ? { refreshToken: refreshTokens.get(member.id)?.secret ?? null }
      : {}),
  }));
  if (mode === 'user_by_user' && probed === undefined) {
    throw new SyncError(
      'invalid_configuration',
      `provider connection "${connection.id}" is user-by-user: the company needs team members to sync`,
      'members',
    );
  }
  const endpoints = settings.endpoints ?? {};
  const common = {
    members: probed,
    scopeGroups: settings.scopeGroups,
    domain: settings.domain ?? connection.tenantId,
  };
  const companyCredential = (kinds: readonly RevealedCredential['kind'][]) => {
    const used = credential(kinds);
    const credentialOf =
      mode === 'user_by_user'
        ? (memberId: string) => refreshTokens.get(memberId)?.id ?? null
        : () => used.id;
    return { used, credentialOf };
  };
  if (connection.provider === 'google_workspace') {
    let google: GoogleCredentials;
    let used: ReturnType<typeof companyCredential>;
    if (mode === 'company_wide') {
      used = companyCredential(['service_account_key']);
      const key = googleKey(used.used.secret, settings.clientEmail, connection.id);
      google = {
        kind: 'service_account',
        clientEmail: key.clientEmail,
        privateKey: key.privateKey,
        adminEmail: need(settings.adminEmail, 'adminEmail'),
        ...(settings.customer === undefined ? {} : { customer: settings.customer }),
      };
    } else {
      used = companyCredential(['client_secret']);
      google = {
        kind: 'oauth_client',
        clientId: need(settings.clientId, 'clientId'),
        clientSecret: used.used.secret,
      };
    }
    return {
      provider: 'google_workspace',
      mode,
      settings,
      secrets,
      credentialOf: used.credentialOf,
      input: {
        ...common,
        credentials: google,
        endpoints: { rootUrl: endpoints.rootUrl, tokenUrl: endpoints.tokenUrl },
      },
    };
  }
  const tenantId = settings.tenantId ?? connection.tenantId;
  const clientId = need(settings.clientId, 'clientId');
  let microsoft: MicrosoftCredentials;
  let used: ReturnType<typeof companyCredential>;
  if (mode === 'user_by_user') {
    used = companyCredential(['client_secret']);
    microsoft = { kind: 'delegated', tenantId, clientId, clientSecret: used.used.secret };
  } else {
    used = companyCredential(['client_secret', 'client_certificate']);
    microsoft =
      used.used.kind === 'client_certificate'
        ? {
            kind: 'client_certificate',
            tenantId,
            clientId,
            thumbprintSha256: need(settings.thumbprintSha256, 'thumbprintSha256'),
            privateKey: used.used.secret,
          }
        : { kind: 'client_secret', tenantId, clientId, clientSecret: used.used.secret };
  }
  return {
    provider: 'microsoft_365',
    mode,
    settings,
    secrets,
    credentialOf: used.credentialOf,
    input: {
      ...common,
      credentials: microsoft,
      endpoints: { loginUrl: endpoints.loginUrl, graphUrl: endpoints.graphUrl, ca: endpoints.ca },
    },
  };
}

function googleKey(
  secret: string,
  clientEmail: string | undefined,
  connectionId: string,
): { clientEmail: string; privateKey: string } {
  if (secret.trimStart().startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(secret);
    } catch {
      json = null;
    }
    const parsed = GoogleKeyFile.safeParse(json);
    if (!parsed.success) {
      // Never quote the key: say only which fields are missing.
      throw new SyncError(
        'invalid_configuration',
        `the service account key of provider connection "${connectionId}" is not a Google key file (client_email and private_key are required)`,
        'credentials',
      );
    }
    return { clientEmail: parsed.data.client_email, privateKey: parsed.data.private_key };
  }
  if (clientEmail === undefined) {
    throw new SyncError(
      'invalid_configuration',
      `provider connection "${connectionId}" holds a bare private key: it needs settings.clientEmail to sync`,
      'settings.clientEmail',
    );
  }
  return { clientEmail, privateKey: secret };
}
