import type { Acknowledgement } from '@capture-doctor/domain';
import { z } from 'zod';
import { EntityId, requireCompany } from '../company-repository/company-repository.js';
import type { AcknowledgementTable } from '../database/database.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import { newId } from '../new-id/new-id.js';
import { readAll, readFirst } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow, snakeRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { type Instant, InstantSchema } from '../timestamp/timestamp.js';
import { validateInput } from '../validate-input/validate-input.js';

export const NewAcknowledgement = z.strictObject({
  memberId: EntityId,
  ruleId: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(2000),
  createdBy: z.string().trim().min(1).max(200),
  /** Must be later than now: an acknowledgement always ends. */
  expiresAt: InstantSchema,
});
export type NewAcknowledgement = z.input<typeof NewAcknowledgement>;

/** Where an acknowledgement stands at a given moment. */
export type AcknowledgementStatus = 'active' | 'expired' | 'revoked';

export interface StoredAcknowledgement {
  id: string;
  companyId: string;
  memberId: string;
  ruleId: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface AcknowledgementRepository {
  create(companyId: string, input: NewAcknowledgement): Promise<StoredAcknowledgement>;
  byId(companyId: string, acknowledgementId: string): Promise<StoredAcknowledgement | null>;
  /** Every acknowledgement of the company (or of one member), newest first, whatever its status. */
  list(companyId: string, filter?: { memberId?: string }): Promise<StoredAcknowledgement[]>;
  /** Those in force at `at` (default now): created by then, not expired, not revoked. */
  listActive(companyId: string, at?: Instant): Promise<StoredAcknowledgement[]>;
  /** Ends an acknowledgement now. Revoking a revoked one changes nothing and returns it. */
  revoke(
    companyId: string,
    acknowledgementId: string,
    by: { revokedBy: string },
  ): Promise<StoredAcknowledgement>;
}

/**
 * The acknowledgements table: a finding accepted for a member, with a reason, until it expires.
 * @example await store.acknowledgements.create('acme', { memberId: 'u1', ruleId: 'seat-missing', reason, createdBy: 'admin', expiresAt });
 */
export function acknowledgementRepository(ctx: RepositoryContext): AcknowledgementRepository {
  const { db } = ctx;
  const ofCompany = (companyId: string) =>
    db.selectFrom('acknowledgements').selectAll().where('company_id', '=', companyId);
  const newestFirst = (query: ReturnType<typeof ofCompany>) =>
    readAll(query.orderBy('created_at', 'desc').orderBy('id', 'desc'), camelRow);
  const byId = (companyId: string, id: string) =>
    readFirst(ofCompany(companyId).where('id', '=', id), camelRow);
  return {
    async create(companyId, input) {
      const parsed = validateInput(NewAcknowledgement, input, 'acknowledgement');
      const now = ctx.now();
      if (parsed.expiresAt <= now) {
        throw new StoreError(
          'invalid_input',
          `invalid acknowledgement: expiresAt: must be later than now (${now})`,
          { field: 'expiresAt' },
        );
      }
      await requireCompany(ctx, companyId);
      const row: AcknowledgementTable = {
        id: newId(),
        company_id: companyId,
        ...snakeRow(parsed),
        created_at: now,
        revoked_at: null,
        revoked_by: null,
      };
      return camelRow(await insertRow(db, 'acknowledgements', row));
    },
    byId,
    async list(companyId, filter = {}) {
      const all = ofCompany(companyId);
      const { memberId } = filter;
      return newestFirst(memberId === undefined ? all : all.where('member_id', '=', memberId));
    },
    async listActive(companyId, at) {
      const moment = at === undefined ? ctx.now() : validateInput(InstantSchema, at, 'moment');
      return newestFirst(
        ofCompany(companyId)
          .where('created_at', '<=', moment)
          .where('expires_at', '>', moment)
          .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', moment)])),
      );
    },
    async revoke(companyId, acknowledgementId, by) {
      const { revokedBy } = validateInput(
        z.strictObject({ revokedBy: z.string().trim().min(1).max(200) }),
        by,
        'revocation',
      );
      const found = await byId(companyId, acknowledgementId);
      if (found === null) {
        throw new StoreError('not_found', `acknowledgement "${acknowledgementId}" does not exist`, {
          field: 'acknowledgementId',
        });
      }
      if (found.revokedAt !== null) return found;
      const now = ctx.now();
      await db
        .updateTable('acknowledgements')
        .set({ revoked_at: now, revoked_by: revokedBy })
        .where('id', '=', acknowledgementId)
        .execute();
      return { ...found, revokedAt: now, revokedBy };
    },
  };
}

/**
 * Where an acknowledgement stands at `at` (canonical ISO text or Date).
 * @example acknowledgementStatus(ack, new Date()) // "expired"
 */
export function acknowledgementStatus(
  ack: StoredAcknowledgement,
  at: Instant,
): AcknowledgementStatus {
  const moment = InstantSchema.parse(at);
  if (ack.revokedAt !== null && ack.revokedAt <= moment) return 'revoked';
  if (ack.expiresAt <= moment) return 'expired';
  return 'active';
}

/**
 * The acknowledgement as the engine attaches it to a Finding.
 * @example finding.acknowledgement = toFindingAcknowledgement(ack);
 */
export function toFindingAcknowledgement(ack: StoredAcknowledgement): Acknowledgement {
  return {
    memberId: ack.memberId,
    ruleId: ack.ruleId,
    reason: ack.reason,
    by: ack.createdBy,
    expiresAt: ack.expiresAt,
  };
}
