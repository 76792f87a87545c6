import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { validateInput } from '../validate-input/validate-input.js';

/** An email domain (`customer.de`), lower-case. */
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(253)
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain such as customer.de');

/** A company's map from a participant's email domain to the ISO 3166 code of their law. */
export const JurisdictionMap = z
  .record(
    Domain,
    z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as DE or US-CA'),
  )
  .refine((map) => Object.keys(map).length <= 5000, 'at most 5000 domains');
export type JurisdictionMap = z.output<typeof JurisdictionMap>;

export interface JurisdictionMapRepository {
  /** Every domain of the company with its code, sorted by domain. */
  get(companyId: string): Promise<JurisdictionMap>;
  /** Replaces the whole map. */
  replace(companyId: string, map: z.input<typeof JurisdictionMap>): Promise<JurisdictionMap>;
}

/**
 * The jurisdiction_map table: where a participant is when the caller does not say.
 * @example await store.jurisdictionMap.replace('acme', { 'customer.de': 'DE' })
 */
export function jurisdictionMapRepository(ctx: RepositoryContext): JurisdictionMapRepository {
  const { db } = ctx;
  const get = async (companyId: string): Promise<JurisdictionMap> => {
    const rows = await db
      .selectFrom('jurisdiction_map')
      .select(['domain', 'jurisdiction'])
      .where('company_id', '=', companyId)
      .orderBy('domain')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.domain, r.jurisdiction]));
  };
  return {
    get,
    async replace(companyId, input) {
      const map = validateInput(JurisdictionMap, input, 'jurisdiction map');
      await requireCompany(ctx, companyId);
      const now = ctx.now();
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('jurisdiction_map').where('company_id', '=', companyId).execute();
        await insertRows(
          trx,
          'jurisdiction_map',
          Object.entries(map).map(([domain, jurisdiction]) => ({
            company_id: companyId,
            domain,
            jurisdiction,
            updated_at: now,
          })),
        );
      });
      return get(companyId);
    },
  };
}
