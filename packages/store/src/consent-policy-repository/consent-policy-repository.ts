import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import type { ConsentPolicyTable } from '../database/database.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import { asJson } from '../json-value/json-value.js';
import { newId } from '../new-id/new-id.js';
import { readAll, readFirst } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

/** A policy version is a draft until a compliance officer approves it; then it never changes. */
export const ConsentPolicyStatus = z.enum(['draft', 'approved']);
export type ConsentPolicyStatus = z.infer<typeof ConsentPolicyStatus>;

const Person = z.string().trim().min(1).max(200);

export interface ConsentPolicyVersion {
  id: string;
  companyId: string;
  /** 1, 2, 3... per company. */
  version: number;
  status: ConsentPolicyStatus;
  /** The policy document, validated by the consent-policy schema given to openStore. */
  body: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  /** Why it was approved despite red findings; null when it had none. */
  approvalReason: string | null;
}

export interface ConsentPolicyRepository {
  /**
   * Opens the next version as a draft. Without a body it starts from the latest version's body.
   * A company has at most one draft: a second is a `conflict` (edit the open one).
   */
  createDraft(
    companyId: string,
    input: { createdBy: string; body?: unknown },
  ): Promise<ConsentPolicyVersion>;
  /** Replaces the body of a draft; an approved version is a `conflict`. */
  updateDraft(
    companyId: string,
    version: number,
    input: { updatedBy: string; body: unknown },
  ): Promise<ConsentPolicyVersion>;
  /**
   * Approves a draft, recording who, when and, when given, why despite red findings; approving
   * an approved version is a `conflict`.
   */
  approve(
    companyId: string,
    version: number,
    input: { approvedBy: string; reason?: string },
  ): Promise<ConsentPolicyVersion>;
  get(companyId: string, version: number): Promise<ConsentPolicyVersion | null>;
  /** Every version, newest first. */
  list(companyId: string): Promise<ConsentPolicyVersion[]>;
  /** The approved version with the highest number: the policy in force. */
  latestApproved(companyId: string): Promise<ConsentPolicyVersion | null>;
  draft(companyId: string): Promise<ConsentPolicyVersion | null>;
}

/**
 * The consent_policies table: numbered versions, draft then approved.
 * @example const draft = await store.consentPolicies.createDraft('acme', { createdBy: 'ana', body });
 */
export function consentPolicyRepository(ctx: RepositoryContext): ConsentPolicyRepository {
  const { db } = ctx;
  const toVersion = (row: ConsentPolicyTable): ConsentPolicyVersion => ({
    ...camelRow(row),
    version: Number(row.version),
    status: ConsentPolicyStatus.parse(row.status),
    body: parseStored(ctx.consentPolicyBody, row.body, `consent policy version ${row.version}`),
  });
  const parseBody = (body: unknown) =>
    validateInput(
      ctx.consentPolicyBody,
      asJson(body, 'consent policy body'),
      'consent policy body',
    );
  const base = (companyId: string) =>
    db.selectFrom('consent_policies').selectAll().where('company_id', '=', companyId);
  const get = (companyId: string, version: number) =>
    readFirst(base(companyId).where('version', '=', version), toVersion);
  const requireDraft = async (companyId: string, version: number) => {
    const found = await get(companyId, version);
    if (found === null) {
      throw new StoreError('not_found', `consent policy version ${version} does not exist`, {
        field: 'version',
      });
    }
    if (found.status !== 'draft') {
      throw new StoreError(
        'conflict',
        `consent policy version ${version} is approved and can no longer change: open a new draft`,
        { field: 'version' },
      );
    }
    return found;
  };
  return {
    async createDraft(companyId, input) {
      const { createdBy, body } = validateInput(
        z.strictObject({ createdBy: Person, body: z.unknown().optional() }),
        input,
        'consent policy draft',
      );
      await requireCompany(ctx, companyId);
      return inTransaction(db, async (trx) => {
        const rows = await trx
          .selectFrom('consent_policies')
          .selectAll()
          .where('company_id', '=', companyId)
          .orderBy('version', 'desc')
          .execute();
        const open = rows.find((r) => r.status === 'draft');
        if (open !== undefined) {
          throw new StoreError(
            'conflict',
            `consent policy version ${open.version} is already a draft: edit it or approve it first`,
            { field: 'version' },
          );
        }
        const latest = rows[0];
        let parsedBody: Record<string, unknown>;
        if (body !== undefined) parsedBody = parseBody(body);
        else if (latest !== undefined) parsedBody = toVersion(latest).body;
        else {
          throw new StoreError(
            'invalid_input',
            'invalid consent policy draft: body: required for the first version',
            {
              field: 'body',
            },
          );
        }
        const now = ctx.now();
        const row: ConsentPolicyTable = {
          id: newId(),
          company_id: companyId,
          version: latest === undefined ? 1 : Number(latest.version) + 1,
          status: 'draft',
          body: JSON.stringify(parsedBody),
          created_by: createdBy,
          created_at: now,
          updated_by: createdBy,
          updated_at: now,
          approved_by: null,
          approved_at: null,
          approval_reason: null,
        };
        return toVersion(await insertRow(trx, 'consent_policies', row));
      });
    },
    async updateDraft(companyId, version, input) {
      const { updatedBy, body } = validateInput(
        z.strictObject({ updatedBy: Person, body: z.unknown() }),
        input,
        'consent policy edit',
      );
      const parsedBody = parseBody(body);
      const draft = await requireDraft(companyId, version);
      const now = ctx.now();
      await db
        .updateTable('consent_policies')
        .set({ body: JSON.stringify(parsedBody), updated_by: updatedBy, updated_at: now })
        .where('id', '=', draft.id)
        .where('status', '=', 'draft')
        .execute();
      return { ...draft, body: parsedBody, updatedBy, updatedAt: now };
    },
    async approve(companyId, version, input) {
      const { approvedBy, reason } = validateInput(
        z.strictObject({
          approvedBy: Person,
          reason: z.string().trim().min(1).max(2000).optional(),
        }),
        input,
        'consent policy approval',
      );
      const draft = await requireDraft(companyId, version);
      const now = ctx.now();
      const approvalReason = reason ?? null;
      await db
        .updateTable('consent_policies')
        .set({
          status: 'approved',
          approved_by: approvedBy,
          approved_at: now,
          approval_reason: approvalReason,
        })
        .where('id', '=', draft.id)
        .where('status', '=', 'draft')
        .execute();
      return { ...draft, status: 'approved', approvedBy, approvedAt: now, approvalReason };
    },
    get,
    list: (companyId) => readAll(base(companyId).orderBy('version', 'desc'), toVersion),
    latestApproved: (companyId) =>
      readFirst(
        base(companyId).where('status', '=', 'approved').orderBy('version', 'desc').limit(1),
        toVersion,
      ),
    draft: (companyId) => readFirst(base(companyId).where('status', '=', 'draft'), toVersion),
  };
}
