import type { ConsentEvidence } from '@capture-doctor/domain';
import { ConsentPolicy } from '@capture-doctor/domain';
import {
  type ConsentContext,
  type ConsentEvent,
  type ConsentInput,
  type EventResult,
  restoreConsentActor,
  sendConsentEvent,
} from '@capture-doctor/machines';
import type { JsonObject, Store, StoredMeeting } from '@capture-doctor/store';
import { notFound, ProblemError } from '../../problem/problem.js';
import { isAllParty } from './consent-law.js';
import { appendEvidence, type ConsentMethod, type MeetingStore } from './record-evidence.js';

/** A consent machine step that was applied: the machine's outcome and the meeting it moved. */
export interface ConsentStep {
  meeting: StoredMeeting;
  result: EventResult<ConsentContext>;
}

/**
 * The approved policy version a meeting runs under, with the stored version number in force
 * (a number inside the body is never believed over the store's).
 * @example const policy = await meetingPolicy(store, 'acme', 3)
 */
export async function meetingPolicy(
  store: Pick<Store, 'consentPolicies'>,
  companyId: string,
  version: number,
): Promise<ConsentPolicy> {
  const stored = await store.consentPolicies.get(companyId, version);
  if (!stored) throw notFound('consent policy', String(version));
  return { ...ConsentPolicy.parse(stored.body), version: stored.version };
}

/**
 * What the consent machine is created with for a meeting: its participants with whether their
 * law asks for every party's consent.
 * @example consentInput(meeting, policy, now)
 */
export function consentInput(
  meeting: Pick<StoredMeeting, 'id' | 'startsAt' | 'participants'>,
  policy: ConsentPolicy,
  scheduledAt: string,
): ConsentInput {
  return {
    meetingId: meeting.id,
    policy,
    participants: meeting.participants.map((p) => consentParticipant(p)),
    scheduledAt,
    startsAt: meeting.startsAt,
  };
}

/**
 * A stored participant as the consent machine sees them.
 * @example consentParticipant({ id: 'p1', email, name: null, internal: false, jurisdiction: 'DE' }).allPartyJurisdiction // true
 */
export function consentParticipant(p: StoredMeeting['participants'][number]) {
  const participant = {
    id: p.id,
    email: p.email,
    ...(p.name === null ? {} : { name: p.name }),
    internal: p.internal,
    jurisdiction: p.jurisdiction,
    joinsByPhone: false,
  };
  return { ...participant, allPartyJurisdiction: isAllParty(participant) };
}

/**
 * Sends one event to a meeting's consent machine, restored from its stored snapshot, in one
 * transaction: the machine decides; an accepted event stores the new snapshot and appends
 * the evidence the machine wrote to the meeting's hash chain. A refused event changes nothing
 * and answers 409 with the machine's code.
 * @example await applyConsentEvent(store, 'acme', meetingId, { type: 'RECORDER_JOINED', at })
 */
export function applyConsentEvent(
  store: Pick<Store, 'transaction'>,
  companyId: string,
  meetingId: string,
  event: ConsentEvent,
  method: ConsentMethod = 'consent_page',
): Promise<ConsentStep> {
  return store.transaction((tx) => consentEventIn(tx, companyId, meetingId, event, method));
}

/**
 * `applyConsentEvent` inside a transaction the caller holds, so the step and what follows from
 * it (a meeting moved, its notices queued again) are kept together or not at all.
 * @example await store.transaction((tx) => consentEventIn(tx, 'acme', meetingId, event, 'not_asked'))
 */
export async function consentEventIn(
  tx: MeetingStore,
  companyId: string,
  meetingId: string,
  event: ConsentEvent,
  method: ConsentMethod,
): Promise<ConsentStep> {
  // Taken before the snapshot is read: a step running at once in another process waits here,
  // then starts from what this one saved instead of overwriting it with a stale transition.
  await tx.meetings.lock(companyId, meetingId);
  const meeting = await tx.meetings.get(companyId, meetingId);
  const persisted = await tx.meetings.consentState(companyId, meetingId);
  if (!meeting || persisted === null) throw notFound('meeting', meetingId);
  const before = restoreConsentActor(persisted).context.evidence.length;
  const policy = await meetingPolicy(tx, companyId, meeting.policyVersion);
  const result = sendConsentEvent(
    persisted,
    consentInput(meeting, policy, meeting.createdAt),
    event,
  );
  if (result.refusal) {
    throw new ProblemError(
      409,
      'consent-refused',
      'Refused by the consent machine',
      result.refusal.message,
      {
        code: result.refusal.code,
      },
    );
  }
  await tx.meetings.saveConsentState(companyId, meetingId, result.persisted);
  await appendMachineEvidence(
    tx,
    companyId,
    result.context,
    result.context.evidence.slice(before),
    method,
  );
  return { meeting, result };
}

/**
 * Records a participant's answer on the consent page through the consent machine (the only
 * way an answer becomes consent), as evidence with the method `consent_page`.
 * @example await answerConsent(store, 'acme', meetingId, 'p2', 'accept', at)
 */
export function answerConsent(
  store: Pick<Store, 'transaction'>,
  companyId: string,
  meetingId: string,
  participantId: string,
  decision: 'accept' | 'decline',
  at: string,
): Promise<ConsentStep> {
  const type = decision === 'accept' ? 'CONSENT_ACCEPTED' : 'CONSENT_DECLINED';
  return applyConsentEvent(
    store,
    companyId,
    meetingId,
    { type, participantId, at },
    'consent_page',
  );
}

/**
 * Appends what the consent machine wrote, adding how consent was given: the method of an
 * answer, and on each start of recording how every participant present is covered.
 * @example await appendMachineEvidence(tx, 'acme', context, context.evidence, 'consent_page')
 */
export function appendMachineEvidence(
  store: MeetingStore,
  companyId: string,
  context: ConsentContext,
  evidence: readonly ConsentEvidence[],
  method: ConsentMethod,
) {
  return appendEvidence(
    store,
    companyId,
    context.meetingId,
    evidence.map((e) => ({
      kind: e.kind,
      participantId: e.participantId,
      at: e.at,
      details: { ...e.detail, policyId: e.policyId, ...howGiven(context, e, method) },
    })),
  );
}

function howGiven(context: ConsentContext, e: ConsentEvidence, method: ConsentMethod): JsonObject {
  if (e.kind === 'consent_accepted' || e.kind === 'consent_declined') return { method };
  if (e.kind === 'notice_email_sent') return { isConsent: false };
  if (e.kind !== 'recording_started') return {};
  const noticed = new Set(
    context.evidence.filter((x) => x.kind === 'notice_email_sent').map((x) => x.participantId),
  );
  const basis: JsonObject = {};
  for (const p of context.participants.filter((x) => x.present)) {
    basis[p.id] = coverage(p, noticed.has(p.id), context.policy.announcement.enabled);
  }
  return { consentBasis: basis };
}

function coverage(
  p: ConsentContext['participants'][number],
  noticed: boolean,
  announced: boolean,
): ConsentMethod {
  if (p.mustConsent && p.consent === 'accepted') return 'consent_page';
  if (noticed) return 'continued_after_notice';
  if (announced) return 'verbal_announcement';
  return 'not_asked';
}
