// @internal: part of the Microsoft 365 module: how MSAL and the Graph client reach Microsoft (or a fake).
import {
  AuthError,
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkResponse,
} from '@azure/msal-node';
import type { Context as GraphContext, Middleware } from '@microsoft/microsoft-graph-client';
import type { HttpsTransport } from '../https-transport/https-transport.js';
import { errorText } from '../provider-error/provider-error.js';
import type { MicrosoftCredentials } from './microsoft-input.js';

const LOGIN_URL = 'https://login.microsoftonline.com';
/** Microsoft Graph, unless the connection's endpoints say otherwise. */
export const GRAPH_URL = 'https://graph.microsoft.com';

/**
 * The MSAL app of a connection, sending its token requests over `transport` to `loginUrl`.
 * @example await msalApp(credentials, transport, endpoints.loginUrl).acquireTokenByClientCredential(...)
 */
export function msalApp(
  credentials: MicrosoftCredentials,
  transport: HttpsTransport,
  loginUrl: string | undefined,
): ConfidentialClientApplication {
  const auth =
    credentials.kind === 'client_certificate'
      ? {
          clientCertificate: {
            thumbprintSha256: credentials.thumbprintSha256,
            privateKey: credentials.privateKey,
          },
        }
      : { clientSecret: credentials.clientSecret };
  return new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      authority: `${LOGIN_URL}/${credentials.tenantId}`,
      ...auth,
    },
    system: { networkClient: msalNetwork(transport, loginUrl), disableInternalRetries: true },
  });
}

/** The Graph client's last middleware: sends over our transport (trusting the configured CA). */
export class GraphTransport implements Middleware {
  constructor(private readonly transport: HttpsTransport) {}

  async execute(context: GraphContext): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers: Record<string, string> = {};
    const given = context.options?.headers;
    if (given instanceof Headers)
      given.forEach((value, name) => {
        headers[name] = value;
      });
    else if (Array.isArray(given)) {
      for (const pair of given)
        if (pair[0] !== undefined && pair[1] !== undefined) headers[pair[0]] = pair[1];
    } else if (given !== undefined) Object.assign(headers, given);
    const body = context.options?.body;
    const answer = await this.transport
      .send(url, {
        method: context.options?.method ?? 'GET',
        headers,
        body: typeof body === 'string' ? body : undefined,
      })
      .catch((error: unknown) => {
        // The Graph client keeps only an error's name (as its code): carry the transport code there.
        if (error instanceof Error) {
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string') error.name = code;
        }
        throw error;
      });
    const empty = answer.status === 204 || answer.status === 304;
    context.response = new Response(empty ? null : answer.text, {
      status: answer.status,
      headers: answer.headers,
    });
  }
}

/** MSAL's network client: token and metadata requests go to the configured login URL over our transport. */
function msalNetwork(transport: HttpsTransport, loginUrl: string | undefined): INetworkModule {
  const login = loginUrl?.replace(/\/$/, '');
  const send = async <T>(
    method: string,
    url: string,
    headers: Record<string, string> | undefined,
    body?: string,
  ): Promise<NetworkResponse<T>> => {
    const target =
      login !== undefined && url.startsWith(LOGIN_URL) ? login + url.slice(LOGIN_URL.length) : url;
    // MSAL replaces any error it does not know by a bare network_error; an AuthError passes through.
    const answer = await transport
      .send(target, { method, headers: headers ?? {}, body })
      .catch((error: unknown) => {
        const code = (error as { code?: unknown } | null)?.code;
        throw Object.assign(
          new AuthError(typeof code === 'string' ? code : 'network_error', errorText(error)),
          { code, cause: error },
        );
      });
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      throw new AuthError(
        'malformed_response',
        `the token endpoint answered ${answer.status} with a body that is not JSON`,
      );
    }
    return { status: answer.status, headers: answer.headers, body: parsed as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options?.headers),
    sendPostRequestAsync: (url, options) => send('POST', url, options?.headers, options?.body),
  };
}

/**
 * A header's value whatever the case of its name.
 * @example headerOf(response.headers, 'retry-after')
 */
export function headerOf(headers: Record<string, string> | undefined, name: string): string | null {
  if (headers === undefined) return null;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return null;
}
