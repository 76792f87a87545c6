import type { Kysely, Migration } from 'kysely';

/**
 * When a running sync was asked to stop: the request reaches the process running it, whichever
 * it is, at its next save, and a run taken over from a dead process ends as asked.
 */
export const syncCancelRequest: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sync_runs').addColumn('cancel_requested_at', 'text').execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('sync_runs').dropColumn('cancel_requested_at').execute();
  },
};
