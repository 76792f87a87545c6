import type { Kysely, Migration } from 'kysely';

// Migrations take `Kysely<unknown>`: they must not depend on today's table types.
const LEGACY_FAILED_SUFFIX = ':failed';

interface AuditRow {
  id: string;
  read_kind: string;
}

/**
 * The ingestion audit says whether each read was answered, and the error code when it was not.
 * Rows written before this marked a failed read with ":failed" after its kind; they move over.
 */
export const readOutcome: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('ingestion_audit')
      .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('ok'))
      .execute();
    await db.schema.alterTable('ingestion_audit').addColumn('error_code', 'text').execute();
    const audit = db as unknown as Kysely<{ ingestion_audit: AuditRow & { outcome: string } }>;
    const legacy = await audit
      .selectFrom('ingestion_audit')
      .select(['id', 'read_kind'])
      .where('read_kind', 'like', `%${LEGACY_FAILED_SUFFIX}`)
      .execute();
    for (const row of legacy) {
      await audit
        .updateTable('ingestion_audit')
        .set({
          outcome: 'failed',
          read_kind: row.read_kind.slice(0, -LEGACY_FAILED_SUFFIX.length),
        })
        .where('id', '=', row.id)
        .execute();
    }
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('ingestion_audit').dropColumn('error_code').execute();
    await db.schema.alterTable('ingestion_audit').dropColumn('outcome').execute();
  },
};
