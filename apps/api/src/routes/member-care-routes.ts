import {
  decodeCursor,
  type OutboxEmail,
  pageAfter,
  pageOf,
  type StoredAcknowledgement,
} from '@capture-doctor/store';
import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { csvResponse, EXPORT_PAGE_SIZE, exportPages, wantsCsv } from '../csv-export/csv-export.js';
import { parseWith, readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../route-spec/route-spec.js';
import { acknowledgeFinding, revokeAcknowledgement } from '../services/acknowledge/acknowledge.js';
import { queueReminders } from '../services/remind/queue-reminders.js';

const company = '/v1/companies/{companyId}';

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
        'Accept a finding for a member until a date: it stays listed but no longer colours the icon, which shows what remains; 422 when the rule does not fire for that member, 409 when it is already acknowledged',
      tag: 'acknowledgements',
      roles: ['admin'],
      body: S.AcknowledgementBody,
      response: S.StoredAcknowledgement,
      status: 201,
      refusals: [409, 422],
    },
    async (c) => {
      const body = await readBody(c, S.AcknowledgementBody);
      const created = await acknowledgeFinding(deps, c.get('principal'), body);
      return c.json(acknowledgementAnswer(created), 201);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/acknowledgements`,
      summary:
        'All acknowledgements, revoked and expired ones included, oldest first; paged by cursor',
      tag: 'acknowledgements',
      roles,
      query: S.PagedQuery,
      response: S.AcknowledgementList,
    },
    async (c) => {
      const query = parseWith(S.PagedQuery, c.req.query(), 'query');
      // The store lists newest first; pages go oldest first so new ones land on the last page.
      const found = (
        await deps.store.acknowledgements.list(c.get('principal').companyId)
      ).reverse();
      const page = pageAfter(found, query, (a) => [a.createdAt, a.id]);
      return c.json({ ...page, items: page.items.map(acknowledgementAnswer) });
    },
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
      const ackId = c.req.param('acknowledgementId') ?? '';
      const revoked = await revokeAcknowledgement(deps, c.get('principal'), ackId);
      return c.json(acknowledgementAnswer(revoked));
    },
  );

  registry.add(
    {
      method: 'post',
      path: `${company}/reminders`,
      summary:
        'Queue a reminder email to each member who has not connected or whose own connection is broken, at most once per member per cooldown (24 h), and send the outbox when SMTP is set up',
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
      const { queued, delivery } = await queueReminders(
        deps,
        c.get('principal'),
        body.memberIds,
        new URL(c.req.url).origin,
      );
      return c.json({ queued: queued.length, emails: queued.map(outboxAnswer), delivery }, 202);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/outbox`,
      summary: 'The email outbox: queued, sent and failed emails, oldest first; paged by cursor',
      tag: 'reminders',
      roles: ['admin'],
      query: S.PagedQuery,
      response: S.Outbox,
    },
    async (c) => {
      const query = parseWith(S.PagedQuery, c.req.query(), 'query');
      const found = await deps.store.outbox.list(c.get('principal').companyId);
      const page = pageAfter(found, query, (email) => [email.createdAt, email.id]);
      return c.json({ ...page, items: page.items.map(outboxAnswer) });
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/audit`,
      summary:
        'The audit log, newest first; paged by cursor. `format=csv` (or `Accept: text/csv`) exports every entry',
      tag: 'audit',
      roles: ['admin', 'compliance'],
      query: S.AuditQuery,
      response: S.AuditLog,
      csv: true,
    },
    async (c) => {
      const { limit, cursor, format } = parseWith(S.AuditQuery, c.req.query(), 'query');
      const companyId = c.get('principal').companyId;
      if (wantsCsv(c, format)) {
        return csvResponse(c, {
          filename: `audit-${companyId}.csv`,
          columns: ['at', 'id', 'actor', 'action', 'target', 'detail'],
          pages: await exportPages(
            (after) => auditPage(deps, companyId, EXPORT_PAGE_SIZE, after),
            (e) => [e.at, e.id, e.actor, e.action, e.target, JSON.stringify(e.detail)],
          ),
        });
      }
      return c.json(await auditPage(deps, companyId, limit, cursor));
    },
  );
}

async function auditPage(
  deps: AppDeps,
  companyId: string,
  limit: number,
  cursor: string | undefined,
) {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, 2).map(String);
  const entries = await deps.store.auditLog.list(companyId, {
    limit: limit + 1,
    order: 'desc',
    ...(after === undefined ? {} : { after: [after[0]!, after[1]!] }),
  });
  const page = pageOf(entries, limit, (entry) => [entry.at, entry.id]);
  return {
    ...page,
    items: page.items.map(({ companyId: _c, details, ...entry }) => ({
      ...entry,
      detail: details,
    })),
  };
}

// The public answer keeps `by` and `detail`, the names API clients already read.
function acknowledgementAnswer({ createdBy, ...rest }: StoredAcknowledgement) {
  return { ...rest, by: createdBy };
}

function outboxAnswer(email: OutboxEmail) {
  return S.OutboxEmail.parse(email);
}
