import type { CaptureRuleSet } from '@capture-doctor/engine';
import type { OutboxEmail, VerifiedApiKey } from '@capture-doctor/store';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { recordAudit } from '../../audit/audit.js';
import { ProblemError } from '../../problem/problem.js';
import { reminderEmail } from './reminder-email.js';

/** What queueing reminders did: the emails queued, and whether SMTP sends them. */
export interface RemindersQueued {
  queued: OutboxEmail[];
  delivery: 'smtp' | 'kept_in_outbox';
}

/**
 * The ids of the rules whose banner offers reminder emails (`banner.action: "remind"`).
 * @example remindRules(deps.rules).has('members-not-connected') // true
 */
export function remindRules(rules: CaptureRuleSet): Set<string> {
  return new Set(rules.rules.filter((r) => r.banner?.action === 'remind').map((r) => r.id));
}

/**
 * Queues a reminder email to each member a reminder banner of the latest evaluation counts (or
 * to the given subset of them), audits it, and sends the outbox when SMTP is set up.
 * @example const { queued } = await queueReminders(deps, principal) // one email per member counted
 */
export async function queueReminders(
  deps: AppDeps,
  principal: VerifiedApiKey,
  memberIds?: readonly string[],
): Promise<RemindersQueued> {
  const id = principal.companyId;
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
  const report = latest.evaluation.report;
  const banner = report.banners.find((b) => remindRules(deps.rules).has(b.ruleId));
  const counted = banner?.memberIds ?? [];
  const outside = (memberIds ?? []).find((m) => !counted.includes(m));
  if (outside !== undefined) {
    throw new ProblemError(
      400,
      'invalid-body',
      'Invalid body',
      `memberIds: "${outside}" is not counted by the ${banner?.ruleId ?? 'reminder'} banner`,
      { field: 'memberIds' },
    );
  }
  const company = await deps.store.companies.get(id);
  const provider = deps.rules.catalog.providers[report.provider ?? 'none'].name;
  const queued: OutboxEmail[] = [];
  for (const memberId of memberIds ?? counted) {
    const member = latest.members.get(memberId);
    if (!member) continue;
    const email = reminderEmail({ member, companyName: company?.name ?? id, provider });
    queued.push(
      await deps.store.outbox.enqueue({ companyId: id, memberId, to: member.email, ...email }),
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
  };
}
