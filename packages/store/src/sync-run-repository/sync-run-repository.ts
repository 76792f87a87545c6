import type { Kysely } from 'kysely';
import { z } from 'zod';
import { EntityId, requireCompany } from '../company-repository/company-repository.js';
import type { Database, SyncRunTable } from '../database/database.js';
import { inChunks, insertRow } from '../insert-rows/insert-rows.js';
import { asJson, JsonValue } from '../json-value/json-value.js';
import { newId } from '../new-id/new-id.js';
import { readAll, readFirst } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

export const SyncRunStatus = z.enum(['running', 'completed', 'failed', 'cancelled']);
export type SyncRunStatus = z.infer<typeof SyncRunStatus>;

export interface SyncRun {
  id: string;
  companyId: string;
  status: SyncRunStatus;
  /** Where the sync stands (e.g. the directory page token); opaque to the store. */
  cursor: JsonValue;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** When a stop was asked for (from any process); the run ends `cancelled` at its next save. */
  cancelRequestedAt: string | null;
}

/** What a sync has read for one member so far; opaque to the store. */
export interface SyncMemberResult {
  memberId: string;
  result: JsonValue;
  recordedAt: string;
}

// Progress is checked after asJson, so every value is JSON already: what is left to check is the
// shape, and that a result is there at all (walking each result again as JSON would cost a sync
// a pass over every member).
const JsonPresent = z.custom<JsonValue>((value) => value !== undefined, {
  message: 'expected a JSON value',
});

export const SyncProgress = z.strictObject({
  cursor: JsonPresent.optional(),
  members: z.array(z.strictObject({ memberId: EntityId, result: JsonPresent })).default([]),
});
export type SyncProgress = z.input<typeof SyncProgress>;

export interface SyncRunRepository {
  /** Starts a run; a company with a run still `running` gets a `conflict` (resume it instead). */
  start(companyId: string, input?: { cursor?: unknown }): Promise<SyncRun>;
  /** The company's run left `running` by a crash or a kill, to resume; null when none. */
  resumable(companyId: string): Promise<SyncRun | null>;
  /** Saves member results and the cursor in one transaction, so a kill never splits them. */
  saveProgress(runId: string, progress: SyncProgress): Promise<SyncRun>;
  /**
   * Saves member results like `saveProgress`, answering only whether a stop was asked: what a
   * sync needs after each batch of members, without reading the whole run back.
   */
  saveMemberResults(
    runId: string,
    members: SyncProgress['members'],
  ): Promise<Pick<SyncRun, 'cancelRequestedAt'>>;
  /** Every member result saved so far, by member id. */
  memberResults(runId: string): Promise<SyncMemberResult[]>;
  /** Ends a running run; ending an ended run is a `conflict`. */
  finish(
    runId: string,
    outcome: { status: Exclude<SyncRunStatus, 'running'>; error?: string },
  ): Promise<SyncRun>;
  /**
   * Asks a running run to stop, from any process: the one running it sees it at its next save.
   * False when the run is not running (any more).
   */
  requestCancel(runId: string): Promise<boolean>;
  byId(companyId: string, runId: string): Promise<SyncRun | null>;
  /** Newest first. */
  list(companyId: string, options?: { limit?: number }): Promise<SyncRun[]>;
}

/**
 * The sync_runs and sync_run_members tables: checkpoints that let a killed sync resume.
 * @example const run = (await store.syncRuns.resumable('acme')) ?? (await store.syncRuns.start('acme'));
 */
export function syncRunRepository(ctx: RepositoryContext): SyncRunRepository {
  const { db } = ctx;
  const runs = () => runsIn(db);
  const newestOfCompany = (companyId: string) =>
    runs().where('company_id', '=', companyId).orderBy('started_at', 'desc').orderBy('id', 'desc');
  const get = (runId: string) => readFirst(runs().where('id', '=', runId), toRun);
  const requireRunning = async (runId: string) => {
    const run = await get(runId);
    if (run === null || run.status !== 'running') throw notRunning(runId, run);
    return run;
  };
  // One statement checks the run still runs, keeps it alive and reads whether a stop was asked
  // (a sync saves many times a second); one more per 200 members writes their results.
  const writeProgress = async (
    trx: Kysely<Database>,
    runId: string,
    progress: SyncProgress,
  ): Promise<Pick<SyncRun, 'cancelRequestedAt'>> => {
    const parsed = validateInput(SyncProgress, asJson(progress, 'sync progress'), 'sync progress');
    const now = ctx.now();
    const touched = await trx
      .updateTable('sync_runs')
      .set({
        ...(parsed.cursor !== undefined ? { cursor: JSON.stringify(parsed.cursor) } : {}),
        updated_at: now,
      })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .returning('cancel_requested_at')
      .executeTakeFirst();
    if (touched === undefined) {
      throw notRunning(runId, await readFirst(runsIn(trx).where('id', '=', runId), toRun));
    }
    // A member given twice keeps its last result: one statement may not upsert a row twice.
    const results = new Map(parsed.members.map((m) => [m.memberId, m.result]));
    const rows = [...results].map(([memberId, result]) => ({
      run_id: runId,
      member_id: memberId,
      result: JSON.stringify(result),
      recorded_at: now,
    }));
    for (const chunk of inChunks(rows)) {
      await trx
        .insertInto('sync_run_members')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['run_id', 'member_id']).doUpdateSet((eb) => ({
            result: eb.ref('excluded.result'),
            recorded_at: eb.ref('excluded.recorded_at'),
          })),
        )
        .execute();
    }
    return { cancelRequestedAt: touched.cancel_requested_at };
  };
  const resumable = (companyId: string) =>
    readFirst(newestOfCompany(companyId).where('status', '=', 'running'), toRun);
  return {
    async start(companyId, input = {}) {
      const cursor = validateInput(
        JsonValue,
        asJson(input.cursor ?? null, 'sync cursor'),
        'sync cursor',
      );
      await requireCompany(ctx, companyId);
      return inTransaction(db, async (trx) => {
        const open = await trx
          .selectFrom('sync_runs')
          .select('id')
          .where('company_id', '=', companyId)
          .where('status', '=', 'running')
          .executeTakeFirst();
        if (open !== undefined) {
          throw new StoreError(
            'conflict',
            `sync run "${open.id}" is still running: resume it or finish it`,
            {
              field: 'companyId',
            },
          );
        }
        const now = ctx.now();
        const row: SyncRunTable = {
          id: newId(),
          company_id: companyId,
          status: 'running',
          cursor: JSON.stringify(cursor),
          started_at: now,
          updated_at: now,
          finished_at: null,
          error: null,
          cancel_requested_at: null,
        };
        return toRun(await insertRow(trx, 'sync_runs', row));
      });
    },
    resumable,
    async saveProgress(runId, progress) {
      return inTransaction(db, async (trx) => {
        await writeProgress(trx, runId, progress);
        return (await readFirst(runsIn(trx).where('id', '=', runId), toRun))!;
      });
    },
    saveMemberResults: (runId, members) =>
      inTransaction(db, (trx) => writeProgress(trx, runId, { members })),
    async memberResults(runId) {
      const rows = await db
        .selectFrom('sync_run_members')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('member_id')
        .execute();
      return rows.map((row) => ({
        memberId: row.member_id,
        result: parseStored(JsonValue, row.result, `sync result of member ${row.member_id}`),
        recordedAt: row.recorded_at,
      }));
    },
    async finish(runId, outcome) {
      const parsed = validateInput(FinishOutcome, outcome, 'sync outcome');
      await requireRunning(runId);
      const now = ctx.now();
      await db
        .updateTable('sync_runs')
        .set({
          status: parsed.status,
          error: parsed.error ?? null,
          finished_at: now,
          updated_at: now,
        })
        .where('id', '=', runId)
        .execute();
      return (await get(runId))!;
    },
    async requestCancel(runId) {
      const result = await db
        .updateTable('sync_runs')
        .set({ cancel_requested_at: ctx.now() })
        .where('id', '=', runId)
        .where('status', '=', 'running')
        .where('cancel_requested_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return true;
      return (await get(runId))?.status === 'running';
    },
    async byId(companyId, runId) {
      const run = await get(runId);
      return run !== null && run.companyId === companyId ? run : null;
    },
    async list(companyId, options = {}) {
      const { limit } = validateInput(ListOptions, options, 'sync run query');
      return readAll(newestOfCompany(companyId).limit(limit), toRun);
    },
  };
}

const FinishOutcome = z.strictObject({
  status: SyncRunStatus.exclude(['running']),
  error: z.string().min(1).max(4000).optional(),
});

const ListOptions = z.strictObject({ limit: z.number().int().min(1).max(1000).default(50) });

function runsIn(db: Kysely<Database>) {
  return db.selectFrom('sync_runs').selectAll();
}

/** Why a run cannot be written to: it does not exist, or it has ended. */
function notRunning(runId: string, run: SyncRun | null): StoreError {
  if (run === null) {
    return new StoreError('not_found', `sync run "${runId}" does not exist`, { field: 'runId' });
  }
  return new StoreError('conflict', `sync run "${runId}" has already ended (${run.status})`, {
    field: 'runId',
  });
}

function toRun(row: SyncRunTable): SyncRun {
  return {
    ...camelRow(row),
    status: SyncRunStatus.parse(row.status),
    cursor: parseStored(JsonValue, row.cursor, `cursor of sync run ${row.id}`),
  };
}
