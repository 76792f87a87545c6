import { z } from 'zod';
import { EntityId, requireCompany } from '../company-repository/company-repository.js';
import { inChunks } from '../insert-rows/insert-rows.js';
import { readAll, readFirst } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { validateInput } from '../validate-input/validate-input.js';

export const TeamMemberInput = z.strictObject({
  id: EntityId,
  email: z.string().trim().min(3).max(320),
  name: z.string().trim().max(200).nullable().default(null),
});
export type TeamMemberInput = z.input<typeof TeamMemberInput>;

export interface TeamMember {
  companyId: string;
  id: string;
  email: string;
  name: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MemberRepository {
  /** Adds a member or updates its email and name; the id is the provider's member id. */
  upsert(companyId: string, member: TeamMemberInput): Promise<TeamMember>;
  /** Upserts many members in one transaction: all or nothing. */
  upsertMany(companyId: string, members: readonly TeamMemberInput[]): Promise<number>;
  get(companyId: string, memberId: string): Promise<TeamMember | null>;
  list(companyId: string): Promise<TeamMember[]>;
  /** Removes a member row; history (evaluations, acknowledgements, audit) is kept. */
  remove(companyId: string, memberId: string): Promise<boolean>;
}

/**
 * The team_members table.
 * @example await store.members.upsert('acme', { id: 'u1', email: 'ana@acme.example' });
 */
export function memberRepository(ctx: RepositoryContext): MemberRepository {
  const { db } = ctx;
  const ofCompany = (companyId: string) =>
    db.selectFrom('team_members').selectAll().where('company_id', '=', companyId);
  const get = (companyId: string, memberId: string) =>
    readFirst(ofCompany(companyId).where('id', '=', memberId), camelRow);
  const upsertMany = async (companyId: string, members: readonly TeamMemberInput[]) => {
    const parsed = validateInput(z.array(TeamMemberInput), members, 'team members');
    await requireCompany(ctx, companyId);
    const now = ctx.now();
    // A member given twice keeps its last values: one statement may not upsert a row twice.
    const latest = new Map(parsed.map((member) => [member.id, member]));
    const rows = [...latest.values()].map((member) => ({
      company_id: companyId,
      ...member,
      created_at: now,
      updated_at: now,
    }));
    await inTransaction(db, async (trx) => {
      for (const chunk of inChunks(rows)) {
        await trx
          .insertInto('team_members')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['company_id', 'id']).doUpdateSet((eb) => ({
              email: eb.ref('excluded.email'),
              name: eb.ref('excluded.name'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    });
    return parsed.length;
  };
  return {
    async upsert(companyId, member) {
      const parsed = validateInput(TeamMemberInput, member, 'team member');
      await upsertMany(companyId, [parsed]);
      return (await get(companyId, parsed.id))!;
    },
    upsertMany,
    get,
    list: (companyId) => readAll(ofCompany(companyId).orderBy('email').orderBy('id'), camelRow),
    async remove(companyId, memberId) {
      const result = await db
        .deleteFrom('team_members')
        .where('company_id', '=', companyId)
        .where('id', '=', memberId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
