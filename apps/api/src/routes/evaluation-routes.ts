import { decodeCursor, pageOf, type StoredEvaluation } from '@capture-doctor/store';
import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { isNotModified } from '../conditional-get/conditional-get.js';
import { csvResponse, wantsCsv } from '../csv-export/csv-export.js';
import { diffReports } from '../evaluation-diff/evaluation-diff.js';
import { memberAnswer } from '../latest-cache/latest-cache.js';
import { notFound, ProblemError } from '../problem/problem.js';
import { parseWith } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../route-spec/route-spec.js';
import { evaluateLatest } from '../services/evaluate/evaluate-latest.js';
import { memberHistory, providerErrors } from '../services/evaluate/member-history.js';
import {
  listMembers,
  MEMBER_CSV_COLUMNS,
  memberExportPages,
} from '../services/members/list-members.js';

const company = '/v1/companies/{companyId}';

/**
 * Evaluations (run, latest, history, diff) and the members they describe.
 * @example evaluationRoutes(registry, deps) // POST /v1/companies/{companyId}/evaluations, ...
 */
export function evaluationRoutes(registry: RouteRegistry, deps: AppDeps): void {
  registry.add(
    {
      method: 'post',
      path: `${company}/evaluations`,
      summary: 'Evaluate the latest snapshot and store the report',
      tag: 'evaluations',
      roles: ['admin'],
      response: S.Evaluation,
      status: 201,
      refusals: [409],
    },
    async (c) => {
      const id = c.get('principal').companyId;
      const stored = await evaluateLatest(deps, id);
      await recordAudit(
        deps.store,
        c.get('principal'),
        'evaluation.run',
        `evaluation:${stored.id}`,
        {
          snapshotId: stored.snapshotId,
        },
      );
      return c.json(publicEvaluation(stored), 201);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/evaluations`,
      summary: 'Evaluation history, newest first, one evaluation per snapshot; paged by cursor',
      tag: 'evaluations',
      roles,
      query: S.EvaluationsQuery,
      response: S.EvaluationHistory,
    },
    async (c) => {
      const { limit, cursor } = parseWith(S.EvaluationsQuery, c.req.query(), 'query');
      const before = cursor === undefined ? undefined : String(decodeCursor(cursor, 1)[0]);
      const entries = await deps.store.evaluations.history(c.get('principal').companyId, {
        limit: limit + 1,
        ...(before === undefined ? {} : { before }),
      });
      const page = pageOf(entries, limit, (e) => [e.id]);
      return c.json({ ...page, items: page.items.map((e) => S.EvaluationSummary.parse(e)) });
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/evaluations/latest`,
      summary: 'The latest evaluation',
      tag: 'evaluations',
      roles,
      response: S.Evaluation,
    },
    async (c) => {
      const latest = await deps.cache.evaluation(c.get('principal').companyId);
      if (!latest) throw notFound('evaluation', 'latest');
      return c.json(publicEvaluation(latest.evaluation));
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/evaluations/diff`,
      summary:
        'What changed between two evaluations: which member changed colour on which icon, and why',
      tag: 'evaluations',
      roles,
      query: S.DiffQuery,
      response: S.EvaluationDiff,
    },
    async (c) => {
      const query = parseWith(S.DiffQuery, c.req.query(), 'query');
      const id = c.get('principal').companyId;
      const [from, to] = await diffPair(deps, id, query);
      return c.json({ from: from.id, to: to.id, ...diffReports(from.report, to.report) });
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/evaluations/{evaluationId}`,
      summary: 'One evaluation',
      tag: 'evaluations',
      roles,
      response: S.Evaluation,
    },
    async (c) => {
      const evaluationId = c.req.param('evaluationId') ?? '';
      const found = await deps.store.evaluations.byId(c.get('principal').companyId, evaluationId);
      if (!found) throw notFound('evaluation', evaluationId);
      return c.json(publicEvaluation(found));
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/members`,
      summary:
        "Members with their icons from the latest evaluation, worst colour first then by name; filter by worst colour (or one icon's), search by name or email; paged by cursor. `format=csv` (or `Accept: text/csv`) exports every member matching the filters, with finding ids and messages",
      tag: 'members',
      roles,
      query: S.MemberQuery,
      response: S.MemberList,
      csv: true,
    },
    async (c) => {
      const { format, ...query } = parseWith(S.MemberQuery, c.req.query(), 'query');
      const filter = {
        color: query.color ?? null,
        icon: query.icon ?? null,
        q: query.q ?? '',
        rule: query.rule ?? null,
      };
      const companyId = c.get('principal').companyId;
      if (wantsCsv(c, format)) {
        return csvResponse(c, {
          filename: `members-${companyId}.csv`,
          columns: MEMBER_CSV_COLUMNS,
          pages: await memberExportPages(deps, companyId, filter),
        });
      }
      const page = await listMembers(deps, companyId, { ...query, ...filter });
      return c.json({
        ...page,
        items: page.items.map(({ id, email, name, icons }) => ({ id, email, name, icons })),
      });
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/members/{memberId}`,
      summary:
        "A member's icons, findings and fixes; the raw provider errors (the first failure and each probe's) only for the support role. Other roles get an `ETag` (it changes with the answer): send it back as `If-None-Match` to get 304 while nothing changed",
      tag: 'members',
      roles,
      response: S.MemberDetail,
    },
    async (c) => {
      const principal = c.get('principal');
      const memberId = c.req.param('memberId') ?? '';
      const latest = await deps.cache.evaluation(principal.companyId);
      const member = latest?.members.get(memberId);
      if (!latest || !member) throw notFound('member', memberId);
      if (principal.role !== 'support') {
        const { body, etag } = latest.memberAnswerBytes(member);
        if (isNotModified(c.req.header('if-none-match'), etag)) {
          return new Response(null, { status: 304, headers: { etag } });
        }
        // A plain header object keeps the server on its fast path (Hono's c.body builds a
        // Headers object for two headers).
        return new Response(body, { headers: { 'content-type': 'application/json', etag } });
      }
      const errors = await providerErrors(
        deps,
        principal.companyId,
        latest.evaluation.snapshotId,
        memberId,
      );
      return c.json({ ...memberAnswer(latest.evaluation, member), ...errors });
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/members/{memberId}/history`,
      summary: "The member's icon colours across evaluations, newest first",
      tag: 'members',
      roles,
      query: S.HistoryQuery,
      response: S.MemberHistory,
    },
    async (c) => {
      const { limit } = parseWith(S.HistoryQuery, c.req.query(), 'query');
      const memberId = c.req.param('memberId') ?? '';
      const history = await memberHistory(deps, c.get('principal').companyId, memberId, limit);
      if (history.length === 0) throw notFound('member', memberId);
      return c.json({ memberId, history });
    },
  );
}

async function diffPair(
  deps: AppDeps,
  companyId: string,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<[StoredEvaluation, StoredEvaluation]> {
  const load = async (id: string, field: string) => {
    const found = await deps.store.evaluations.byId(companyId, id);
    if (!found)
      throw new ProblemError(404, 'not-found', 'Not found', `no evaluation "${id}" here`, {
        field: `query:${field}`,
      });
    return found;
  };
  const recent =
    query.to && query.from ? [] : await deps.store.evaluations.history(companyId, { limit: 1000 });
  const toId = query.to ?? recent[0]?.id;
  if (!toId) throw notFound('evaluation', 'latest');
  const to = await load(toId, 'to');
  let from: StoredEvaluation | undefined;
  if (query.from) from = await load(query.from, 'from');
  else {
    // The evaluation of the snapshot before `to`'s: older databases may hold several
    // evaluations of one snapshot, and comparing those would show no change of any snapshot.
    const index = recent.findIndex((e) => e.id === to.id);
    const previous =
      index >= 0 ? recent.slice(index + 1).find((e) => e.snapshotId !== to.snapshotId) : undefined;
    from = previous ? await load(previous.id, 'from') : undefined;
  }
  if (!from) {
    throw new ProblemError(
      404,
      'not-found',
      'Not found',
      'there is no earlier evaluation to compare with',
      { field: 'query:from' },
    );
  }
  return [from, to];
}

function publicEvaluation(e: StoredEvaluation) {
  return { id: e.id, snapshotId: e.snapshotId, createdAt: e.createdAt, report: e.report };
}
