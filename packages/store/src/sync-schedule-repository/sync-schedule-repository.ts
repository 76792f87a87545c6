import { requireCompany } from '../company-repository/company-repository.js';
import type { SyncScheduleTable } from '../database/database.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';

/** A company's sync schedule as stored: when syncs start on their own. */
export interface SyncSchedule {
  companyId: string;
  /** a five-field cron expression, checked by the caller before it is saved */
  cron: string;
  /** an IANA time zone the cron expression is read in */
  timezone: string;
  enabled: boolean;
  /** the scheduler has started every sync due up to this moment */
  coveredUntil: string;
  updatedAt: string;
}

/** What an admin sets. */
export interface SyncScheduleSetting {
  cron: string;
  timezone: string;
  enabled: boolean;
}

export interface SyncScheduleRepository {
  /** The company's schedule, or null while it has none of its own. */
  get(companyId: string): Promise<SyncSchedule | null>;
  /** Every stored schedule, oldest company first. */
  list(): Promise<SyncSchedule[]>;
  /**
   * Sets the schedule; a new one counts as covered up to now, so saving never starts a sync for
   * a moment already past.
   */
  save(companyId: string, setting: SyncScheduleSetting): Promise<SyncSchedule>;
  /** Stores `setting` unless the company already has a schedule; answers the one in force. */
  ensure(companyId: string, setting: SyncScheduleSetting): Promise<SyncSchedule>;
  /**
   * Marks the schedule covered up to `until` if it was covered only up to an earlier moment:
   * true for exactly one caller however many processes claim the same moment together.
   */
  claim(companyId: string, until: string): Promise<boolean>;
}

/**
 * The sync_schedules table: one schedule per company.
 * @example if (await store.syncSchedules.claim('acme', due.toISOString())) await queue.enqueue('acme');
 */
export function syncScheduleRepository(ctx: RepositoryContext): SyncScheduleRepository {
  const { db } = ctx;
  const schedules = () => db.selectFrom('sync_schedules').selectAll();
  // Read back after a write: the row exists (its company's deletion would have failed the write).
  const stored = async (companyId: string) =>
    fromRow(await schedules().where('company_id', '=', companyId).executeTakeFirstOrThrow());
  return {
    async get(companyId) {
      const row = await schedules().where('company_id', '=', companyId).executeTakeFirst();
      return row === undefined ? null : fromRow(row);
    },
    async list() {
      const rows = await schedules().orderBy('company_id').execute();
      return rows.map(fromRow);
    },
    async save(companyId, setting) {
      await requireCompany(ctx, companyId);
      const now = ctx.now();
      const values = { ...toColumns(setting), updated_at: now };
      await db
        .insertInto('sync_schedules')
        .values({ company_id: companyId, covered_until: now, ...values })
        .onConflict((oc) => oc.column('company_id').doUpdateSet(values))
        .execute();
      return stored(companyId);
    },
    async ensure(companyId, setting) {
      await requireCompany(ctx, companyId);
      const now = ctx.now();
      await db
        .insertInto('sync_schedules')
        .values({
          company_id: companyId,
          covered_until: now,
          updated_at: now,
          ...toColumns(setting),
        })
        .onConflict((oc) => oc.column('company_id').doNothing())
        .execute();
      return stored(companyId);
    },
    async claim(companyId, until) {
      const result = await db
        .updateTable('sync_schedules')
        .set({ covered_until: until })
        .where('company_id', '=', companyId)
        .where('covered_until', '<', until)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

function toColumns(setting: SyncScheduleSetting) {
  return { cron: setting.cron, timezone: setting.timezone, enabled: setting.enabled ? 1 : 0 };
}

function fromRow(row: SyncScheduleTable): SyncSchedule {
  return {
    companyId: row.company_id,
    cron: row.cron,
    timezone: row.timezone,
    enabled: row.enabled === 1,
    coveredUntil: row.covered_until,
    updatedAt: row.updated_at,
  };
}
