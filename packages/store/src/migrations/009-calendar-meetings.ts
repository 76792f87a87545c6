import type { Kysely, Migration } from 'kysely';

/**
 * Upcoming meetings read from the members' calendars by each sync, one row per meeting (the
 * same meeting on several calendars is one row, keyed by its iCalUID and occurrence), with the
 * verdict of the meeting rules; and which members' calendars hold it, to list a member's
 * meetings without reading every row.
 */
export const calendarMeetings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('calendar_meetings')
      .addColumn('company_id', 'text', (c) =>
        c.notNull().references('companies.id').onDelete('cascade'),
      )
      .addColumn('meeting_key', 'text', (c) => c.notNull())
      .addColumn('ical_uid', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('host_member_id', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('synced_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('calendar_meetings_pk', ['company_id', 'meeting_key'])
      .execute();
    await db.schema
      .createIndex('calendar_meetings_start')
      .on('calendar_meetings')
      .columns(['company_id', 'starts_at', 'meeting_key'])
      .execute();
    await db.schema
      .createTable('calendar_meeting_members')
      .addColumn('company_id', 'text', (c) => c.notNull())
      .addColumn('meeting_key', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('calendar_meeting_members_pk', [
        'company_id',
        'member_id',
        'meeting_key',
      ])
      .addForeignKeyConstraint(
        'calendar_meeting_members_meeting',
        ['company_id', 'meeting_key'],
        'calendar_meetings',
        ['company_id', 'meeting_key'],
        (c) => c.onDelete('cascade'),
      )
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('calendar_meeting_members').execute();
    await db.schema.dropTable('calendar_meetings').execute();
  },
};
