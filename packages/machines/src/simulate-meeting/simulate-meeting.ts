import {
  type ConsentEvidence,
  type ConsentFinding,
  ConsentPolicy,
  Participant,
} from '@capture-doctor/domain';
import {
  type ConsentEvaluator,
  createConsentEvaluator,
  loadConsentRules,
  participantLaw,
} from '@capture-doctor/engine';
import { createActor } from 'xstate';
import { z } from 'zod';
import type { ConsentEvent, ConsentInput } from '../consent-events/consent-events.js';
import { type ConsentStatus, consentMachine } from '../consent-machine/consent-machine.js';
import type { Refusal } from '../refusals/refusals.js';
import { stateName } from '../send-event/send-event.js';

/** How a participant answers the consent page in a simulation. */
export const SimulatedAnswer = z.enum(['accept', 'decline', 'no_answer']);
export type SimulatedAnswer = z.infer<typeof SimulatedAnswer>;

/** A simulation request as the API receives it: the policy, the meeting and what happens in it. */
export const SimulateMeetingRequest = z.strictObject({
  policy: ConsentPolicy,
  participants: z.array(Participant).min(1),
  startsAt: z.iso.datetime({ offset: true }),
  meetingId: z.string().min(1).optional(),
  answers: z.record(z.string(), SimulatedAnswer).optional(),
  removedBy: z.string().min(1).optional(),
});
export type SimulateMeetingRequest = z.infer<typeof SimulateMeetingRequest>;

export interface SimulationOptions {
  /** When the meeting starts; the notice goes out the policy's lead time before. */
  startsAt: string;
  meetingId?: string;
  /** Each participant's answer on the consent page; everyone accepts unless told otherwise. */
  answers?: Record<string, SimulatedAnswer>;
  /** A participant who removes the recorder once the answers are in. */
  removedBy?: string;
  /** Rules to check the policy with; rules/consent by default. */
  evaluator?: ConsentEvaluator;
  /**
   * The moment the simulation runs. No evidence is dated before it: the meeting is scheduled
   * then, a notice whose moment has passed goes out then, and a meeting that started earlier
   * is played from then. Without it every time is derived from `startsAt`.
   */
  now?: string;
}

/** What one participant is told and how their law is classified. */
export interface SimulatedParticipant {
  id: string;
  internal: boolean;
  jurisdiction: string | null;
  jurisdictionName: string | null;
  allPartyJurisdiction: boolean;
  disputedJurisdiction: boolean;
  noticeAtCollection: boolean;
  noticeEmail: boolean;
  consentPage: boolean;
  /** The host was reminded to say aloud that the call is recorded, so they hear it if said. */
  announcement: boolean;
  consent: ConsentStatus;
}

/** The outcome of running a policy over one meeting: for a compliance officer's review. */
export interface MeetingSimulation {
  wouldRecord: boolean;
  recordedFrom: string | null;
  finalState: string;
  recorderDisplayName: string;
  hostRemindedToAnnounce: boolean;
  participants: SimulatedParticipant[];
  findings: ConsentFinding[];
  approvable: boolean;
  evidence: ConsentEvidence[];
  refusals: Refusal[];
}

let defaultEvaluator: ConsentEvaluator | undefined;

/** The consent rules of rules/consent, loaded and compiled once. */
function consentEvaluator(): ConsentEvaluator {
  defaultEvaluator ??= createConsentEvaluator(loadConsentRules());
  return defaultEvaluator;
}

const plus = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

const notBefore = (iso: string, now: string | undefined): string =>
  now !== undefined && Date.parse(iso) < Date.parse(now) ? plus(now, 0) : plus(iso, 0);

/**
 * Simulates one meeting under a consent policy: checks the policy with the consent rules,
 * then runs the recording-consent machine through notice, join, consent answers, an optional
 * removal of the recorder and the end of the meeting. No clock is read: every time is derived
 * from `startsAt`.
 * @example simulateMeeting(policy, participants, { startsAt: '2026-11-03T15:00:00Z' }).wouldRecord
 */
export function simulateMeeting(
  policy: ConsentPolicy,
  participants: readonly Participant[],
  options: SimulationOptions,
): MeetingSimulation {
  const evaluator = options.evaluator ?? consentEvaluator();
  const { findings } = evaluator.evaluate(policy, participants);
  const laws = new Map(
    participants.map((p) => [p.id, participantLaw(evaluator.ruleSet.jurisdictions, p)]),
  );
  const { now } = options;
  const start = notBefore(options.startsAt, now);
  const lead = policy.noticeEmail.leadTimeHours * 60;
  const input: ConsentInput = {
    meetingId: options.meetingId ?? 'simulated-meeting',
    policy,
    participants: participants.map((p) => ({
      ...p,
      allPartyJurisdiction: laws.get(p.id)?.allParty ?? false,
    })),
    scheduledAt: now === undefined ? plus(start, -7 * 24 * 60 - lead) : plus(now, 0),
    startsAt: start,
  };
  const actor = createActor(consentMachine, { input }).start();
  const refusals: Refusal[] = [];
  const send = (event: ConsentEvent) => {
    const before = actor.getSnapshot().context.refusalCount;
    actor.send(event);
    const { refusalCount, lastRefusal } = actor.getSnapshot().context;
    if (refusalCount > before && lastRefusal) refusals.push(lastRefusal);
  };
  if (actor.getSnapshot().context.participants.some((p) => p.noticeEmail)) {
    send({ type: 'SEND_NOTICE', at: notBefore(plus(start, -lead), now) });
  }
  send({ type: 'RECORDER_JOINED', at: start });
  for (const p of actor.getSnapshot().context.participants.filter((x) => x.mustConsent)) {
    const answer = options.answers?.[p.id] ?? 'accept';
    if (answer === 'no_answer') continue;
    const type = answer === 'accept' ? 'CONSENT_ACCEPTED' : 'CONSENT_DECLINED';
    send({ type, participantId: p.id, at: plus(start, 1) });
  }
  if (options.removedBy)
    send({ type: 'RECORDER_REMOVED', participantId: options.removedBy, at: plus(start, 2) });
  send({ type: 'MEETING_ENDED', at: plus(start, 60) });
  const { context, value } = actor.getSnapshot();
  actor.stop();
  const reminded = context.evidence.some((e) => e.kind === 'host_reminded_to_announce');
  return {
    wouldRecord: context.segments.length > 0,
    recordedFrom: context.segments[0]?.startedAt ?? null,
    finalState: stateName(value),
    recorderDisplayName: policy.recorderName,
    hostRemindedToAnnounce: reminded,
    participants: context.participants.map((p) => {
      const law = laws.get(p.id);
      return {
        id: p.id,
        internal: p.internal,
        jurisdiction: p.jurisdiction,
        jurisdictionName: law?.jurisdiction?.name ?? null,
        allPartyJurisdiction: p.allPartyJurisdiction,
        disputedJurisdiction: law?.disputed ?? false,
        noticeAtCollection: law?.noticeAtCollection ?? false,
        noticeEmail: context.evidence.some(
          (e) => e.kind === 'notice_email_sent' && e.participantId === p.id,
        ),
        consentPage: context.evidence.some(
          (e) => e.kind === 'consent_page_shown' && e.participantId === p.id,
        ),
        announcement: reminded,
        consent: p.consent,
      };
    }),
    findings,
    approvable: !findings.some((f) => f.color === 'red'),
    evidence: context.evidence,
    refusals,
  };
}
