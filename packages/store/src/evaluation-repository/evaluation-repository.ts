import { Report, ReportSummary } from '@capture-doctor/domain';
import { z } from 'zod';
import type { EvaluationTable } from '../database/database.js';
import type { HistoryPage } from '../history-page/history-page.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import {
  type MemberIconEntry,
  readMemberIcons,
  writeMemberIcons,
} from '../member-icon-history/member-icon-history.js';
import { newId } from '../new-id/new-id.js';
import { newestFirst } from '../paging/newest-first.js';
import { readFirst } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

export const NewEvaluation = z.strictObject({
  snapshotId: z.string().min(1),
  report: Report,
});
export type NewEvaluation = z.input<typeof NewEvaluation>;

/** A stored Report, linked to the snapshot it was computed from. */
export interface StoredEvaluation {
  id: string;
  companyId: string;
  snapshotId: string;
  createdAt: string;
  report: Report;
}

/** An evaluation in a history list: its summary, without the full report. */
export type EvaluationEntry = Omit<StoredEvaluation, 'report'> & { summary: ReportSummary };

export interface EvaluationRepository {
  /** Stores a report; the snapshot must belong to the company and `report.companyId` must match. */
  add(companyId: string, input: NewEvaluation): Promise<StoredEvaluation>;
  /**
   * Puts a new report in place of a stored evaluation's (same id, time and snapshot), with its
   * per-member rows: an acknowledgement changes colours without adding a row to any history.
   */
  replaceReport(companyId: string, evaluationId: string, report: Report): Promise<StoredEvaluation>;
  latest(companyId: string): Promise<StoredEvaluation | null>;
  byId(companyId: string, evaluationId: string): Promise<StoredEvaluation | null>;
  /** Newest first. */
  history(companyId: string, page?: HistoryPage): Promise<EvaluationEntry[]>;
  /**
   * One member's icon colours in the evaluations that listed them, newest first, read from
   * their own indexed rows (never the reports). `page.before` is the last evaluationId of the
   * previous page; `page.limit` counts this member's entries.
   */
  memberHistory(
    companyId: string,
    memberId: string,
    page?: HistoryPage,
  ): Promise<MemberIconEntry[]>;
}

/**
 * The evaluations table; every report is kept.
 * @example await store.evaluations.add('acme', { snapshotId: stored.id, report });
 */
export function evaluationRepository(ctx: RepositoryContext): EvaluationRepository {
  const { db } = ctx;
  const base = (companyId: string) =>
    db.selectFrom('evaluations').where('company_id', '=', companyId);
  return {
    async add(companyId, input) {
      const parsed = validateInput(NewEvaluation, input, 'evaluation');
      if (parsed.report.companyId !== companyId) {
        throw new StoreError(
          'invalid_input',
          `invalid evaluation: report.companyId is "${parsed.report.companyId}" but it is stored for company "${companyId}"`,
          { field: 'report.companyId' },
        );
      }
      const snapshot = await db
        .selectFrom('capture_snapshots')
        .select('taken_at')
        .where('company_id', '=', companyId)
        .where('id', '=', parsed.snapshotId)
        .executeTakeFirst();
      if (snapshot === undefined) {
        throw new StoreError('not_found', `snapshot "${parsed.snapshotId}" does not exist`, {
          field: 'snapshotId',
        });
      }
      const row: EvaluationTable = {
        id: newId(),
        company_id: companyId,
        snapshot_id: parsed.snapshotId,
        created_at: ctx.now(),
        summary: JSON.stringify(parsed.report.summary),
        report: JSON.stringify(parsed.report),
      };
      // The report and its per-member rows are written together or not at all.
      return inTransaction(db, async (trx) => {
        await insertRow(trx, 'evaluations', row);
        const { company_id, created_at } = row;
        const evaluation = { company_id, evaluation_id: row.id, created_at };
        await writeMemberIcons(trx, { ...evaluation, taken_at: snapshot.taken_at }, parsed.report);
        return toStored(row);
      });
    },
    async replaceReport(companyId, evaluationId, input) {
      const { report } = validateInput(
        NewEvaluation.pick({ report: true }),
        { report: input },
        'evaluation',
      );
      if (report.companyId !== companyId) {
        throw new StoreError(
          'invalid_input',
          `invalid evaluation: report.companyId is "${report.companyId}" but it is stored for company "${companyId}"`,
          { field: 'report.companyId' },
        );
      }
      return inTransaction(db, async (trx) => {
        const found = await trx
          .selectFrom('evaluations')
          .innerJoin('capture_snapshots', 'capture_snapshots.id', 'evaluations.snapshot_id')
          .select([
            'evaluations.created_at',
            'evaluations.snapshot_id',
            'capture_snapshots.taken_at',
          ])
          .where('evaluations.company_id', '=', companyId)
          .where('evaluations.id', '=', evaluationId)
          .executeTakeFirst();
        if (found === undefined) {
          throw new StoreError('not_found', `evaluation "${evaluationId}" does not exist`, {
            field: 'evaluationId',
          });
        }
        const changed = { summary: JSON.stringify(report.summary), report: JSON.stringify(report) };
        await trx.updateTable('evaluations').set(changed).where('id', '=', evaluationId).execute();
        await trx
          .deleteFrom('member_icon_history')
          .where('evaluation_id', '=', evaluationId)
          .execute();
        const evaluation = {
          company_id: companyId,
          evaluation_id: evaluationId,
          created_at: found.created_at,
          taken_at: found.taken_at,
        };
        await writeMemberIcons(trx, evaluation, report);
        return toStored({
          id: evaluationId,
          company_id: companyId,
          snapshot_id: found.snapshot_id,
          created_at: found.created_at,
          ...changed,
        });
      });
    },
    async latest(companyId) {
      const [row] = await newestFirst(base(companyId).selectAll(), { limit: 1 }, 'evaluation');
      return row === undefined ? null : toStored(row);
    },
    byId: (companyId, evaluationId) =>
      readFirst(base(companyId).selectAll().where('id', '=', evaluationId), toStored),
    async history(companyId, page = {}) {
      const columns = ['id', 'company_id', 'snapshot_id', 'created_at', 'summary'] as const;
      const rows = await newestFirst(base(companyId).select(columns), page, 'evaluation');
      return rows.map((row) => ({
        ...camelRow(row, 'summary'),
        summary: parseStored(ReportSummary, row.summary, `summary of evaluation ${row.id}`),
      }));
    },
    memberHistory: async (companyId, memberId, page = {}) =>
      readMemberIcons(db, companyId, memberId, page),
  };
}

function toStored(row: EvaluationTable): StoredEvaluation {
  const report = parseStored(Report, row.report, `evaluation ${row.id}`);
  return { ...camelRow(row, 'summary', 'report'), report };
}
