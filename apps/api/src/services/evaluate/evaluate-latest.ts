import type { StoredEvaluation } from '@capture-doctor/store';
import { refreshMeetingVerdicts } from '@capture-doctor/sync';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { ProblemError } from '../../problem/problem.js';
import { acknowledgementsInForce } from './acknowledgements-in-force.js';

/**
 * Evaluates the company's latest snapshot with its acknowledgements in force, and stores the
 * report: a new evaluation for a new snapshot, else in place of the snapshot's evaluation.
 * @example const stored = await evaluateLatest(deps, 'acme')
 */
export async function evaluateLatest(deps: AppDeps, companyId: string): Promise<StoredEvaluation> {
  const snapshot = await deps.store.snapshots.latest(companyId);
  if (!snapshot) {
    throw new ProblemError(
      409,
      'no-snapshot',
      'Nothing to evaluate',
      'store a snapshot first: POST /v1/companies/{companyId}/snapshots',
      { code: 'no_snapshot' },
    );
  }
  const report = deps.evaluator.evaluateSnapshot(snapshot.snapshot, {
    acknowledgements: await acknowledgementsInForce(deps.store, companyId),
    asOf: deps.clock().toISOString(),
  });
  // One evaluation per snapshot: evaluating the same snapshot again (an acknowledgement made or
  // revoked) replaces its report, so histories and diffs count snapshots, not clicks.
  const latest = await deps.store.evaluations.latest(companyId);
  const stored =
    latest?.snapshotId === snapshot.id
      ? await deps.store.evaluations.replaceReport(companyId, latest.id, report)
      : await deps.store.evaluations.add(companyId, { snapshotId: snapshot.id, report });
  deps.cache.forget(companyId);
  return stored;
}

/**
 * Redoes the latest evaluation after an acknowledgement changed colours; with no snapshot there
 * is nothing to redo, and the change itself must not be refused for that. The upcoming calendar
 * meetings are judged again: their verdicts rest on their hosts' icons.
 * @example await reevaluate(deps, 'acme')
 */
export async function reevaluate(deps: AppDeps, companyId: string): Promise<void> {
  if (!(await deps.store.snapshots.latest(companyId))) return;
  await evaluateLatest(deps, companyId);
  await refreshMeetingVerdicts(deps.store, companyId, { now: deps.clock().toISOString() });
}
