import { hash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApiKeyRole, type VerifiedApiKey } from '../api-key-repository/api-key-repository.js';
import type { SessionTable } from '../database/database.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { validateInput } from '../validate-input/validate-input.js';

/** How long a session lives: idle (sliding, renewed on each use) and at most, from sign-in. */
export const SessionLimits = z.strictObject({
  idleSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 60 * 60)
    .default(30 * 60),
  absoluteSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60 * 60)
    .default(12 * 60 * 60),
});
export type SessionLimits = z.input<typeof SessionLimits>;

/** A live session: who it speaks for, and the token its forms must echo. */
export interface Session extends VerifiedApiKey {
  csrfToken: string;
  /** when it ends at the latest, whatever its use */
  expiresAt: string;
}

export interface SessionRepository {
  /** Starts a session for a verified key; `id` goes to the browser and only its hash is kept. */
  create(key: VerifiedApiKey, limits?: SessionLimits): Promise<{ id: string; session: Session }>;
  /** The live session with this id, its idle expiry renewed; null when unknown, expired or its key revoked. */
  find(id: string): Promise<Session | null>;
  /** Ends the session (sign-out); an unknown id is a no-op. */
  end(id: string): Promise<void>;
  /** Keeps a one-line notice for the session's next page. */
  setFlash(id: string, text: string): Promise<void>;
  /** The notice kept for this session, removed as it is read. */
  takeFlash(id: string): Promise<string | null>;
}

// 256 bits from the system's CSPRNG: far past guessing, whatever the rate limits.
const ID_BYTES = 32;
const FLASH_MAX = 300;

/**
 * The sessions table: screen sign-ins bound to one API key's company, key and role.
 * @example const { id } = await store.sessions.create(principal); await store.sessions.find(id)
 */
export function sessionRepository(ctx: RepositoryContext): SessionRepository {
  const { db } = ctx;
  const byId = (id: string) => db.selectFrom('sessions').where('id_hash', '=', hashId(id));
  const plus = (at: string, seconds: number) =>
    new Date(Date.parse(at) + seconds * 1000).toISOString();
  return {
    async create(key, limits = {}) {
      const { idleSeconds, absoluteSeconds } = validateInput(SessionLimits, limits, 'session');
      const id = randomBytes(ID_BYTES).toString('base64url');
      const now = ctx.now();
      const row: SessionTable = {
        id_hash: hashId(id),
        company_id: key.companyId,
        key_id: key.keyId,
        role: key.role,
        csrf_token: randomBytes(ID_BYTES).toString('base64url'),
        flash: null,
        created_at: now,
        idle_seconds: idleSeconds,
        idle_expires_at: plus(now, Math.min(idleSeconds, absoluteSeconds)),
        expires_at: plus(now, absoluteSeconds),
      };
      return { id, session: toSession(await insertRow(db, 'sessions', row)) };
    },
    async find(id) {
      if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
      // The key is read again on every use, so a key revoked by any process ends its sessions.
      const row = await byId(id)
        .innerJoin('api_keys', 'api_keys.id', 'sessions.key_id')
        .selectAll('sessions')
        .select('api_keys.revoked_at')
        .executeTakeFirst();
      if (row === undefined) return null;
      const now = ctx.now();
      if (row.revoked_at !== null || row.idle_expires_at <= now || row.expires_at <= now) {
        await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
        return null;
      }
      // Sliding, but never past the absolute end.
      const renewed = new Date(
        Math.min(Date.parse(plus(now, row.idle_seconds)), Date.parse(row.expires_at)),
      ).toISOString();
      await db
        .updateTable('sessions')
        .set({ idle_expires_at: renewed })
        .where('id_hash', '=', row.id_hash)
        .execute();
      return toSession(row);
    },
    async end(id) {
      await db.deleteFrom('sessions').where('id_hash', '=', hashId(id)).execute();
    },
    async setFlash(id, text) {
      await db
        .updateTable('sessions')
        .set({ flash: text.slice(0, FLASH_MAX) })
        .where('id_hash', '=', hashId(id))
        .execute();
    },
    async takeFlash(id) {
      const row = await byId(id).select('flash').executeTakeFirst();
      if (!row?.flash) return null;
      await db
        .updateTable('sessions')
        .set({ flash: null })
        .where('id_hash', '=', hashId(id))
        .execute();
      return row.flash;
    },
  };
}

function hashId(id: string): string {
  return hash('sha256', id, 'hex');
}

function toSession(row: SessionTable): Session {
  return {
    keyId: row.key_id,
    companyId: row.company_id,
    role: ApiKeyRole.parse(row.role),
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}
