import type { Kysely, Migration } from 'kysely';

/**
 * A read is now audited before it is sent (outcome `started`) and completed after; a run killed
 * mid-read leaves `started` rows that the next sync marks `interrupted`. Finding them must not
 * scan a company's whole trail.
 */
export const readStarted: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('ingestion_audit_company_outcome')
      .on('ingestion_audit')
      .columns(['company_id', 'outcome'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('ingestion_audit_company_outcome').execute();
  },
};
