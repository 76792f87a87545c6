import type { Kysely, Migration } from 'kysely';

/**
 * Each company's sync schedule: a cron expression in a time zone, on or off, and the moment up
 * to which the scheduler has already started syncs, so that several workers reading the same
 * schedule start each due sync once.
 */
export const syncSchedules: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sync_schedules')
      .addColumn('company_id', 'text', (c) =>
        c.primaryKey().references('companies.id').onDelete('cascade'),
      )
      .addColumn('cron', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('covered_until', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('sync_schedules').execute();
  },
};
