import type { ConnectionMode, Provider } from '@capture-doctor/domain';
import type { z } from 'zod';
import type {
  ProviderMember,
  ProviderSync,
  SyncOptions,
} from '../provider-facts/provider-facts.js';

/** The kinds of company credential a connection may hold (a member's refresh token aside). */
export type CredentialKind = 'service_account_key' | 'client_secret' | 'client_certificate';

/** A credential as the provider receives it: its kind and its decrypted secret. */
export interface PlanCredential {
  kind: CredentialKind;
  secret: string;
}

/** What every provider's input carries, whichever the provider. */
export interface CommonInput {
  /** The members to probe; every directory user when absent (company-wide only). */
  members: ProviderMember[] | undefined;
  scopeGroups: string[] | undefined;
  /** The company's primary domain (default: the connection's tenant id). */
  domain: string;
}

/** A stored connection, its settings validated by the module, and the credential its mode reads. */
export interface PlanRequest<Settings> {
  connectionId: string;
  /** The connection's tenant id. */
  tenantId: string;
  mode: ConnectionMode;
  settings: Settings;
  /**
   * The company credential the mode reads through: the first of the kinds `credentialKinds[mode]`
   * lists that the connection holds. Throws when it holds none, so a plan asks for it where a
   * missing credential should be reported (after the settings it cannot do without, say).
   */
  credential(): PlanCredential;
  common: CommonInput;
}

/** A connection to store, from a provider's input: the inverse of `plan`. */
export interface ConnectionOf {
  tenantId: string;
  mode: ConnectionMode;
  /** The provider's own non-secret settings (endpoints included). */
  settings: Record<string, unknown>;
  credential: PlanCredential & { label: string | null };
}

/**
 * One provider: which credentials each connection mode needs and how a stored connection
 * becomes the provider's input (its plan), and how that input is read (its reads, error
 * table, scopes and transport live in the module's folder). Methods, not function properties:
 * the registry treats every module alike.
 */
export interface ProviderModule<Input extends SyncOptions, Settings> {
  kind: Provider;
  /** The company credential each mode reads through, in order of preference. */
  credentialKinds: Readonly<Record<ConnectionMode, readonly CredentialKind[]>>;
  /** The provider's own connection settings (keys it does not know are left to others). */
  settings: z.ZodType<Settings>;
  /** The provider's input for a stored connection; throws a ProviderPlanError naming a missing setting. */
  plan(request: PlanRequest<Settings>): Input;
  /** The connection to store for an input (used to back a company with a tenant, e.g. a fake). */
  connectionOf(input: Input): ConnectionOf;
  /** Reads the tenant into provider facts; never throws for provider failures. */
  sync(input: Input): Promise<ProviderSync>;
  /** The scopes that successful reads prove granted, for members an earlier run read. */
  provenScopes(mode: ConnectionMode, proven: { mailbox: boolean; calendar: boolean }): string[];
}

/** A connection that cannot be read as stored: `field` names the setting or credential at fault. */
export class ProviderPlanError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ProviderPlanError';
  }
}

/**
 * A setting the plan cannot do without.
 * @example const adminEmail = needSetting(settings.adminEmail, 'adminEmail', request.connectionId);
 */
export function needSetting(
  value: string | undefined,
  field: string,
  connectionId: string,
): string {
  if (value !== undefined) return value;
  throw new ProviderPlanError(
    `provider connection "${connectionId}" needs settings.${field} to sync`,
    `settings.${field}`,
  );
}

/**
 * Only the defined values of `value` (settings are stored as JSON).
 * @example defined({ rootUrl: endpoints?.rootUrl, tokenUrl: endpoints?.tokenUrl })
 */
export function defined<T extends Record<string, string | undefined>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
