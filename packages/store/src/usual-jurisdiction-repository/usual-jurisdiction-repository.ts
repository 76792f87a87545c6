import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { inTransaction } from '../repository-context/repository-context.js';
import { validateInput } from '../validate-input/validate-input.js';

/** An ISO 3166 code: a country (`DE`) or a subdivision (`US-CA`). */
const Jurisdiction = z
  .string()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as US-CA, DE or AU-NSW');

export interface UsualJurisdictionRepository {
  /** The company's usual jurisdictions, sorted. */
  list(companyId: string): Promise<string[]>;
  /** Replaces the whole list (duplicates are kept once). */
  replace(companyId: string, jurisdictions: readonly string[]): Promise<string[]>;
}

/**
 * The usual_jurisdictions table: where a company's meetings usually reach, as its compliance
 * officer says; approving a consent policy checks the draft against them.
 * @example await store.usualJurisdictions.replace('acme', ['DE', 'US-CA'])
 */
export function usualJurisdictionRepository(ctx: RepositoryContext): UsualJurisdictionRepository {
  const { db } = ctx;
  const list = async (companyId: string) =>
    (
      await db
        .selectFrom('usual_jurisdictions')
        .select('jurisdiction')
        .where('company_id', '=', companyId)
        .orderBy('jurisdiction')
        .execute()
    ).map((row) => row.jurisdiction);
  return {
    list,
    async replace(companyId, jurisdictions) {
      const parsed = validateInput(
        z.array(Jurisdiction).max(500),
        [...jurisdictions],
        'usual jurisdictions',
      );
      await requireCompany(ctx, companyId);
      const rows = [...new Set(parsed)].map((jurisdiction) => ({
        company_id: companyId,
        jurisdiction,
      }));
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('usual_jurisdictions').where('company_id', '=', companyId).execute();
        if (rows.length > 0) await trx.insertInto('usual_jurisdictions').values(rows).execute();
      });
      return list(companyId);
    },
  };
}
