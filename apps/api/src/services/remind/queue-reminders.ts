import type { MemberReport } from '@capture-doctor/domain';
import type { OutboxEmail, VerifiedApiKey } from '@capture-doctor/store';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { recordAudit } from '../../audit/audit.js';
import { docsUrl } from '../../docs-url/docs-url.js';
import { ProblemError } from '../../problem/problem.js';
import { reminderCooldownHours, reminderEmail, reminderReasons } from './reminder-email.js';

/** What queueing reminders did: the emails queued, and whether SMTP sends them. */
export interface RemindersQueued {
  queued: OutboxEmail[];
  delivery: 'smtp' | 'kept_in_outbox';
  /** members left out because they were reminded within the cooldown */
  coolingDown: string[];
}

/** A member of the latest evaluation who has to connect (or connect again) their own account. */
export interface ReminderCandidate {
  member: MemberReport;
  /** the rule that found it, which picks the email's words */
  reason: string;
  lastRemindedAt: string | null;
  /** reminded within the cooldown: the next reminder waits */
  coolingDown: boolean;
}

/**
 * The members to remind in the latest evaluation (members not connected, and members whose own
 * connection is revoked or lacks permissions), with when each was last reminded; null when
 * nothing was evaluated yet.
 * @example (await reminderCandidates(deps, 'acme'))?.filter((c) => !c.coolingDown)
 */
export async function reminderCandidates(
  deps: AppDeps,
  companyId: string,
): Promise<ReminderCandidate[] | null> {
  const latest = await deps.cache.evaluation(companyId);
  if (!latest) return null;
  const report = latest.evaluation.report;
  const last = new Map<string, string>();
  for (const email of await deps.store.outbox.list(companyId)) {
    if (email.memberId === null) continue;
    const seen = last.get(email.memberId);
    if (!seen || seen < email.createdAt) last.set(email.memberId, email.createdAt);
  }
  const since = deps.clock().getTime() - reminderCooldownHours * 3_600_000;
  const countedBy = (ruleId: string, member: MemberReport) =>
    member.findings.some((f) => f.ruleId === ruleId) ||
    report.banners.some((b) => b.ruleId === ruleId && b.memberIds.includes(member.id));
  return report.members.flatMap((member) => {
    const reason = reminderReasons.find((ruleId) => countedBy(ruleId, member));
    if (!reason) return [];
    const lastRemindedAt = last.get(member.id) ?? null;
    const coolingDown = lastRemindedAt !== null && Date.parse(lastRemindedAt) > since;
    return [{ member, reason, lastRemindedAt, coolingDown }];
  });
}

/**
 * Queues one reminder email to each member to remind (or to the given subset of them) who was
 * not reminded within the cooldown, audits it, and sends the outbox when SMTP is set up. Each
 * email carries the steps for the company's provider and the link to connect, under `baseUrl`.
 * @example const { queued } = await queueReminders(deps, principal, undefined, 'http://127.0.0.1:8787')
 */
export async function queueReminders(
  deps: AppDeps,
  principal: VerifiedApiKey,
  memberIds: readonly string[] | undefined,
  baseUrl: string,
): Promise<RemindersQueued> {
  const id = principal.companyId;
  const candidates = await reminderCandidates(deps, id);
  if (!candidates) {
    throw new ProblemError(
      409,
      'no-evaluation',
      'Nothing to remind',
      'run an evaluation first: POST /v1/companies/{companyId}/evaluations',
      { code: 'no_evaluation' },
    );
  }
  const byId = new Map(candidates.map((c) => [c.member.id, c]));
  const outside = (memberIds ?? []).find((m) => !byId.has(m));
  if (outside !== undefined) {
    throw new ProblemError(
      400,
      'invalid-body',
      'Invalid body',
      `memberIds: "${outside}" is not a member to remind (${reminderReasons.join(', ')})`,
      { field: 'memberIds' },
    );
  }
  const chosen = memberIds ? memberIds.flatMap((m) => byId.get(m) ?? []) : candidates;
  const company = await deps.store.companies.get(id);
  const report = (await deps.cache.evaluation(id))?.evaluation.report;
  const provider = report?.provider ?? null;
  const queued: OutboxEmail[] = [];
  for (const candidate of chosen.filter((c) => !c.coolingDown)) {
    const email = reminderEmail({
      member: candidate.member,
      reason: candidate.reason,
      companyName: company?.name ?? id,
      provider,
      providerName: deps.rules.catalog.providers[provider ?? 'none'].name,
      connectUrl: new URL(docsUrl(candidate.reason), baseUrl).toString(),
    });
    queued.push(
      await deps.store.outbox.enqueue({
        companyId: id,
        memberId: candidate.member.id,
        to: candidate.member.email,
        ...email,
      }),
    );
  }
  await recordAudit(deps.store, principal, 'reminders.queue', `company:${id}`, {
    count: queued.length,
  });
  if (deps.mailer) await deps.mailer.flush(deps.store);
  const ids = new Set(queued.map((e) => e.id));
  return {
    queued: (await deps.store.outbox.list(id)).filter((e) => ids.has(e.id)),
    delivery: deps.mailer ? 'smtp' : 'kept_in_outbox',
    coolingDown: chosen.filter((c) => c.coolingDown).map((c) => c.member.id),
  };
}
