// @internal: how runSync picks the sync run it works in; the cursor is the sync's own format.
import { hostname } from 'node:os';
import { CompanyFacts } from '@capture-doctor/domain';
import type { JsonValue, Store, SyncRun } from '@capture-doctor/store';
import { z } from 'zod';
import { SyncError } from '../sync-error/sync-error.js';

const Owner = z.object({ pid: z.number().int(), host: z.string() });

/** What a run's cursor holds: who runs it, which connection it reads, what it carried. */
export const RunCursor = z
  .object({
    owner: Owner.optional(),
    connectionId: z.string().optional(),
    resumedFrom: z.string().nullable().optional(),
    /** What the adapter said of the company when a cancelled call of this run ended. */
    company: CompanyFacts.pick({
      provider: true,
      connectionMode: true,
      tenants: true,
      grantedScopes: true,
      health: true,
      lastError: true,
    }).optional(),
  })
  .catch({});
export type RunCursor = z.infer<typeof RunCursor>;

export interface ClaimedRun {
  run: SyncRun;
  cursor: RunCursor;
  /** The run whose saved members this one carries on from. */
  resumedFrom: string | null;
}

interface ClaimInput {
  store: Store;
  companyId: string;
  connectionId: string;
  now: Date;
  /** When this sync was asked for: a stop asked of a left run before then is not for it. */
  requestedAt: Date;
  staleAfterMs: number;
  resumeWithinMs: number;
}

/**
 * The run to work in. A run a dead process left `running` is taken over; after a cancelled run,
 * a new run carries its saved members forward; otherwise, or when the earlier run read another
 * connection or is older than `resumeWithinMs`, a fresh run starts. A left run asked to stop
 * before this sync was asked for (`requestedAt`) ends `cancelled` here: the stop was meant for
 * it, not for this sync, which carries its members forward instead.
 * @example const { run, resumedFrom } = await claimRun({ store, companyId, connectionId, now, requestedAt: now, staleAfterMs: 300_000, resumeWithinMs: 86_400_000 });
 */
export async function claimRun(input: ClaimInput): Promise<ClaimedRun> {
  const { store, companyId, connectionId } = input;
  const owner = { pid: process.pid, host: hostname() };
  const fresh = async (): Promise<ClaimedRun> => {
    const cursor: RunCursor = { owner, connectionId };
    return { run: await store.syncRuns.start(companyId, { cursor }), cursor, resumedFrom: null };
  };

  const left = await store.syncRuns.resumable(companyId);
  if (left !== null) {
    const cursor = RunCursor.parse(left.cursor);
    if (ownerAlive(cursor.owner, left.updatedAt, input.staleAfterMs)) {
      throw new SyncError(
        'conflict',
        `a sync of company "${companyId}" is already running (run ${left.id}, process ${cursor.owner?.pid ?? '?'} on ${cursor.owner?.host ?? '?'})`,
        'companyId',
      );
    }
    if (stoppedBefore(left, input.requestedAt)) {
      await store.syncRuns.finish(left.id, { status: 'cancelled' });
      return afterCancelled(input, owner, fresh);
    }
    if (!usable(input, left, cursor)) {
      await store.syncRuns.finish(left.id, {
        status: 'failed',
        error: 'abandoned: interrupted too long ago, or its provider connection changed',
      });
      return fresh();
    }
    const adopted = { ...cursor, owner };
    const run = await store.syncRuns.saveProgress(left.id, { cursor: asJson(adopted) });
    return { run, cursor: adopted, resumedFrom: left.id };
  }
  return afterCancelled(input, owner, fresh);
}

/** A new run carrying forward the members of the company's last run when it was cancelled. */
async function afterCancelled(
  input: ClaimInput,
  owner: NonNullable<RunCursor['owner']>,
  fresh: () => Promise<ClaimedRun>,
): Promise<ClaimedRun> {
  const { store, companyId, connectionId } = input;
  const [last] = await store.syncRuns.list(companyId, { limit: 1 });
  if (last === undefined || last.status !== 'cancelled') return fresh();
  const earlier = RunCursor.parse(last.cursor);
  if (!usable(input, last, earlier)) return fresh();
  const cursor: RunCursor = { owner, connectionId, resumedFrom: last.id, company: earlier.company };
  const run = await store.syncRuns.start(companyId, { cursor: asJson(cursor) });
  const carried = await store.syncRuns.memberResults(last.id);
  for (let start = 0; start < carried.length; start += 500) {
    await store.syncRuns.saveProgress(run.id, {
      members: carried
        .slice(start, start + 500)
        .map(({ memberId, result }) => ({ memberId, result })),
    });
  }
  return { run, cursor, resumedFrom: last.id };
}

/** Whether a run's members may be carried on: same connection, and recent enough. */
function usable(input: ClaimInput, run: SyncRun, cursor: RunCursor): boolean {
  return (
    cursor.connectionId === input.connectionId &&
    input.now.getTime() - Date.parse(run.updatedAt) <= input.resumeWithinMs
  );
}

/** Whether a stop was asked of the run at or before `moment`. */
function stoppedBefore(run: SyncRun, moment: Date): boolean {
  return run.cancelRequestedAt !== null && Date.parse(run.cancelRequestedAt) <= moment.getTime();
}

/** Whether the process that left a run `running` may still be working on it. */
function ownerAlive(owner: RunCursor['owner'], updatedAt: string, staleAfterMs: number): boolean {
  if (owner === undefined) return false;
  // Another machine cannot be asked: its run is taken over once it has been idle long enough.
  if (owner.host !== hostname()) return Date.now() - Date.parse(updatedAt) < staleAfterMs;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A cursor as the store keeps it: plain JSON, optional fields left out.
 * @example await store.syncRuns.saveProgress(runId, { cursor: asJson(cursor) });
 */
export function asJson(value: RunCursor): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
