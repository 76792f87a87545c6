import type { MemberReport } from '@capture-doctor/domain';
import { decodeCursor, type Page, pageAfter } from '@capture-doctor/store';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { type MemberFilter, memberMatches } from '../../filter-members/filter-members.js';
import { type LatestView, memberOrderKey, viewOf } from '../../latest-cache/latest-cache.js';
import { notFound, ProblemError } from '../../problem/problem.js';

/** A page of members with the evaluation it lists. */
export interface MemberPage extends Page<MemberReport> {
  evaluationId: string;
  evaluatedAt: string;
}

/**
 * The evaluation a member walk lists: the latest, or the one its cursor was made on, so a walk
 * that started before a new evaluation still lists every member of its own exactly once.
 * @example const view = await memberWalkView(deps, 'acme', query.cursor)
 */
export async function memberWalkView(
  deps: AppDeps,
  companyId: string,
  cursor: string | undefined,
): Promise<LatestView> {
  const latest = await deps.cache.evaluation(companyId);
  if (!latest) throw notFound('evaluation', 'latest');
  if (cursor === undefined) return latest;
  const [evaluationId] = decodeCursor(cursor, 4);
  if (evaluationId === latest.evaluation.id) return latest;
  const pinned =
    typeof evaluationId === 'string'
      ? await deps.store.evaluations.byId(companyId, evaluationId)
      : null;
  if (!pinned) {
    throw new ProblemError(
      400,
      'invalid-query',
      'Invalid query',
      'cursor: not a cursor of this list',
      { field: 'query:cursor' },
    );
  }
  return viewOf(pinned);
}

/**
 * One page of the members list: worst colour first, then name, filtered on the server.
 * @example await listMembers(deps, 'acme', { limit: 100, color: 'red', q: '' })
 */
export async function listMembers(
  deps: AppDeps,
  companyId: string,
  query: MemberFilter & { limit: number; cursor?: string | undefined },
): Promise<MemberPage> {
  const view = await memberWalkView(deps, companyId, query.cursor);
  const { evaluation } = view;
  const page = pageAfter(
    view.sorted(),
    query,
    (member) => [evaluation.id, ...memberOrderKey(member)],
    (member) => memberMatches(member, query),
  );
  return { ...page, evaluationId: evaluation.id, evaluatedAt: evaluation.createdAt };
}
