import { ConnectionMode, Provider } from '@capture-doctor/domain';
import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import type { ProviderConnectionTable } from '../database/database.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import { JsonObject } from '../json-value/json-value.js';
import { newId } from '../new-id/new-id.js';
import { oldestFirst } from '../paging/oldest-first.js';
import { readAll, readFirst } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow, snakeRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

export const NewProviderConnection = z.strictObject({
  provider: Provider,
  tenantId: z.string().trim().min(1).max(256),
  mode: ConnectionMode.nullable().default(null),
  /** Non-secret configuration, e.g. a client id or the admin to impersonate. Secrets go to credentials. */
  settings: JsonObject.default({}),
});
export type NewProviderConnection = z.input<typeof NewProviderConnection>;

export const ProviderConnectionChange = z.strictObject({
  mode: ConnectionMode.nullable().optional(),
  settings: JsonObject.optional(),
});
export type ProviderConnectionChange = z.input<typeof ProviderConnectionChange>;

export interface ProviderConnection {
  id: string;
  companyId: string;
  provider: Provider;
  tenantId: string;
  mode: ConnectionMode | null;
  settings: JsonObject;
  createdAt: string;
  updatedAt: string;
}

/**
 * A company's provider tenants. The connection machine decides what is allowed (one tenant per
 * company); this only keeps what it decided.
 */
export interface ConnectionRepository {
  create(companyId: string, input: NewProviderConnection): Promise<ProviderConnection>;
  get(companyId: string, connectionId: string): Promise<ProviderConnection | null>;
  list(companyId: string): Promise<ProviderConnection[]>;
  update(
    companyId: string,
    connectionId: string,
    change: ProviderConnectionChange,
  ): Promise<ProviderConnection>;
  /** Removes the connection and, with it, every credential it holds. */
  remove(companyId: string, connectionId: string): Promise<void>;
}

/**
 * The provider_connections table.
 * @example await store.connections.create('acme', { provider: 'google_workspace', tenantId: 'acme.example' });
 */
export function connectionRepository(ctx: RepositoryContext): ConnectionRepository {
  const { db } = ctx;
  const ofCompany = (companyId: string) =>
    db.selectFrom('provider_connections').selectAll().where('company_id', '=', companyId);
  const get = (companyId: string, connectionId: string) =>
    readFirst(ofCompany(companyId).where('id', '=', connectionId), toConnection);
  const require = async (companyId: string, connectionId: string) => {
    const found = await get(companyId, connectionId);
    if (found === null) throw connectionNotFound(connectionId);
    return found;
  };
  return {
    async create(companyId, input) {
      const parsed = validateInput(NewProviderConnection, input, 'provider connection');
      await requireCompany(ctx, companyId);
      const duplicate = await ofCompany(companyId)
        .where('provider', '=', parsed.provider)
        .where('tenant_id', '=', parsed.tenantId)
        .executeTakeFirst();
      if (duplicate !== undefined) {
        throw new StoreError('conflict', `tenant "${parsed.tenantId}" is already connected`, {
          field: 'tenantId',
        });
      }
      const now = ctx.now();
      const row: ProviderConnectionTable = {
        id: newId(),
        company_id: companyId,
        ...snakeRow(parsed),
        settings: JSON.stringify(parsed.settings),
        created_at: now,
        updated_at: now,
      };
      return toConnection(await insertRow(db, 'provider_connections', row));
    },
    get,
    list: (companyId) => readAll(oldestFirst(ofCompany(companyId)), toConnection),
    async update(companyId, connectionId, change) {
      const parsed = validateInput(ProviderConnectionChange, change, 'provider connection change');
      await require(companyId, connectionId);
      await db
        .updateTable('provider_connections')
        .set({
          ...(parsed.mode !== undefined ? { mode: parsed.mode } : {}),
          ...(parsed.settings !== undefined ? { settings: JSON.stringify(parsed.settings) } : {}),
          updated_at: ctx.now(),
        })
        .where('id', '=', connectionId)
        .execute();
      return require(companyId, connectionId);
    },
    async remove(companyId, connectionId) {
      await require(companyId, connectionId);
      await db.deleteFrom('provider_connections').where('id', '=', connectionId).execute();
    },
  };
}

/**
 * The not-found error for a connection id.
 * @example throw connectionNotFound(id);
 */
export function connectionNotFound(id: string): StoreError {
  return new StoreError('not_found', `provider connection "${id}" does not exist`, {
    field: 'connectionId',
  });
}

function toConnection(row: ProviderConnectionTable): ProviderConnection {
  return {
    ...camelRow(row),
    provider: Provider.parse(row.provider),
    mode: row.mode === null ? null : ConnectionMode.parse(row.mode),
    settings: parseStored(JsonObject, row.settings, `settings of connection ${row.id}`),
  };
}
