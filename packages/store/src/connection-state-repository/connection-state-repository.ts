import { requireCompany } from '../company-repository/company-repository.js';
import { asJson, JsonValue } from '../json-value/json-value.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

/** The connection machine's persisted snapshot, opaque to the store. */
export interface StoredConnectionState {
  companyId: string;
  state: JsonValue;
  updatedAt: string;
}

export interface ConnectionStateRepository {
  /** The machine's last persisted snapshot, or null before the first event. */
  get(companyId: string): Promise<StoredConnectionState | null>;
  /** Replaces the persisted snapshot (the machine is the authority on what it contains). */
  save(companyId: string, state: unknown): Promise<StoredConnectionState>;
}

/**
 * The connection_states table: one machine snapshot per company.
 * @example await store.connectionStates.save('acme', actor.getPersistedSnapshot());
 */
export function connectionStateRepository(ctx: RepositoryContext): ConnectionStateRepository {
  const { db } = ctx;
  return {
    async get(companyId) {
      const row = await db
        .selectFrom('connection_states')
        .selectAll()
        .where('company_id', '=', companyId)
        .executeTakeFirst();
      if (row === undefined) return null;
      return {
        companyId,
        state: parseStored(JsonValue, row.state, `connection state of ${companyId}`),
        updatedAt: row.updated_at,
      };
    },
    async save(companyId, state) {
      const parsed = validateInput(
        JsonValue,
        asJson(state, 'connection machine snapshot'),
        'connection machine snapshot',
      );
      await requireCompany(ctx, companyId);
      const now = ctx.now();
      const text = JSON.stringify(parsed);
      await db
        .insertInto('connection_states')
        .values({ company_id: companyId, state: text, updated_at: now })
        .onConflict((oc) => oc.column('company_id').doUpdateSet({ state: text, updated_at: now }))
        .execute();
      return { companyId, state: parsed, updatedAt: now };
    },
  };
}
