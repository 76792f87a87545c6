import type { StoredEvaluation } from '@capture-doctor/store';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { diffReports, type EvaluationDiff } from '../../evaluation-diff/evaluation-diff.js';

/** What changed between the company's last two evaluations, and which two they were. */
export interface LatestChanges {
  from: StoredEvaluation;
  to: StoredEvaluation;
  diff: EvaluationDiff;
}

/**
 * The diff between the company's last two evaluations; null when there are not two yet.
 * @example (await latestChanges(deps, 'acme'))?.diff.changes.length
 */
export async function latestChanges(
  deps: AppDeps,
  companyId: string,
): Promise<LatestChanges | null> {
  const [newest, previous] = await deps.store.evaluations.history(companyId, { limit: 2 });
  if (!newest || !previous) return null;
  const to = await deps.store.evaluations.byId(companyId, newest.id);
  const from = await deps.store.evaluations.byId(companyId, previous.id);
  if (!to || !from) return null;
  return { from, to, diff: diffReports(from.report, to.report) };
}
