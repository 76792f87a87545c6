import type { MemberReport } from '@capture-doctor/domain';
import { decodeCursor, type Page, pageAfter } from '@capture-doctor/store';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { EXPORT_PAGE_SIZE, exportPages } from '../../csv-export/csv-export.js';
import { type MemberFilter, memberMatcher } from '../../filter-members/filter-members.js';
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
  return {
    ...memberPage(view, query),
    evaluationId: evaluation.id,
    evaluatedAt: evaluation.createdAt,
  };
}

/** The columns of the members export, one row per member. */
export const MEMBER_CSV_COLUMNS = [
  'id',
  'name',
  'email',
  'microphone',
  'calendar',
  'email_icon',
  'finding_ids',
  'finding_messages',
] as const;

/**
 * Every member of the latest evaluation that passes the filters, in list order, as CSV rows a
 * page at a time (limit and cursor do not apply): an export is the whole list, of one
 * evaluation even when another is stored meanwhile.
 * @example for await (const rows of await memberExportPages(deps, 'acme', filter)) write(rows)
 */
export async function memberExportPages(
  deps: AppDeps,
  companyId: string,
  filter: MemberFilter,
): Promise<AsyncGenerator<Iterable<string[]>>> {
  const view = await memberWalkView(deps, companyId, undefined);
  return exportPages(
    async (cursor) => memberPage(view, { ...filter, limit: EXPORT_PAGE_SIZE, cursor }),
    memberCsvRow,
  );
}

function memberPage(
  view: LatestView,
  query: MemberFilter & { limit: number; cursor?: string | undefined },
): Page<MemberReport> {
  const { evaluation } = view;
  return pageAfter(
    view.sorted(),
    query,
    (member) => [evaluation.id, ...memberOrderKey(member)],
    memberMatcher(query, evaluation.report.banners),
  );
}

/**
 * A member as a row of the members export (see MEMBER_CSV_COLUMNS); the CLI's CSV uses it too.
 * @example memberCsvRow(report.members[0]) // ['m01', 'Ada Park', 'ada@acme.test', 'red', ...]
 */
export function memberCsvRow(member: MemberReport): string[] {
  return [
    member.id,
    member.name ?? '',
    member.email,
    member.icons.microphone,
    member.icons.calendar,
    member.icons.email,
    member.findings.map((f) => f.ruleId).join(' '),
    member.findings.map((f) => f.message).join('\n'),
  ];
}
