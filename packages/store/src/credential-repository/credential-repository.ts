import { z } from 'zod';
import { EntityId } from '../company-repository/company-repository.js';
import { connectionNotFound } from '../connection-repository/connection-repository.js';
import type { CredentialTable } from '../database/database.js';
import { newId } from '../new-id/new-id.js';
import { oldestFirst } from '../paging/oldest-first.js';
import { readAll } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow, snakeRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { validateInput } from '../validate-input/validate-input.js';

/** What a credential is; each is encrypted the same way. */
export const CredentialKind = z.enum([
  'service_account_key',
  'client_secret',
  'client_certificate',
  'refresh_token',
]);
export type CredentialKind = z.infer<typeof CredentialKind>;

export const NewCredential = z.strictObject({
  kind: CredentialKind,
  /** The member a user-by-user refresh token belongs to; absent for company-wide credentials. */
  memberId: EntityId.nullable().default(null),
  /** A non-secret hint for people, e.g. the service account's client email. */
  label: z.string().max(200).nullable().default(null),
  secret: z
    .string()
    .min(1)
    .max(64 * 1024),
});
export type NewCredential = z.input<typeof NewCredential>;

/** A credential without its secret: what every listing returns. */
export interface CredentialInfo {
  id: string;
  connectionId: string;
  kind: CredentialKind;
  memberId: string | null;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** A credential with its decrypted secret: only `reveal` returns these. */
export interface RevealedCredential extends CredentialInfo {
  secret: string;
}

export interface CredentialRepository {
  /**
   * Encrypts and stores a secret for a connection. An earlier active credential of the same
   * kind and member is revoked (rotation) and its ciphertext erased.
   */
  put(companyId: string, connectionId: string, input: NewCredential): Promise<CredentialInfo>;
  /** Active and revoked credentials of a connection, never with their secrets. */
  list(companyId: string, connectionId: string): Promise<CredentialInfo[]>;
  /**
   * DECRYPTS the active credentials of a connection. For the sync job only: never send the
   * result to a response or a log.
   */
  reveal(connectionId: string): Promise<RevealedCredential[]>;
  /** Revokes a credential and erases its ciphertext; the row stays for the audit trail. */
  revoke(companyId: string, credentialId: string): Promise<CredentialInfo>;
}

/**
 * The credentials table, encrypted with AES-256-GCM bound to each credential's id.
 * @example await store.credentials.put('acme', connection.id, { kind: 'client_secret', secret });
 */
export function credentialRepository(ctx: RepositoryContext): CredentialRepository {
  const { db } = ctx;
  const ofConnection = (connectionId: string) =>
    db.selectFrom('credentials').selectAll().where('connection_id', '=', connectionId);
  const ownedConnection = async (companyId: string, connectionId: string) => {
    const row = await db
      .selectFrom('provider_connections')
      .select('id')
      .where('company_id', '=', companyId)
      .where('id', '=', connectionId)
      .executeTakeFirst();
    if (row === undefined) throw connectionNotFound(connectionId);
  };
  return {
    async put(companyId, connectionId, input) {
      const parsed = validateInput(NewCredential, input, 'credential');
      await ownedConnection(companyId, connectionId);
      const id = newId();
      const now = ctx.now();
      const { secret, ...info } = parsed;
      const row: CredentialTable = {
        id,
        connection_id: connectionId,
        ...snakeRow(info),
        ciphertext: ctx.cipher.encrypt(secret, sealContext(id)),
        created_at: now,
        revoked_at: null,
      };
      await inTransaction(db, async (trx) => {
        let superseded = trx
          .updateTable('credentials')
          .set({ revoked_at: now, ciphertext: '' })
          .where('connection_id', '=', connectionId)
          .where('kind', '=', parsed.kind)
          .where('revoked_at', 'is', null);
        superseded =
          parsed.memberId === null
            ? superseded.where('member_id', 'is', null)
            : superseded.where('member_id', '=', parsed.memberId);
        await superseded.execute();
        await trx.insertInto('credentials').values(row).execute();
      });
      return toInfo(row);
    },
    async list(companyId, connectionId) {
      await ownedConnection(companyId, connectionId);
      return readAll(oldestFirst(ofConnection(connectionId)), toInfo);
    },
    async reveal(connectionId) {
      const active = ofConnection(connectionId).where('revoked_at', 'is', null);
      return readAll(oldestFirst(active), (row) => ({
        ...toInfo(row),
        secret: ctx.cipher.decrypt(row.ciphertext, sealContext(row.id)),
      }));
    },
    async revoke(companyId, credentialId) {
      const row = await db
        .selectFrom('credentials')
        .innerJoin('provider_connections', 'provider_connections.id', 'credentials.connection_id')
        .selectAll('credentials')
        .where('provider_connections.company_id', '=', companyId)
        .where('credentials.id', '=', credentialId)
        .executeTakeFirst();
      if (row === undefined) {
        throw new StoreError('not_found', `credential "${credentialId}" does not exist`, {
          field: 'credentialId',
        });
      }
      if (row.revoked_at !== null) return toInfo(row);
      const revokedAt = ctx.now();
      await db
        .updateTable('credentials')
        .set({ revoked_at: revokedAt, ciphertext: '' })
        .where('id', '=', credentialId)
        .execute();
      return toInfo({ ...row, revoked_at: revokedAt });
    },
  };
}

// The credential id is the GCM associated data: a ciphertext copied onto another row fails to open.
function sealContext(credentialId: string): string {
  return `credential:${credentialId}`;
}

// Never the ciphertext: a listing must not carry even the sealed secret.
function toInfo(row: CredentialTable): CredentialInfo {
  return { ...camelRow(row, 'ciphertext'), kind: CredentialKind.parse(row.kind) };
}
