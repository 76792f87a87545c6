import type { Kysely, Migration } from 'kysely';

/**
 * Approving a consent policy despite red findings needs a reason, kept with the version; and a
 * company names the jurisdictions its meetings usually reach, the ones approval checks the
 * draft against when no meeting tells.
 */
export const policyApproval: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('consent_policies').addColumn('approval_reason', 'text').execute();
    await db.schema
      .createTable('usual_jurisdictions')
      .addColumn('company_id', 'text', (c) =>
        c.notNull().references('companies.id').onDelete('cascade'),
      )
      .addColumn('jurisdiction', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('usual_jurisdictions_pk', ['company_id', 'jurisdiction'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('usual_jurisdictions').execute();
    await db.schema.alterTable('consent_policies').dropColumn('approval_reason').execute();
  },
};
