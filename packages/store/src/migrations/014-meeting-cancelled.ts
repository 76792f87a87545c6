import type { Kysely, Migration } from 'kysely';

/**
 * When a meeting was called off: a calendar meeting cancelled or gone from the calendars keeps
 * its row and its evidence, but sends no notice and is not recorded.
 */
export const meetingCancelled: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('meetings').addColumn('cancelled_at', 'text').execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('meetings').dropColumn('cancelled_at').execute();
  },
};
