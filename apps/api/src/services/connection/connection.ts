import {
  type ConnectionContext,
  type ConnectionEvent,
  sendConnectionEvent,
  stateName,
} from '@capture-doctor/machines';
import type { CredentialKind, Store } from '@capture-doctor/store';

/** The connection as the API shows it: the machine's state and its configuration, no secrets. */
export interface ConnectionView {
  state: string;
  configuration: Record<string, unknown>;
}

export type ConnectionChange =
  | { ok: true; view: ConnectionView }
  | { ok: false; code: string; message: string };

/**
 * The company's connection as the connection machine holds it.
 * @example (await connectionView(store, 'acme')).state // "not_configured"
 */
export async function connectionView(store: Store, companyId: string): Promise<ConnectionView> {
  const persisted = (await store.connectionStates.get(companyId))?.state ?? null;
  if (!isPersisted(persisted)) return { state: 'not_configured', configuration: {} };
  return toView(stateName(persisted.value), persisted.context);
}

/**
 * Sends one event to the company's connection machine. The machine alone decides whether the
 * change is allowed; an accepted change is stored with the provider tenant it accepted, so
 * credentials have a connection to belong to.
 * @example await changeConnection(store, 'acme', { type: 'CRM_CONNECTED', at }) // { ok: true, view }
 */
export async function changeConnection(
  store: Store,
  companyId: string,
  event: ConnectionEvent,
): Promise<ConnectionChange> {
  const persisted = (await store.connectionStates.get(companyId))?.state ?? null;
  const result = sendConnectionEvent(persisted, { companyId }, event);
  if (result.refusal)
    return { ok: false, code: result.refusal.code, message: result.refusal.message };
  await store.connectionStates.save(companyId, result.persisted);
  await recordTenant(store, companyId, result.context);
  return { ok: true, view: toView(result.state, result.context) };
}

/**
 * Stores a provider secret, encrypted, on the company's connection; null when no tenant is
 * connected yet.
 * @example await saveCredential(store, 'acme', { kind: 'refresh_token', secret }) // { kinds: ['refresh_token'] }
 */
export async function saveCredential(
  store: Store,
  companyId: string,
  credential: { kind: CredentialKind; secret: string },
): Promise<{ kinds: string[] } | null> {
  const connection = await connectionOf(store, companyId);
  if (!connection) return null;
  await store.credentials.put(companyId, connection.id, credential);
  return { kinds: await activeKinds(store, companyId, connection.id) };
}

/**
 * The kinds of secret stored for the company's connection, never the secrets.
 * @example await credentialKinds(store, 'acme') // ['client_secret', 'refresh_token']
 */
export async function credentialKinds(store: Store, companyId: string): Promise<string[]> {
  const connection = await connectionOf(store, companyId);
  return connection ? activeKinds(store, companyId, connection.id) : [];
}

async function connectionOf(store: Store, companyId: string) {
  return (await store.connections.list(companyId))[0] ?? null;
}

async function activeKinds(store: Store, companyId: string, connectionId: string) {
  const list = await store.credentials.list(companyId, connectionId);
  return [...new Set(list.filter((c) => c.revokedAt === null).map((c) => c.kind))].sort();
}

// Keeps the one provider connection in step with the tenant the machine accepted.
async function recordTenant(store: Store, companyId: string, context: ConnectionContext) {
  const existing = await connectionOf(store, companyId);
  const { tenant, mode } = context;
  if (!tenant) {
    if (existing) await store.connections.remove(companyId, existing.id);
    return;
  }
  if (existing && existing.tenantId === tenant.id && existing.provider === tenant.provider) {
    if (existing.mode !== mode) await store.connections.update(companyId, existing.id, { mode });
    return;
  }
  if (existing) await store.connections.remove(companyId, existing.id);
  await store.connections.create(companyId, {
    provider: tenant.provider,
    tenantId: tenant.id,
    mode,
  });
}

function toView(state: string, context: ConnectionContext): ConnectionView {
  const { pastCalls, lastRefusal: _refusal, refusalCount: _count, ...configuration } = context;
  return { state, configuration: { ...configuration, recordedCalls: pastCalls.length } };
}

function isPersisted(
  x: unknown,
): x is { value: Parameters<typeof stateName>[0]; context: ConnectionContext } {
  return typeof x === 'object' && x !== null && 'value' in x && 'context' in x;
}
