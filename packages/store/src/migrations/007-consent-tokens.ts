import type { Kysely, Migration } from 'kysely';

/**
 * The consent page's links: one random token per participant per meeting, kept only as its
 * SHA-256 (a copy of the database answers for nobody), with the per-page form token that makes
 * the page's POST CSRF-safe without a session. The outbox learns when an email is due
 * (`not_before`: a notice waits for the policy's lead time) and which meeting and participant a
 * notice is for, so the scheduler sends only what is due and the evidence names the participant.
 */
export const consentTokens: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('consent_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('company_id', 'text', (c) =>
        c.notNull().references('companies.id').onDelete('cascade'),
      )
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('participant_id', 'text', (c) => c.notNull())
      .addColumn('form_token', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('consent_tokens_participant')
      .on('consent_tokens')
      .columns(['company_id', 'meeting_id', 'participant_id'])
      .unique()
      .execute();
    await db.schema.alterTable('email_outbox').addColumn('not_before', 'text').execute();
    await db.schema.alterTable('email_outbox').addColumn('meeting_id', 'text').execute();
    await db.schema.alterTable('email_outbox').addColumn('participant_id', 'text').execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('email_outbox').dropColumn('participant_id').execute();
    await db.schema.alterTable('email_outbox').dropColumn('meeting_id').execute();
    await db.schema.alterTable('email_outbox').dropColumn('not_before').execute();
    await db.schema.dropTable('consent_tokens').execute();
  },
};
