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

/** The raw provider errors of a member's last check: the first failure and one per probe. */
export interface ProviderErrors {
  lastError: ProviderError | null;
  mailboxError: ProviderError | null;
  calendarError: ProviderError | null;
  directoryError: ProviderError | null;
}

/**
 * The raw provider errors behind a member of the latest evaluation (support only): the first
 * failure and, since a member can fail in two ways at once, each probe's own (null where it did
 * not fail or an older snapshot did not say); all null when the latest snapshot is not the
 * evaluated one.
 * @example (await providerErrors(deps, 'acme', latest.evaluation.snapshotId, 'm1'))?.calendarError
 */
export async function providerErrors(
  deps: AppDeps,
  companyId: string,
  snapshotId: string,
  memberId: string,
): Promise<ProviderErrors> {
  const snapshot = await deps.cache.snapshot(companyId);
  const member =
    snapshot?.id === snapshotId
      ? snapshot.snapshot.members.find((m) => m.id === memberId)
      : undefined;
  return {
    lastError: member?.lastError ?? null,
    mailboxError: member?.mailboxError ?? null,
    calendarError: member?.calendarError ?? null,
    directoryError: member?.directoryError ?? null,
  };
}
