// @internal: part of the Microsoft 365 module: what its reads take.
import type { SyncOptions } from '../provider-facts/provider-facts.js';

/** Microsoft credentials: an app with a secret or a certificate (company-wide), or delegated refresh tokens. */
export type MicrosoftCredentials =
  | { kind: 'client_secret'; tenantId: string; clientId: string; clientSecret: string }
  | {
      kind: 'client_certificate';
      tenantId: string;
      clientId: string;
      thumbprintSha256: string;
      privateKey: string;
    }
  | { kind: 'delegated'; tenantId: string; clientId: string; clientSecret: string };

/** Where Microsoft is; the real endpoints when absent. */
export interface MicrosoftEndpoints {
  /** Replaces https://login.microsoftonline.com for token requests. */
  loginUrl?: string | undefined;
  /** Replaces https://graph.microsoft.com */
  graphUrl?: string | undefined;
  /** Extra CA certificate (PEM) to trust. */
  ca?: string | undefined;
}

export interface MicrosoftSyncInput extends SyncOptions {
  credentials: MicrosoftCredentials;
  domain?: string | undefined;
  endpoints?: MicrosoftEndpoints | undefined;
  /** Graph $batch requests sent at once (default 8). */
  batchConcurrency?: number | undefined;
}
