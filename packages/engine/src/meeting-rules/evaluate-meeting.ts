import type { MeetingReason, MeetingVerdict, UpcomingMeeting } from '@capture-doctor/domain';
import { compileCondition } from '../compile-condition/compile-condition.js';
import type { Facts } from '../facts/capture-facts.js';
import { compileTemplate } from '../templates/templates.js';
import type { MeetingRuleSet } from './load-meeting-rules.js';
import { type MeetingView, meetingFacts, viewOf } from './meeting-facts.js';

/** What the rules say of one meeting: the verdict, the reasons behind it, and the facts seen. */
export interface MeetingEvaluation {
  verdict: MeetingVerdict;
  reasons: MeetingReason[];
  facts: Facts;
}

/** A meeting rule set ready to judge many meetings: conditions and templates compiled once. */
export interface MeetingEvaluator {
  ruleSet: MeetingRuleSet;
  evaluate(meeting: UpcomingMeeting): MeetingEvaluation;
}

const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  google_workspace: 'Google Workspace',
  microsoft_365: 'Microsoft 365',
};

/**
 * Compiles the meeting rules once; `evaluate` then judges one meeting. A red reason means the
 * meeting will not be recorded, a yellow one that it is at risk; no reason, that it will be.
 * Reasons come red first, then by priority (highest first), then by id.
 * @example createMeetingEvaluator(loadMeetingRules()).evaluate(meeting).verdict // 'will_record'
 */
export function createMeetingEvaluator(ruleSet: MeetingRuleSet): MeetingEvaluator {
  const compiled = [...ruleSet.rules]
    .sort(
      (a, b) =>
        Number(b.color === 'red') - Number(a.color === 'red') ||
        b.priority - a.priority ||
        a.id.localeCompare(b.id),
    )
    .map((rule) => ({
      rule,
      test: compileCondition(rule.conditions),
      message: compileTemplate(rule.message),
      fix: compileTemplate(rule.fix),
    }));
  return {
    ruleSet,
    evaluate(meeting) {
      const view = viewOf(meeting, ruleSet);
      const facts = meetingFacts(view);
      const reasons: MeetingReason[] = [];
      let values: Record<string, string> | null = null;
      for (const { rule, test, message, fix } of compiled) {
        const because = test(facts);
        if (because === null) continue;
        values ??= placeholderValues(view, facts);
        reasons.push({
          ruleId: rule.id,
          color: rule.color,
          message: message(values),
          fix: fix(values),
          because,
        });
      }
      return { verdict: verdictOf(reasons), reasons, facts };
    },
  };
}

/**
 * The verdict its reasons give: any red one, not recorded; else any yellow one, at risk.
 * @example verdictOf([]) // 'will_record'
 */
export function verdictOf(reasons: readonly Pick<MeetingReason, 'color'>[]): MeetingVerdict {
  if (reasons.some((reason) => reason.color === 'red')) return 'will_not_record';
  return reasons.length > 0 ? 'at_risk' : 'will_record';
}

function placeholderValues(view: MeetingView, facts: Facts): Record<string, string> {
  const { meeting, link, unasked } = view;
  const minutes = facts['meeting.scheduledMinutesAhead'];
  return {
    provider: PROVIDER_NAMES[meeting.company.provider ?? ''] ?? 'your provider',
    hostName: meeting.host.name ?? meeting.host.email,
    hostEmail: meeting.host.email,
    conferencingName: link.conferencingName,
    gatewayName: link.gatewayName,
    leadTimeHours: String(meeting.policy?.noticeEmail.leadTimeHours ?? 0),
    scheduledMinutesAhead: typeof minutes === 'number' ? String(minutes) : 'an unknown number of',
    unaskedParticipants: unasked.map((p) => `${p.email} (${p.jurisdiction})`).join(', ') || 'none',
    hostCaptureRules: meeting.host.captureRuleIds.join(', ') || 'none',
  };
}
