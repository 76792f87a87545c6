// @internal: used only inside @capture-doctor/store.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../database/database.js';
import type { SecretCipher } from '../secret-cipher/secret-cipher.js';

/**
 * What every repository is built from: a connection (or transaction), the clock, the cipher and
 * what the dialect tells apart.
 */
export interface RepositoryContext {
  db: Kysely<Database>;
  /** The current moment as canonical UTC ISO text, from the injected clock. */
  now: () => string;
  cipher: SecretCipher;
  /** Validates a consent-policy body before it is stored and after it is read. */
  consentPolicyBody: z.ZodType<Record<string, unknown>>;
  /** True when `error` is the database refusing a row whose foreign key names a missing row. */
  isForeignKeyViolation: (error: unknown) => boolean;
}

/**
 * Runs `work` in a transaction, joining the caller's transaction when there already is one.
 * @example await inTransaction(ctx.db, async (trx) => { await trx.insertInto(...).execute(); });
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
