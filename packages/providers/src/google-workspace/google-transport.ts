// @internal: part of the Google Workspace module: how its requests reach Google (or a fake).
import { createPrivateKey } from 'node:crypto';
import { auth as googleAuth } from '@googleapis/gmail';
import type { HttpsTransport, WireResponse } from '../https-transport/https-transport.js';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** An authorised client of the generated APIs: a service account's JWT or a member's OAuth2. */
export type GoogleClient =
  | InstanceType<typeof googleAuth.JWT>
  | InstanceType<typeof googleAuth.OAuth2>;

/** How requests reach Google: over which transport, and where token requests go. */
export interface GoogleTransportOptions {
  /** Every request of the client goes over it (its pool, timeout and CA). */
  transport: HttpsTransport;
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

/** The gaxios instance the clients of one sync share (see googleTransporter). */
export type GoogleTransporter = InstanceType<typeof googleAuth.JWT>['transporter'];

/**
 * The one gaxios instance every client of a sync sends through: over `options.transport`, token
 * requests to `options.tokenUrl`, the library's retries off. A client built with its own would
 * build a gaxios (defaults, interceptor sets) for each member's single token exchange.
 * @example const transporter = googleTransporter({ transport, tokenUrl });
 */
export function googleTransporter(options: GoogleTransportOptions): GoogleTransporter {
  // Taken from a client so that it is the gaxios of the generated clients' auth library.
  const { transporter } = new googleAuth.OAuth2({
    // No gaxios timeout: the transport times each request out (gaxios' costs a signal per request).
    transporterOptions: { adapter: overTransport(options.transport) },
  });
  transporter.interceptors.request.add(ourRetriesOnly(options.tokenUrl));
  return transporter;
}

/**
 * A service account's client impersonating `subject` with `scopes` (domain-wide delegation).
 * @example await serviceAccountClient({ clientEmail, signingKey }, [GOOGLE_SCOPES.gmail], 'ada@acme.com', transporter).authorize();
 */
export function serviceAccountClient(
  account: { clientEmail: string; signingKey: string },
  scopes: string[],
  subject: string,
  transporter: GoogleTransporter,
): InstanceType<typeof googleAuth.JWT> {
  return new googleAuth.JWT({
    email: account.clientEmail,
    key: account.signingKey,
    scopes,
    subject,
    transporter,
  });
}

/**
 * An OAuth client acting for one member through their refresh token (user-by-user).
 * @example await oauthClient({ clientId, clientSecret }, member.refreshToken, transporter, tokenUrl).getAccessToken();
 */
export function oauthClient(
  app: { clientId: string; clientSecret: string },
  refreshToken: string,
  transporter: GoogleTransporter,
  tokenUrl: string | undefined,
): InstanceType<typeof googleAuth.OAuth2> {
  const client = new googleAuth.OAuth2({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    transporter,
    ...(tokenUrl === undefined ? {} : { endpoints: { oauth2TokenUrl: tokenUrl } }),
  });
  client.setCredentials({ refresh_token: refreshToken });
  return client;
}

// The gaxios of the generated clients' auth (not necessarily google-auth-library's own).
type GaxiosOptions = NonNullable<
  NonNullable<ConstructorParameters<typeof googleAuth.JWT>[0]>['transporterOptions']
>;
type Adapter = NonNullable<GaxiosOptions['adapter']>;
type PreparedOptions = Parameters<Adapter>[0];

/**
 * gaxios' adapter sending over our transport instead of fetch: the same kept-alive connections
 * for a fraction of fetch's CPU per request, which is what bounds a large tenant's sync (three
 * requests per member) on a small machine. Bodies it cannot send as text go to fetch as before;
 * answers come as JSON or text, the only types the reads ask for.
 */
function overTransport(transport: HttpsTransport): Adapter {
  return async (options, viaFetch) => {
    const body = textBody(options.body);
    if (body === null) return viaFetch(options);
    const headers: Record<string, string> = {};
    options.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // What fetch would say of a form body: Google's token endpoint needs it.
    if (options.body instanceof URLSearchParams && headers['content-type'] === undefined)
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    const answer = await transport.send(options.url, {
      method: options.method ?? 'GET',
      headers,
      body,
    });
    // gaxios keeps an error's data only when the Response's body was read (node-fetch's way);
    // an answer it takes needs no body.
    const failed = answer.status >= 300 && answer.status !== 304;
    const response = new Response(failed ? answer.text : null, {
      status: answer.status,
      headers: answer.headers,
    });
    if (failed) await response.arrayBuffer();
    return Object.assign(response, { config: options, data: answerData(answer, options) });
  };
}

/** A request body as text; null for one only fetch can send (a stream, a blob, a form). */
function textBody(body: unknown): string | undefined | null {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return null;
}

/** The answer's data as gaxios gives it: JSON when asked or labelled so (text if it does not parse). */
function answerData(answer: WireResponse, options: PreparedOptions) {
  if (answer.status === 204) return '';
  const json =
    options.responseType === 'json' ||
    (options.responseType === 'unknown' &&
      (answer.headers['content-type'] ?? '').toLowerCase().includes('application/json'));
  if (!json) return answer.text;
  try {
    return JSON.parse(answer.text);
  } catch {
    return answer.text;
  }
}

type RequestInterceptor = Parameters<GoogleTransporter['interceptors']['request']['add']>[0];

/** Sends token requests to `tokenUrl` and turns off the library's retries: ours honour Retry-After. */
function ourRetriesOnly(tokenUrl: string | undefined): RequestInterceptor {
  return {
    resolved: async (options) => {
      if (tokenUrl !== undefined && String(options.url).startsWith(GOOGLE_TOKEN_URL))
        options.url = new URL(tokenUrl);
      options.retry = false;
      options.retryConfig = { ...options.retryConfig, retry: 0 };
      return options;
    },
  };
}
