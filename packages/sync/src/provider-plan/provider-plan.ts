import type { ConnectionMode, Provider } from '@capture-doctor/domain';
import {
  type CommonInput,
  type ProviderMember,
  ProviderPlanError,
  type ProviderSource,
  providerModule,
} from '@capture-doctor/providers';
import type { ProviderConnection, RevealedCredential } from '@capture-doctor/store';
import { SyncError } from '../sync-error/sync-error.js';
import {
  type ProviderEndpointSettings,
  parseSettings,
  parseSyncSettings,
  type SyncSettings,
} from '../sync-settings/sync-settings.js';

/** How one sync reaches the provider: the provider's input, and which credential each read uses. */
export type ProviderPlan = ProviderSource & {
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

/**
 * Turns a connection, its decrypted credentials and the platform's members into the provider's
 * input, through the provider's module. `members` undefined means "every directory user"
 * (company-wide only); `endpoints` replace the connection's own (e.g. a proxy).
 * @example const plan = providerPlan(connection, await store.credentials.reveal(connection.id), members);
 */
export function providerPlan(
  connection: ProviderConnection,
  credentials: readonly RevealedCredential[],
  members: readonly PlanMember[] | undefined,
  endpoints?: ProviderEndpointSettings,
): ProviderPlan {
  const settings = parseSyncSettings(connection.settings, connection.id);
  const refreshTokens = new Map(
    credentials.flatMap((c) =>
      c.kind === 'refresh_token' && c.memberId !== null ? [[c.memberId, c] as const] : [],
    ),
  );
  const mode: ConnectionMode =
    connection.mode ?? (refreshTokens.size > 0 ? 'user_by_user' : 'company_wide');
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
  const common: CommonInput = {
    members: probed,
    scopeGroups: settings.scopeGroups,
    domain: settings.domain ?? connection.tenantId,
  };
  const rawSettings =
    endpoints === undefined
      ? connection.settings
      : { ...connection.settings, endpoints: { ...settings.endpoints, ...endpoints } };
  const planned = planSource(connection.provider, {
    connection,
    rawSettings,
    mode,
    credentials,
    common,
  });
  return {
    ...planned.source,
    mode,
    settings,
    secrets: credentials.map((c) => c.secret),
    credentialOf:
      mode === 'user_by_user'
        ? (memberId) => refreshTokens.get(memberId)?.id ?? null
        : () => planned.credentialId,
  };
}

interface SourceRequest {
  connection: ProviderConnection;
  rawSettings: unknown;
  mode: ConnectionMode;
  credentials: readonly RevealedCredential[];
  common: CommonInput;
}

/** The provider module's part: its settings, the credential its mode needs, its input. */
function planSource<K extends Provider>(
  kind: K,
  request: SourceRequest,
): { source: ProviderSource<K>; credentialId: string | null } {
  const { connection, mode } = request;
  const module = providerModule(kind);
  const settings = parseSettings(module.settings, request.rawSettings, connection.id);
  let used: RevealedCredential | undefined;
  const credential = () => {
    const kinds = module.credentialKinds[mode];
    // Chosen by the kind the mode needs: a connection may also hold credentials of other kinds.
    const found = request.credentials.find(
      (c) => c.memberId === null && kinds.some((wanted) => wanted === c.kind),
    );
    if (found === undefined || found.kind === 'refresh_token') {
      throw new SyncError(
        'invalid_configuration',
        `provider connection "${connection.id}" (${connection.provider}, ${mode.replaceAll('_', '-')}) has no active ${kinds.join(' or ')} credential`,
        'credentials',
      );
    }
    used = found;
    return { kind: found.kind, secret: found.secret };
  };
  try {
    const input = module.plan({
      connectionId: connection.id,
      tenantId: connection.tenantId,
      mode,
      settings,
      credential,
      common: request.common,
    });
    const source: ProviderSource<K> = { provider: kind, input };
    return { source, credentialId: used?.id ?? null };
  } catch (error) {
    if (error instanceof ProviderPlanError)
      throw new SyncError('invalid_configuration', error.message, error.field);
    throw error;
  }
}
