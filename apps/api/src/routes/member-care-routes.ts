import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/auth.js';
import { notFound, ProblemError } from '../problem/problem.js';
import { parseWith, readBody } from '../read-body/read-body.js';
import { reminderEmail } from '../reminder-email/reminder-email.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { type OutboxEmail, roles } from '../store-port/store-port.js';
import { evaluateLatest } from './evaluation-routes.js';

const company = '/v1/companies/{companyId}';
const notConnectedRule = 'members-not-connected';

/**
 * Acknowledgements, reminders and the outbox, and the audit log.
 * @example memberCareRoutes(registry, deps) // POST /v1/companies/{companyId}/reminders, ...
 */
export function memberCareRoutes(registry: RouteRegistry, deps: AppDeps): void {
  registry.add(
    {
      method: 'post',
      path: `${company}/acknowledgements`,
      summary:
        'Accept a finding for a member until a date: it stays listed but no longer colours the icon',
      tag: 'acknowledgements',
      roles: ['admin'],
      body: S.AcknowledgementBody,
      response: S.StoredAcknowledgement,
      status: 201,
    },
    async (c) => {
      const body = await readBody(c, S.AcknowledgementBody);
      const principal = c.get('principal');
      if (Date.parse(body.expiresAt) <= deps.clock().getTime()) {
        throw new ProblemError(
          400,
          'invalid-body',
          'Invalid body',
          'expiresAt: must be in the future',
          { field: 'expiresAt' },
        );
      }
      if (!deps.engine.rules.some((r) => r.id === body.ruleId)) {
        throw new ProblemError(
          400,
          'invalid-body',
          'Invalid body',
          `ruleId: no rule "${body.ruleId}"`,
          { field: 'ruleId' },
        );
      }
      const latest = await deps.cache.evaluation(principal.companyId);
      if (!latest?.members.has(body.memberId)) {
        throw new ProblemError(
          400,
          'invalid-body',
          'Invalid body',
          `memberId: no member "${body.memberId}" in the latest evaluation`,
          { field: 'memberId' },
        );
      }
      const created = await deps.store.acknowledgements.create(principal.companyId, {
        ...body,
        by: actorOf(principal),
      });
      await recordAudit(deps, c, 'acknowledgement.create', `acknowledgement:${created.id}`, {
        memberId: body.memberId,
        ruleId: body.ruleId,
        expiresAt: body.expiresAt,
      });
      await reevaluate(deps, principal.companyId);
      return c.json(created, 201);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/acknowledgements`,
      summary: 'All acknowledgements, revoked and expired ones included',
      tag: 'acknowledgements',
      roles,
      response: S.AcknowledgementList,
    },
    async (c) =>
      c.json({
        acknowledgements: await deps.store.acknowledgements.list(c.get('principal').companyId),
      }),
  );

  registry.add(
    {
      method: 'delete',
      path: `${company}/acknowledgements/{acknowledgementId}`,
      summary: 'Revoke an acknowledgement',
      tag: 'acknowledgements',
      roles: ['admin'],
      response: S.StoredAcknowledgement,
    },
    async (c) => {
      const principal = c.get('principal');
      const ackId = c.req.param('acknowledgementId') ?? '';
      const revoked = await deps.store.acknowledgements.revoke(
        principal.companyId,
        ackId,
        actorOf(principal),
      );
      if (!revoked) throw notFound('acknowledgement', ackId);
      await recordAudit(deps, c, 'acknowledgement.revoke', `acknowledgement:${ackId}`);
      await reevaluate(deps, principal.companyId);
      return c.json(revoked);
    },
  );

  registry.add(
    {
      method: 'post',
      path: `${company}/reminders`,
      summary:
        'Queue a reminder email to each member the members-not-connected banner counts, and send the outbox when SMTP is set up',
      tag: 'reminders',
      roles: ['admin'],
      body: S.RemindersBody,
      response: S.RemindersQueued,
      status: 202,
      refusals: [409],
    },
    async (c) => {
      const body =
        c.req.header('content-length') === '0' || !c.req.header('content-type')
          ? {}
          : await readBody(c, S.RemindersBody);
      const id = c.get('principal').companyId;
      const latest = await deps.cache.evaluation(id);
      if (!latest) {
        throw new ProblemError(
          409,
          'no-evaluation',
          'Nothing to remind',
          'run an evaluation first: POST /v1/companies/{companyId}/evaluations',
          { code: 'no_evaluation' },
        );
      }
      const counted =
        latest.evaluation.report.banners.find((b) => b.ruleId === notConnectedRule)?.memberIds ??
        [];
      const outside = (body.memberIds ?? []).find((m) => !counted.includes(m));
      if (outside !== undefined) {
        throw new ProblemError(
          400,
          'invalid-body',
          'Invalid body',
          `memberIds: "${outside}" is not counted by the ${notConnectedRule} banner`,
          { field: 'memberIds' },
        );
      }
      const targets = body.memberIds ?? counted;
      const companyRecord = await deps.store.companies.get(id);
      const provider =
        deps.engine.catalog.providers[latest.evaluation.report.provider ?? 'none'].name;
      const queued: OutboxEmail[] = [];
      for (const memberId of targets) {
        const member = latest.members.get(memberId);
        if (!member) continue;
        const email = reminderEmail({ member, companyName: companyRecord?.name ?? id, provider });
        queued.push(await deps.store.outbox.enqueue(id, { memberId, to: member.email, ...email }));
      }
      await recordAudit(deps, c, 'reminders.queue', `company:${id}`, { count: queued.length });
      if (deps.mailer) await deps.mailer.flush(deps.store);
      const ids = new Set(queued.map((e) => e.id));
      const emails = (await deps.store.outbox.list(id))
        .filter((e) => ids.has(e.id))
        .map(publicEmail);
      return c.json(
        {
          queued: queued.length,
          emails,
          delivery: deps.mailer ? ('smtp' as const) : ('kept_in_outbox' as const),
        },
        202,
      );
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/outbox`,
      summary: 'The email outbox: queued, sent and failed emails',
      tag: 'reminders',
      roles: ['admin'],
      response: S.Outbox,
    },
    async (c) =>
      c.json({
        emails: (await deps.store.outbox.list(c.get('principal').companyId)).map(publicEmail),
      }),
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/audit`,
      summary: 'The audit log, newest first',
      tag: 'audit',
      roles: ['admin', 'compliance'],
      query: S.AuditQuery,
      response: S.AuditLog,
    },
    async (c) => {
      const { limit } = parseWith(S.AuditQuery, c.req.query(), 'query');
      const entries = await deps.store.audit.list(c.get('principal').companyId, limit);
      return c.json({ entries: entries.map(({ companyId: _c, ...entry }) => entry) });
    },
  );
}

function publicEmail(e: OutboxEmail) {
  return {
    id: e.id,
    memberId: e.memberId,
    to: e.to,
    subject: e.subject,
    status: e.status,
    attempts: e.attempts,
    createdAt: e.createdAt,
    sentAt: e.sentAt,
    error: e.error,
  };
}

// An acknowledgement changes colours, so the latest evaluation is redone at once; with no
// snapshot there is nothing to redo, and the change itself must not be refused for that.
async function reevaluate(deps: AppDeps, companyId: string): Promise<void> {
  if (await deps.store.snapshots.latest(companyId)) await evaluateLatest(deps, companyId);
}
