import { CaptureSnapshot, type CaptureSnapshotInput } from '@capture-doctor/domain';
import { requireCompany } from '../company-repository/company-repository.js';
import type { CaptureSnapshotTable } from '../database/database.js';
import type { HistoryPage } from '../history-page/history-page.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import { newId } from '../new-id/new-id.js';
import { newestFirst } from '../paging/newest-first.js';
import { readFirst } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

/** A stored CaptureSnapshot with where and when it was stored. */
export interface StoredSnapshot {
  id: string;
  companyId: string;
  /** `takenAt` of the snapshot document, when it carries one. */
  takenAt: string | null;
  createdAt: string;
  snapshot: CaptureSnapshot;
}

/** A snapshot in a history list, without its body. */
export type SnapshotEntry = Omit<StoredSnapshot, 'snapshot'> & { memberCount: number };

export interface SnapshotRepository {
  /** Validates and stores a snapshot; its `company.id` must be `companyId`. History is kept. */
  add(companyId: string, snapshot: CaptureSnapshotInput | CaptureSnapshot): Promise<StoredSnapshot>;
  latest(companyId: string): Promise<StoredSnapshot | null>;
  byId(companyId: string, snapshotId: string): Promise<StoredSnapshot | null>;
  /** Newest first. */
  history(companyId: string, page?: HistoryPage): Promise<SnapshotEntry[]>;
}

/**
 * The capture_snapshots table.
 * @example const stored = await store.snapshots.add('acme', snapshot);
 */
export function snapshotRepository(ctx: RepositoryContext): SnapshotRepository {
  const { db } = ctx;
  const base = (companyId: string) =>
    db.selectFrom('capture_snapshots').selectAll().where('company_id', '=', companyId);
  return {
    async add(companyId, input) {
      const snapshot = validateInput(CaptureSnapshot, input, 'capture snapshot');
      if (snapshot.company.id !== companyId) {
        throw new StoreError(
          'invalid_input',
          `invalid capture snapshot: company.id is "${snapshot.company.id}" but the snapshot is stored for company "${companyId}"`,
          { field: 'company.id' },
        );
      }
      await requireCompany(ctx, companyId);
      const row: CaptureSnapshotTable = {
        id: newId(),
        company_id: companyId,
        taken_at: snapshot.takenAt === undefined ? null : new Date(snapshot.takenAt).toISOString(),
        created_at: ctx.now(),
        body: JSON.stringify(snapshot),
      };
      return toStored(await insertRow(db, 'capture_snapshots', row));
    },
    async latest(companyId) {
      const [row] = await newestFirst(base(companyId), { limit: 1 }, 'snapshot');
      return row === undefined ? null : toStored(row);
    },
    byId: (companyId, snapshotId) =>
      readFirst(base(companyId).where('id', '=', snapshotId), toStored),
    async history(companyId, page = {}) {
      const rows = await newestFirst(base(companyId), page, 'snapshot');
      return rows.map((row) => {
        const { snapshot, ...entry } = toStored(row);
        return { ...entry, memberCount: snapshot.members.length };
      });
    },
  };
}

function toStored(row: CaptureSnapshotTable): StoredSnapshot {
  const snapshot = parseStored(CaptureSnapshot, row.body, `snapshot ${row.id}`);
  return { ...camelRow(row, 'body'), snapshot };
}
