import { hash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { EntityId, requireCompany } from '../company-repository/company-repository.js';
import type { ConsentTokenTable } from '../database/database.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { validateInput } from '../validate-input/validate-input.js';

export const NewConsentToken = z.strictObject({
  meetingId: z.string().trim().min(1).max(256),
  participantId: z.string().trim().min(1).max(256),
  /** The meeting's end plus the grace period: the link answers 404 from then on. */
  expiresAt: z.iso.datetime({ offset: true }).transform((at) => new Date(at).toISOString()),
});
export type NewConsentToken = z.input<typeof NewConsentToken>;

/** What a consent-page link stands for. The raw token is never stored, so never returned here. */
export interface ConsentTokenRecord {
  companyId: string;
  meetingId: string;
  participantId: string;
  /** The hidden form field the page's POST must echo: binds the answer to a page this service served. */
  formToken: string;
  expiresAt: string;
  createdAt: string;
}

/** A token just made: `token` goes into the participant's link and exists nowhere else. */
export interface IssuedConsentToken {
  token: string;
  record: ConsentTokenRecord;
}

export interface ConsentTokenRepository {
  /**
   * Makes one token per participant of a meeting, in one transaction. A participant who had a
   * token gets a new one and the old link stops working.
   */
  issue(companyId: string, tokens: readonly NewConsentToken[]): Promise<IssuedConsentToken[]>;
  /** The link's record; null when the token is unknown, malformed or expired. */
  find(token: string): Promise<ConsentTokenRecord | null>;
  /**
   * Moves the expiry of every link of a meeting (the meeting moved): links already sent keep
   * working, for the new time. Expired links open again when the new expiry is later. Returns
   * how many links it moved.
   */
  moveExpiry(companyId: string, meetingId: string, expiresAt: string): Promise<number>;
}

// 256 bits from the system's CSPRNG, twice the 128 the issue asks for: far past guessing.
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The consent_tokens table: the unguessable link of each participant's consent page.
 * @example const [{ token }] = await store.consentTokens.issue('acme', [{ meetingId, participantId, expiresAt }]);
 */
export function consentTokenRepository(ctx: RepositoryContext): ConsentTokenRepository {
  const { db } = ctx;
  return {
    async issue(companyId, tokens) {
      const id = validateInput(EntityId, companyId, 'company id');
      const parsed = validateInput(z.array(NewConsentToken), tokens, 'consent token');
      await requireCompany(ctx, id);
      const now = ctx.now();
      const issued = parsed.map((t) => {
        const token = randomBytes(TOKEN_BYTES).toString('base64url');
        const row: ConsentTokenTable = {
          token_hash: hashToken(token),
          company_id: id,
          meeting_id: t.meetingId,
          participant_id: t.participantId,
          form_token: randomBytes(TOKEN_BYTES).toString('base64url'),
          expires_at: t.expiresAt,
          created_at: now,
        };
        return { token, row };
      });
      await inTransaction(db, async (trx) => {
        for (const { row } of issued) {
          await trx
            .deleteFrom('consent_tokens')
            .where('company_id', '=', id)
            .where('meeting_id', '=', row.meeting_id)
            .where('participant_id', '=', row.participant_id)
            .execute();
        }
        await insertRows(
          trx,
          'consent_tokens',
          issued.map((i) => i.row),
        );
      });
      return issued.map(({ token, row }) => ({ token, record: toRecord(row) }));
    },
    async find(token) {
      if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return null;
      const row = await db
        .selectFrom('consent_tokens')
        .selectAll()
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (row === undefined || row.expires_at <= ctx.now()) return null;
      return toRecord(row);
    },
    async moveExpiry(companyId, meetingId, expiresAt) {
      const id = validateInput(EntityId, companyId, 'company id');
      const { meetingId: meeting, expiresAt: at } = validateInput(
        NewConsentToken.pick({ meetingId: true, expiresAt: true }),
        { meetingId, expiresAt },
        'consent token',
      );
      const result = await db
        .updateTable('consent_tokens')
        .set({ expires_at: at })
        .where('company_id', '=', id)
        .where('meeting_id', '=', meeting)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

function toRecord(row: ConsentTokenTable): ConsentTokenRecord {
  return {
    companyId: row.company_id,
    meetingId: row.meeting_id,
    participantId: row.participant_id,
    formToken: row.form_token,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}
