import type { Kysely, Migration } from 'kysely';

/**
 * Live recording consent: meetings registered by a bot integration, their participants, the
 * consent machine's persisted snapshot per meeting, each company's domain → jurisdiction map,
 * and a per-meeting hash chain over the consent evidence so that an edited or removed row shows.
 */
export const meetings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('meetings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('company_id', 'text', (c) =>
        c.notNull().references('companies.id').onDelete('cascade'),
      )
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('conference_url', 'text', (c) => c.notNull())
      .addColumn('host_member_id', 'text')
      .addColumn('recorder_name', 'text', (c) => c.notNull())
      .addColumn('policy_version', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('consent_state', 'text', (c) => c.notNull())
      .addColumn('evidence_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('evidence_hash', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('meetings_company_starts')
      .on('meetings')
      .columns(['company_id', 'starts_at', 'id'])
      .execute();

    await db.schema
      .createTable('meeting_participants')
      .addColumn('meeting_id', 'text', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('internal', 'integer', (c) => c.notNull())
      .addColumn('jurisdiction', 'text')
      .addPrimaryKeyConstraint('meeting_participants_pk', ['meeting_id', 'id'])
      .addUniqueConstraint('meeting_participants_email_unique', ['meeting_id', 'email'])
      .execute();

    await db.schema
      .createTable('jurisdiction_map')
      .addColumn('company_id', 'text', (c) =>
        c.notNull().references('companies.id').onDelete('cascade'),
      )
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('jurisdiction', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('jurisdiction_map_pk', ['company_id', 'domain'])
      .execute();

    await db.schema.alterTable('consent_evidence').addColumn('seq', 'integer').execute();
    await db.schema.alterTable('consent_evidence').addColumn('prev_hash', 'text').execute();
    await db.schema.alterTable('consent_evidence').addColumn('hash', 'text').execute();
    await db.schema
      .createIndex('consent_evidence_chain')
      .on('consent_evidence')
      .columns(['company_id', 'meeting_id', 'seq'])
      .unique()
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('consent_evidence_chain').execute();
    for (const column of ['hash', 'prev_hash', 'seq']) {
      await db.schema.alterTable('consent_evidence').dropColumn(column).execute();
    }
    await db.schema.dropTable('jurisdiction_map').execute();
    await db.schema.dropTable('meeting_participants').execute();
    await db.schema.dropTable('meetings').execute();
  },
};
