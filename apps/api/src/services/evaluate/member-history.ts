import type { ProviderError } from '@capture-doctor/domain';
import type { MemberIconEntry } from '@capture-doctor/store';
import type { AppDeps } from '../../app-deps/app-deps.js';

/** A member's icons in one stored evaluation that listed them. */
export type MemberHistoryEntry = MemberIconEntry;

/**
 * A member's icons in the stored evaluations that listed them, newest first, at most `limit`.
 * Read from the per-member icon rows: no report or snapshot is loaded.
 * @example (await memberHistory(deps, 'acme', 'm1', 20))[0]?.icons.email
 */
export function memberHistory(
  deps: AppDeps,
  companyId: string,
  memberId: string,
  limit: number,
): Promise<MemberHistoryEntry[]> {
  return deps.store.evaluations.memberHistory(companyId, memberId, { limit });
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
