// @internal: the member_icon_history table, written with each evaluation and read by
// `evaluations.memberHistory`.
import { MemberIcons, type Report } from '@capture-doctor/domain';
import type { Kysely } from 'kysely';
import type { Database, MemberIconHistoryTable } from '../database/database.js';
import { HistoryPage } from '../history-page/history-page.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { StoreError } from '../store-error/store-error.js';
import { validateInput } from '../validate-input/validate-input.js';

/** A member's icon colours in one evaluation. */
export interface MemberIconEntry {
  evaluationId: string;
  /** When the evaluation was stored (its createdAt). */
  createdAt: string;
  /** When the evaluated snapshot was taken, when it says. */
  takenAt: string | null;
  icons: MemberIcons;
}

/**
 * Writes one row per member of a stored evaluation (the first entry of a member listed twice).
 * @example await writeMemberIcons(trx, { company_id, evaluation_id, created_at, taken_at }, report);
 */
export async function writeMemberIcons(
  db: Kysely<Database>,
  evaluation: Omit<MemberIconHistoryTable, 'member_id' | keyof MemberIcons>,
  report: Report,
): Promise<void> {
  const rows = new Map<string, MemberIconHistoryTable>();
  for (const { id, icons } of report.members) {
    if (!rows.has(id)) rows.set(id, { ...evaluation, member_id: id, ...icons });
  }
  await insertRows(db, 'member_icon_history', [...rows.values()]);
}

/**
 * One member's icons in the evaluations that listed them, newest first, `page.limit` entries
 * older than the evaluation `page.before` (the last evaluationId of the previous page).
 * @example await readMemberIcons(db, 'acme', 'u1', { limit: 20 })
 */
export async function readMemberIcons(
  db: Kysely<Database>,
  companyId: string,
  memberId: string,
  page: HistoryPage,
): Promise<MemberIconEntry[]> {
  const { limit, before } = validateInput(HistoryPage, page, 'history page');
  let rows = db
    .selectFrom('member_icon_history')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('member_id', '=', memberId);
  if (before !== undefined) {
    const anchor = await rows.where('evaluation_id', '=', before).executeTakeFirst();
    if (anchor === undefined) {
      throw new StoreError(
        'not_found',
        `evaluation "${before}" of member "${memberId}" does not exist`,
        {
          field: 'before',
        },
      );
    }
    rows = rows.where((eb) =>
      eb.or([
        eb('created_at', '<', anchor.created_at),
        eb.and([eb('created_at', '=', anchor.created_at), eb('evaluation_id', '<', before)]),
      ]),
    );
  }
  const found = await rows
    .orderBy('created_at', 'desc')
    .orderBy('evaluation_id', 'desc')
    .limit(limit)
    .execute();
  return found.map((row) => ({
    evaluationId: row.evaluation_id,
    createdAt: row.created_at,
    takenAt: row.taken_at,
    icons: MemberIcons.parse({
      microphone: row.microphone,
      calendar: row.calendar,
      email: row.email,
    }),
  }));
}
