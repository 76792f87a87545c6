// @internal: reached through the provider registry.
import { z } from 'zod';
import {
  type ConnectionOf,
  defined,
  needSetting,
  type PlanRequest,
  type ProviderModule,
} from '../provider-module/provider-module.js';
import type { MicrosoftCredentials, MicrosoftSyncInput } from './microsoft-input.js';
import { syncMicrosoft365 } from './microsoft-reads.js';
import { MICROSOFT_READ_SCOPES } from './microsoft-scopes.js';

/** The settings of a Microsoft 365 connection (non-secret; keys of others pass through). */
const MicrosoftSettings = z.looseObject({
  /** The app registration id. */
  clientId: z.string().min(1).optional(),
  /** The tenant GUID. Default: the connection's tenant id. */
  tenantId: z.string().min(1).optional(),
  /** Certificate credential: the certificate's SHA-256 thumbprint. */
  thumbprintSha256: z.string().min(1).optional(),
  endpoints: z
    .object({
      /** Replaces https://login.microsoftonline.com */
      loginUrl: z.url().optional(),
      /** Replaces https://graph.microsoft.com */
      graphUrl: z.url().optional(),
      /** An extra CA certificate (PEM) to trust; a certificate is public, never a secret. */
      ca: z.string().min(1).optional(),
    })
    .optional(),
});
type MicrosoftSettings = z.infer<typeof MicrosoftSettings>;

/**
 * Microsoft 365: an app registration with a secret or a certificate (company-wide), or
 * delegated refresh tokens (user-by-user).
 * @example const sync = await microsoft365.sync(microsoft365.plan(request));
 */
export const microsoft365: ProviderModule<MicrosoftSyncInput, MicrosoftSettings> = {
  kind: 'microsoft_365',
  credentialKinds: {
    company_wide: ['client_secret', 'client_certificate'],
    user_by_user: ['client_secret'],
  },
  settings: MicrosoftSettings,
  plan: planMicrosoft,
  connectionOf: microsoftConnection,
  sync: syncMicrosoft365,
  provenScopes(mode, proven) {
    // Company-wide, the scopes are the app token's roles: every run reads them whole.
    if (mode === 'company_wide') return [];
    return [
      ...(proven.mailbox ? [MICROSOFT_READ_SCOPES.mailbox] : []),
      ...(proven.calendar ? [MICROSOFT_READ_SCOPES.calendar] : []),
    ];
  },
};

function planMicrosoft(request: PlanRequest<MicrosoftSettings>): MicrosoftSyncInput {
  const { settings } = request;
  const tenantId = settings.tenantId ?? request.tenantId;
  const clientId = needSetting(settings.clientId, 'clientId', request.connectionId);
  const credential = request.credential();
  let credentials: MicrosoftCredentials;
  if (request.mode === 'user_by_user')
    credentials = { kind: 'delegated', tenantId, clientId, clientSecret: credential.secret };
  else if (credential.kind === 'client_certificate') {
    credentials = {
      kind: 'client_certificate',
      tenantId,
      clientId,
      thumbprintSha256: needSetting(
        settings.thumbprintSha256,
        'thumbprintSha256',
        request.connectionId,
      ),
      privateKey: credential.secret,
    };
  } else
    credentials = { kind: 'client_secret', tenantId, clientId, clientSecret: credential.secret };
  const endpoints = settings.endpoints ?? {};
  return {
    ...request.common,
    credentials,
    endpoints: { loginUrl: endpoints.loginUrl, graphUrl: endpoints.graphUrl, ca: endpoints.ca },
  };
}

function microsoftConnection(input: MicrosoftSyncInput): ConnectionOf {
  const { credentials, endpoints } = input;
  const settings = {
    clientId: credentials.clientId,
    ...(input.domain === undefined ? {} : { domain: input.domain }),
    endpoints: defined({
      loginUrl: endpoints?.loginUrl,
      graphUrl: endpoints?.graphUrl,
      ca: endpoints?.ca,
    }),
  };
  const mode = credentials.kind === 'delegated' ? 'user_by_user' : 'company_wide';
  if (credentials.kind === 'client_certificate') {
    return {
      tenantId: credentials.tenantId,
      mode,
      settings: { ...settings, thumbprintSha256: credentials.thumbprintSha256 },
      credential: { kind: 'client_certificate', label: null, secret: credentials.privateKey },
    };
  }
  return {
    tenantId: credentials.tenantId,
    mode,
    settings,
    credential: { kind: 'client_secret', label: null, secret: credentials.clientSecret },
  };
}
