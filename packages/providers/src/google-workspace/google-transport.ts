// @internal: part of the Google Workspace module: how its token requests reach Google (or a fake).
import { createPrivateKey } from 'node:crypto';
import { auth as googleAuth } from '@googleapis/gmail';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** An authorised client of the generated APIs: a service account's JWT or a member's OAuth2. */
export type GoogleClient =
  | InstanceType<typeof googleAuth.JWT>
  | InstanceType<typeof googleAuth.OAuth2>;

/** Where token requests go and how long one may take. */
export interface GoogleTransportOptions {
  timeoutMs?: number | undefined;
  /** Replaces https://oauth2.googleapis.com/token */
  tokenUrl?: string | undefined;
}

/**
 * The service-account key, parsed once. The library types `key` as a PEM string, but it signs
 * with node:crypto (jws → jwa), which takes a KeyObject; parsing the PEM for each member's
 * token would double the CPU spent per member.
 * @example const signingKey = signingKeyOf(credentials.privateKey);
 */
export function signingKeyOf(pem: string): string {
  try {
    return createPrivateKey(pem) as unknown as string;
  } catch {
    // A key that does not parse is sent as given: the provider's answer then says why it fails.
    return pem;
  }
}

/**
 * A service account's client impersonating `subject` with `scopes` (domain-wide delegation).
 * @example await serviceAccountClient({ clientEmail, signingKey }, [GOOGLE_SCOPES.gmail], 'ada@acme.com', options).authorize();
 */
export function serviceAccountClient(
  account: { clientEmail: string; signingKey: string },
  scopes: string[],
  subject: string,
  options: GoogleTransportOptions,
): InstanceType<typeof googleAuth.JWT> {
  const client = new googleAuth.JWT({
    email: account.clientEmail,
    key: account.signingKey,
    scopes,
    subject,
    transporterOptions: transporterOptions(options),
  });
  ourRetriesOnly(client, options.tokenUrl);
  return client;
}

/**
 * An OAuth client acting for one member through their refresh token (user-by-user).
 * @example await oauthClient({ clientId, clientSecret }, member.refreshToken, options).getAccessToken();
 */
export function oauthClient(
  app: { clientId: string; clientSecret: string },
  refreshToken: string,
  options: GoogleTransportOptions,
): InstanceType<typeof googleAuth.OAuth2> {
  const client = new googleAuth.OAuth2({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    transporterOptions: transporterOptions(options),
    ...(options.tokenUrl === undefined ? {} : { endpoints: { oauth2TokenUrl: options.tokenUrl } }),
  });
  ourRetriesOnly(client, undefined);
  client.setCredentials({ refresh_token: refreshToken });
  return client;
}

function transporterOptions(options: GoogleTransportOptions) {
  return { timeout: options.timeoutMs ?? 30_000, fetchImplementation: fetch };
}

/** Sends token requests to `tokenUrl` and turns off the library's retries: ours honour Retry-After. */
function ourRetriesOnly(client: GoogleClient, tokenUrl: string | undefined): void {
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (tokenUrl !== undefined && String(options.url).startsWith(GOOGLE_TOKEN_URL))
        options.url = new URL(tokenUrl);
      options.retry = false;
      options.retryConfig = { ...options.retryConfig, retry: 0 };
      return options;
    },
  });
}
