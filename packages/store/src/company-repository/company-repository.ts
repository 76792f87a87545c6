import { z } from 'zod';
import { insertRow } from '../insert-rows/insert-rows.js';
import { newId } from '../new-id/new-id.js';
import { oldestFirst } from '../paging/oldest-first.js';
import { readAll, readFirst } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { validateInput } from '../validate-input/validate-input.js';

/** An id callers may choose (e.g. `demo`); otherwise the store makes one. */
export const EntityId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only');

export const NewCompany = z.strictObject({
  id: EntityId.optional(),
  name: z.string().trim().min(1).max(200),
});
export type NewCompany = z.input<typeof NewCompany>;

export interface Company {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyRepository {
  /** Creates a company; a taken id is a `conflict`. */
  create(input: NewCompany): Promise<Company>;
  get(id: string): Promise<Company | null>;
  list(): Promise<Company[]>;
  rename(id: string, name: string): Promise<Company>;
}

/**
 * The companies table.
 * @example const acme = await store.companies.create({ name: 'Acme' });
 */
export function companyRepository(ctx: RepositoryContext): CompanyRepository {
  const { db } = ctx;
  const companies = () => db.selectFrom('companies').selectAll();
  const get = (id: string): Promise<Company | null> =>
    readFirst(companies().where('id', '=', id), camelRow);
  return {
    async create(input) {
      const parsed = validateInput(NewCompany, input, 'company');
      const id = parsed.id ?? newId();
      if ((await get(id)) !== null) {
        throw new StoreError('conflict', `company "${id}" already exists`, { field: 'id' });
      }
      const now = ctx.now();
      const row = { id, name: parsed.name, created_at: now, updated_at: now };
      return camelRow(await insertRow(db, 'companies', row));
    },
    get,
    list: () => readAll(oldestFirst(companies()), camelRow),
    async rename(id, name) {
      const parsed = validateInput(NewCompany.pick({ name: true }), { name }, 'company');
      const result = await db
        .updateTable('companies')
        .set({ name: parsed.name, updated_at: ctx.now() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound(id);
      return (await get(id))!;
    },
  };
}

/**
 * The not-found error for a company id.
 * @example throw companyNotFound('acme');
 */
export function companyNotFound(id: string): StoreError {
  return new StoreError('not_found', `company "${id}" does not exist`, { field: 'companyId' });
}

const notFound = companyNotFound;

/**
 * Throws `not_found` unless the company exists; repositories call it before writing company data.
 * @example await requireCompany(ctx, companyId);
 */
export async function requireCompany(ctx: RepositoryContext, companyId: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('companies')
    .select('id')
    .where('id', '=', companyId)
    .executeTakeFirst();
  if (row === undefined) throw companyNotFound(companyId);
}

/**
 * Runs `write` and turns the database's foreign-key refusal into the company's not-found error:
 * for a table whose only foreign key is its company, one statement instead of asking first.
 * @example return orCompanyNotFound(ctx, companyId, () => insertRows(ctx.db, 'ingestion_audit', rows));
 */
export async function orCompanyNotFound<T>(
  ctx: RepositoryContext,
  companyId: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (ctx.isForeignKeyViolation(error)) throw companyNotFound(companyId);
    throw error;
  }
}
