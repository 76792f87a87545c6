import type { Kysely, Migration } from 'kysely';

// Migrations take `Kysely<unknown>`: they must not depend on today's table types or schemas.

interface EvaluationRow {
  id: string;
  company_id: string;
  snapshot_id: string;
  created_at: string;
  report: string;
}

/** A member_icon_history row as this migration writes it. */
type IconRow = Record<string, string | null>;

interface Tables {
  evaluations: EvaluationRow;
  capture_snapshots: { id: string; taken_at: string | null };
  member_icon_history: IconRow;
}

interface StoredReport {
  members: Array<{ id: string; icons: { microphone: string; calendar: string; email: string } }>;
}

const ROWS_PER_STATEMENT = 200;

/**
 * Each evaluation's icon colours per member get rows of their own, so a member's history reads
 * a few small indexed rows instead of every full report. Existing evaluations are filled in,
 * one report in memory at a time.
 */
export const memberIconHistory: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('member_icon_history')
      .addColumn('company_id', 'text', (c) =>
        c.notNull().references('companies.id').onDelete('cascade'),
      )
      .addColumn('evaluation_id', 'text', (c) =>
        c.notNull().references('evaluations.id').onDelete('cascade'),
      )
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('taken_at', 'text')
      .addColumn('microphone', 'text', (c) => c.notNull())
      .addColumn('calendar', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('member_icon_history_pk', ['evaluation_id', 'member_id'])
      .execute();
    await db.schema
      .createIndex('member_icon_history_member')
      .on('member_icon_history')
      .columns(['company_id', 'member_id', 'created_at', 'evaluation_id'])
      .execute();

    const tables = db as unknown as Kysely<Tables>;
    const evaluations = await tables.selectFrom('evaluations').select('id').execute();
    for (const { id } of evaluations) await fill(tables, id);
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('member_icon_history').execute();
  },
};

async function fill(db: Kysely<Tables>, evaluationId: string): Promise<void> {
  const evaluation = await db
    .selectFrom('evaluations')
    .leftJoin('capture_snapshots', 'capture_snapshots.id', 'evaluations.snapshot_id')
    .select([
      'evaluations.company_id',
      'evaluations.created_at',
      'evaluations.report',
      'capture_snapshots.taken_at',
    ])
    .where('evaluations.id', '=', evaluationId)
    .executeTakeFirstOrThrow();
  const report = JSON.parse(evaluation.report) as StoredReport;
  const seen = new Set<string>();
  const rows: IconRow[] = [];
  for (const member of report.members) {
    // A report lists each member once; were one listed twice, its first entry is the one shown.
    if (seen.has(member.id)) continue;
    seen.add(member.id);
    rows.push({
      company_id: evaluation.company_id,
      evaluation_id: evaluationId,
      member_id: member.id,
      created_at: evaluation.created_at,
      taken_at: evaluation.taken_at,
      ...member.icons,
    });
  }
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    await db
      .insertInto('member_icon_history')
      .values(rows.slice(at, at + ROWS_PER_STATEMENT))
      .execute();
  }
}
