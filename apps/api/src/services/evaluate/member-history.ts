import type { MemberIcons, ProviderError } from '@capture-doctor/domain';
import type { AppDeps } from '../../app-deps/app-deps.js';

/** A member's icons in one stored evaluation; null where the member was absent. */
export interface MemberHistoryEntry {
  evaluationId: string;
  createdAt: string;
  takenAt: string | null;
  icons: MemberIcons | null;
}

/**
 * A member's icons in each stored evaluation, newest first.
 * @example (await memberHistory(deps, 'acme', 'm1', 20))[0]?.icons?.email
 */
export async function memberHistory(
  deps: AppDeps,
  companyId: string,
  memberId: string,
  limit: number,
): Promise<MemberHistoryEntry[]> {
  const entries = await deps.store.evaluations.history(companyId, { limit });
  const history: MemberHistoryEntry[] = [];
  for (const entry of entries) {
    const found = await deps.store.evaluations.byId(companyId, entry.id);
    const icons = found?.report.members.find((m) => m.id === memberId)?.icons ?? null;
    const snapshot = await deps.store.snapshots.byId(companyId, entry.snapshotId);
    history.push({
      evaluationId: entry.id,
      createdAt: entry.createdAt,
      takenAt: snapshot ? (snapshot.takenAt ?? snapshot.createdAt) : null,
      icons,
    });
  }
  return history;
}

/**
 * The raw provider error behind a member of the latest evaluation (support only), or null when
 * none was recorded or the latest snapshot is not the evaluated one.
 * @example await providerError(deps, 'acme', latest.evaluation.snapshotId, 'm1')
 */
export async function providerError(
  deps: AppDeps,
  companyId: string,
  snapshotId: string,
  memberId: string,
): Promise<ProviderError | null> {
  const snapshot = await deps.cache.snapshot(companyId);
  if (!snapshot || snapshot.id !== snapshotId) return null;
  return snapshot.snapshot.members.find((m) => m.id === memberId)?.lastError ?? null;
}
