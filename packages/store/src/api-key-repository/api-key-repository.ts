import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import type { ApiKeyTable } from '../database/database.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import { oldestFirst } from '../paging/oldest-first.js';
import { readAll } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { validateInput } from '../validate-input/validate-input.js';

/** Every API key starts with this, so a leaked key is recognisable (e.g. by secret scanners). */
export const API_KEY_PREFIX = 'cdk_';

const KEY_SHAPE = /^cdk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** What a key may do; each key is bound to one company. */
export const ApiKeyRole = z.enum(['admin', 'compliance', 'support']);
export type ApiKeyRole = z.infer<typeof ApiKeyRole>;

export const NewApiKey = z.strictObject({
  role: ApiKeyRole,
  /** A label for people, e.g. `ci pipeline`. */
  name: z.string().trim().min(1).max(200).default('api key'),
});
export type NewApiKey = z.input<typeof NewApiKey>;

/** A key as listed: never the key itself, which exists only in the answer to `create`. */
export interface ApiKeyInfo {
  id: string;
  companyId: string;
  role: ApiKeyRole;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Who a verified key speaks for. */
export interface VerifiedApiKey {
  keyId: string;
  role: ApiKeyRole;
  companyId: string;
}

export interface ApiKeyRepository {
  /** Makes a key; `key` is returned this once and only its SHA-256 is stored. */
  create(companyId: string, input: NewApiKey): Promise<{ key: string; info: ApiKeyInfo }>;
  /** The key's identity, or null for an unknown, malformed or revoked key. */
  verify(key: string): Promise<VerifiedApiKey | null>;
  list(companyId: string): Promise<ApiKeyInfo[]>;
  revoke(companyId: string, keyId: string): Promise<ApiKeyInfo>;
}

/**
 * The api_keys table: `cdk_<id>_<secret>` keys stored as SHA-256 hashes.
 * @example const { key } = await store.apiKeys.create('acme', { role: 'admin' });
 */
export function apiKeyRepository(ctx: RepositoryContext): ApiKeyRepository {
  const { db } = ctx;
  const keys = () => db.selectFrom('api_keys').selectAll();
  return {
    async create(companyId, input) {
      const parsed = validateInput(NewApiKey, input, 'api key');
      await requireCompany(ctx, companyId);
      const id = randomBytes(8).toString('hex');
      const key = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
      const row: ApiKeyTable = {
        id,
        company_id: companyId,
        role: parsed.role,
        name: parsed.name,
        hash: hashKey(key).toString('hex'),
        created_at: ctx.now(),
        revoked_at: null,
      };
      return { key, info: toInfo(await insertRow(db, 'api_keys', row)) };
    },
    async verify(key) {
      const match = typeof key === 'string' ? KEY_SHAPE.exec(key) : null;
      const presented = hashKey(typeof key === 'string' ? key : '');
      const row =
        match === null ? undefined : await keys().where('id', '=', match[1]!).executeTakeFirst();
      // Compare even when no row matched, so timing does not tell a known id from an unknown one.
      const stored = row === undefined ? Buffer.alloc(32) : Buffer.from(row.hash, 'hex');
      const equal = stored.length === 32 && timingSafeEqual(stored, presented);
      if (row === undefined || !equal || row.revoked_at !== null) return null;
      return { keyId: row.id, role: ApiKeyRole.parse(row.role), companyId: row.company_id };
    },
    list: (companyId) => readAll(oldestFirst(keys().where('company_id', '=', companyId)), toInfo),
    async revoke(companyId, keyId) {
      const row = await keys()
        .where('company_id', '=', companyId)
        .where('id', '=', keyId)
        .executeTakeFirst();
      if (row === undefined) {
        throw new StoreError('not_found', `api key "${keyId}" does not exist`, { field: 'keyId' });
      }
      if (row.revoked_at !== null) return toInfo(row);
      const revokedAt = ctx.now();
      await inTransaction(db, async (trx) => {
        await trx
          .updateTable('api_keys')
          .set({ revoked_at: revokedAt })
          .where('id', '=', keyId)
          .execute();
        // A revoked key signs nobody in any more: its screen sessions end with it.
        await trx.deleteFrom('sessions').where('key_id', '=', keyId).execute();
      });
      return toInfo({ ...row, revoked_at: revokedAt });
    },
  };
}

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function toInfo(row: ApiKeyTable): ApiKeyInfo {
  return { ...camelRow(row, 'hash'), role: ApiKeyRole.parse(row.role) };
}
