import { CaptureSnapshot, type CaptureSnapshotInput } from '@capture-doctor/domain';
import { requireCompany } from '../company-repository/company-repository.js';
import type { CaptureSnapshotTable } from '../database/database.js';
import { HistoryPage } from '../history-page/history-page.js';
import { newId } from '../new-id/new-id.js';
import { newestFirst } from '../newest-first/newest-first.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
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
      await db.insertInto('capture_snapshots').values(row).execute();
      return toStored(row);
    },
    async latest(companyId) {
      const row = await base(companyId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? null : toStored(row);
    },
    async byId(companyId, snapshotId) {
      const row = await base(companyId).where('id', '=', snapshotId).executeTakeFirst();
      return row === undefined ? null : toStored(row);
    },
    async history(companyId, page = {}) {
      const { limit, before } = validateInput(HistoryPage, page, 'history page');
      let anchor: { id: string; created_at: string } | undefined;
      if (before !== undefined) {
        anchor = await base(companyId).where('id', '=', before).executeTakeFirst();
        if (anchor === undefined) {
          throw new StoreError('not_found', `snapshot "${before}" does not exist`, {
            field: 'before',
          });
        }
      }
      const rows = await newestFirst(base(companyId), anchor, limit).execute();
      return rows.map((row) => {
        const { snapshot, ...entry } = toStored(row);
        return { ...entry, memberCount: snapshot.members.length };
      });
    },
  };
}

function toStored(row: CaptureSnapshotTable): StoredSnapshot {
  return {
    id: row.id,
    companyId: row.company_id,
    takenAt: row.taken_at,
    createdAt: row.created_at,
    snapshot: parseStored(CaptureSnapshot, row.body, `snapshot ${row.id}`),
  };
}
