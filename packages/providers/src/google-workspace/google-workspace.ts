// @internal: reached through the provider registry.
import { z } from 'zod';
import {
  type ConnectionOf,
  defined,
  needSetting,
  type PlanRequest,
  type ProviderModule,
  ProviderPlanError,
} from '../provider-module/provider-module.js';
import {
  type GoogleCredentials,
  type GoogleSyncInput,
  syncGoogleWorkspace,
} from './google-reads.js';
import { GOOGLE_SCOPES } from './google-scopes.js';

/** The settings of a Google Workspace connection (non-secret; keys of others pass through). */
const GoogleSettings = z.looseObject({
  /** Company-wide: the admin the service account impersonates to read the directory. */
  adminEmail: z.string().min(3).optional(),
  /** The service account's email, when the key is a bare PEM rather than a key file. */
  clientEmail: z.string().min(3).optional(),
  /** The customer id of users.list. Default `my_customer`. */
  customer: z.string().min(1).optional(),
  /** User-by-user: the OAuth client id. */
  clientId: z.string().min(1).optional(),
  endpoints: z
    .object({
      /** Root of the REST APIs. */
      rootUrl: z.url().optional(),
      /** The OAuth token endpoint. */
      tokenUrl: z.url().optional(),
    })
    .optional(),
});
type GoogleSettings = z.infer<typeof GoogleSettings>;

// A key file as Google's console gives it (the JSON a Google admin downloads).
const GoogleKeyFile = z.object({ client_email: z.string().min(3), private_key: z.string().min(1) });

/**
 * Google Workspace: a service account with domain-wide delegation (company-wide) or an OAuth
 * client and each member's refresh token (user-by-user).
 * @example const sync = await googleWorkspace.sync(googleWorkspace.plan(request));
 */
export const googleWorkspace: ProviderModule<GoogleSyncInput, GoogleSettings> = {
  kind: 'google_workspace',
  credentialKinds: { company_wide: ['service_account_key'], user_by_user: ['client_secret'] },
  settings: GoogleSettings,
  plan: planGoogle,
  connectionOf: googleConnection,
  sync: syncGoogleWorkspace,
  provenScopes(mode, proven) {
    // Delegation grants both read scopes in one token: any successful read proves both.
    if (mode === 'company_wide')
      return proven.mailbox || proven.calendar ? [GOOGLE_SCOPES.gmail, GOOGLE_SCOPES.calendar] : [];
    return [
      ...(proven.mailbox ? [GOOGLE_SCOPES.gmail] : []),
      ...(proven.calendar ? [GOOGLE_SCOPES.calendar] : []),
    ];
  },
};

function planGoogle(request: PlanRequest<GoogleSettings>): GoogleSyncInput {
  const { settings, connectionId } = request;
  let credentials: GoogleCredentials;
  if (request.mode === 'company_wide') {
    const key = googleKey(request.credential().secret, settings.clientEmail, connectionId);
    credentials = {
      kind: 'service_account',
      clientEmail: key.clientEmail,
      privateKey: key.privateKey,
      adminEmail: needSetting(settings.adminEmail, 'adminEmail', connectionId),
      ...(settings.customer === undefined ? {} : { customer: settings.customer }),
    };
  } else {
    credentials = {
      kind: 'oauth_client',
      clientId: needSetting(settings.clientId, 'clientId', connectionId),
      clientSecret: request.credential().secret,
    };
  }
  const endpoints = settings.endpoints ?? {};
  return {
    ...request.common,
    credentials,
    endpoints: { rootUrl: endpoints.rootUrl, tokenUrl: endpoints.tokenUrl },
  };
}

function googleConnection(input: GoogleSyncInput): ConnectionOf {
  const { credentials, endpoints } = input;
  const settings = {
    domain: input.domain,
    endpoints: defined({ rootUrl: endpoints?.rootUrl, tokenUrl: endpoints?.tokenUrl }),
  };
  if (credentials.kind === 'oauth_client') {
    return {
      tenantId: input.domain,
      mode: 'user_by_user',
      settings: { ...settings, clientId: credentials.clientId },
      credential: { kind: 'client_secret', label: null, secret: credentials.clientSecret },
    };
  }
  return {
    tenantId: input.domain,
    mode: 'company_wide',
    settings: {
      ...settings,
      adminEmail: credentials.adminEmail,
      ...(credentials.customer === undefined ? {} : { customer: credentials.customer }),
    },
    credential: {
      kind: 'service_account_key',
      label: credentials.clientEmail,
      secret: JSON.stringify({
        type: 'service_account',
        client_email: credentials.clientEmail,
        private_key: credentials.privateKey,
      }),
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
      throw new ProviderPlanError(
        `the service account key of provider connection "${connectionId}" is not a Google key file (client_email and private_key are required)`,
        'credentials',
      );
    }
    return { clientEmail: parsed.data.client_email, privateKey: parsed.data.private_key };
  }
  if (clientEmail === undefined) {
    throw new ProviderPlanError(
      `provider connection "${connectionId}" holds a bare private key: it needs settings.clientEmail to sync`,
      'settings.clientEmail',
    );
  }
  return { clientEmail, privateKey: secret };
}
