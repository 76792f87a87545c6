import { type Kysely, type Migration, type MigrationResult, Migrator } from 'kysely';
import { StoreError } from '../store-error/store-error.js';
import { initial } from './001-initial.js';
import { readOutcome } from './002-read-outcome.js';
import { memberIconHistory } from './003-member-icon-history.js';
import { sessions } from './004-sessions.js';
import { readStarted } from './005-read-started.js';
import { meetings } from './006-meetings.js';
import { consentTokens } from './007-consent-tokens.js';
import { policyApproval } from './008-policy-approval.js';
import { calendarMeetings } from './009-calendar-meetings.js';
import { syncSchedules } from './010-sync-schedules.js';
import { alerts } from './011-alerts.js';
import { meetingCancelled } from './014-meeting-cancelled.js';
import { cancelledConsentState } from './015-cancelled-consent-state.js';
import { syncCancelRequest } from './016-sync-cancel-request.js';

/** Every migration, by its numbered name; kysely applies them in name order. Append, never edit. */
export const migrations: Readonly<Record<string, Migration>> = {
  '001-initial': initial,
  '002-read-outcome': readOutcome,
  '003-member-icon-history': memberIconHistory,
  '004-sessions': sessions,
  '005-read-started': readStarted,
  '006-meetings': meetings,
  '007-consent-tokens': consentTokens,
  '008-policy-approval': policyApproval,
  '009-calendar-meetings': calendarMeetings,
  '010-sync-schedules': syncSchedules,
  '011-alerts': alerts,
  '014-meeting-cancelled': meetingCancelled,
  '015-cancelled-consent-state': cancelledConsentState,
  '016-sync-cancel-request': syncCancelRequest,
};

/** What one start did to the schema. */
export interface MigrationSummary {
  /** Migrations applied by this start, in order; empty when the schema was already current. */
  applied: string[];
  /** Every migration the schema now has. */
  current: string[];
}

/**
 * Brings the schema up to the latest migration; running it again changes nothing.
 * @example const { applied } = await migrateToLatest(db);
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  list: Readonly<Record<string, Migration>> = migrations,
  /** PostgreSQL: the schema that keeps the migrations' bookkeeping (the connection's own). */
  schema?: string,
): Promise<MigrationSummary> {
  const migrator = new Migrator({
    db,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    provider: { getMigrations: async () => ({ ...list }) },
    // Branches add numbered migrations in parallel: a database that already has 005 must still
    // take a 004 merged later, so pending migrations run even when a later one is applied.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    const name = failed?.migrationName ?? 'unknown';
    throw new StoreError('migration_failed', `migration ${name} failed: ${describe(error)}`, {
      cause: error,
    });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const current = (await migrator.getMigrations())
    .filter((m) => m.executedAt !== undefined)
    .map((m) => m.name);
  return { applied, current };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
