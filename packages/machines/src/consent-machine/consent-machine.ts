import type {
  ConsentEvidence,
  ConsentEvidenceKind,
  ConsentPolicy,
  Participant,
} from '@capture-doctor/domain';
import { asksOnConsentPage } from '@capture-doctor/engine';
import { assertEvent, assign, setup } from 'xstate';
import type {
  ConsentEvent,
  ConsentInput,
  ConsentParticipant,
} from '../consent-events/consent-events.js';
import { type DiagramOptions, mermaidDiagram } from '../mermaid-diagram/mermaid-diagram.js';
import { type ConsentRefusalCode, consentRefusal, type Refusal } from '../refusals/refusals.js';

/** Where a participant stands on the consent page. */
export type ConsentStatus = 'not_asked' | 'pending' | 'accepted' | 'declined';

/** A participant during the meeting: who they are, what the policy asks of them, their answer. */
export interface ParticipantConsent extends ConsentParticipant {
  present: boolean;
  mustConsent: boolean;
  noticeEmail: boolean;
  consent: ConsentStatus;
}

/** One stretch of recording; `stoppedAt` is null while it runs. */
export interface RecordingSegment {
  startedAt: string;
  stoppedAt: string | null;
}

export interface ConsentContext {
  meetingId: string;
  policy: ConsentPolicy;
  startsAt: string;
  participants: ParticipantConsent[];
  evidence: ConsentEvidence[];
  segments: RecordingSegment[];
  lastRefusal: Refusal<ConsentRefusalCode> | null;
  refusalCount: number;
}

/**
 * Whether the policy sends this participant the notice email ahead of the call.
 * @example receivesNoticeEmail(policy, { internal: true }) // true only when the audience is everyone
 */
export function receivesNoticeEmail(
  policy: ConsentPolicy,
  participant: Pick<Participant, 'internal'>,
): boolean {
  if (!policy.noticeEmail.enabled) return false;
  return policy.noticeEmail.audience === 'everyone' || !participant.internal;
}

/**
 * Whether everyone present who must consent has accepted: the one condition for recording.
 * @example everyoneConsented([]) // true
 */
export function everyoneConsented(participants: readonly ParticipantConsent[]): boolean {
  return participants.every((p) => !p.present || !p.mustConsent || p.consent === 'accepted');
}

const refuse = (code: ConsentRefusalCode) => ({ type: 'refuse', params: { code } }) as const;

/**
 * Before the recorder joins, a participant the policy asks may already answer on the consent
 * page (from the notice email's link) and change the answer; it stands when the recorder joins.
 */
const answersBeforeTheCall = {
  CONSENT_ACCEPTED: [
    { guard: 'unknownParticipant', actions: refuse('unknown_participant') },
    { guard: 'consentNotRequested', actions: refuse('consent_not_requested') },
    { guard: 'acceptValid', actions: 'accept' },
    { actions: refuse('consent_already_given') },
  ],
  CONSENT_DECLINED: [
    { guard: 'unknownParticipant', actions: refuse('unknown_participant') },
    { guard: 'consentNotRequested', actions: refuse('consent_not_requested') },
    { guard: 'declineValid', actions: 'decline' },
    { actions: refuse('consent_already_declined') },
  ],
} as const;

/**
 * Before the recorder joins, the meeting may still move (its start with it) or be called off;
 * the service records those steps in the evidence itself, with the notices they moved.
 */
const changesBeforeTheCall = {
  MEETING_MOVED: { actions: 'reschedule' },
  MEETING_CANCELLED: { target: '#consent.cancelled' },
} as const;

type EvidenceItem = {
  at: string;
  kind: ConsentEvidenceKind;
  participantId: string | null;
  detail?: ConsentEvidence['detail'];
};

const withEvidence = (
  context: ConsentContext,
  items: readonly EvidenceItem[],
): ConsentEvidence[] => [
  ...context.evidence,
  ...items.map((item, index) => ({
    seq: context.evidence.length + index + 1,
    at: item.at,
    meetingId: context.meetingId,
    policyId: context.policy.id,
    policyVersion: context.policy.version,
    kind: item.kind,
    participantId: item.participantId,
    detail: item.detail ?? {},
  })),
];

const eventParticipantId = (event: ConsentEvent): string | null =>
  'participantId' in event ? event.participantId : null;

const find = (context: ConsentContext, id: string | null): ParticipantConsent | undefined =>
  context.participants.find((p) => p.id === id);

const update = (
  context: ConsentContext,
  id: string,
  change: Partial<ParticipantConsent>,
): ParticipantConsent[] => context.participants.map((p) => (p.id === id ? { ...p, ...change } : p));

const noticeRecipients = (context: ConsentContext) =>
  context.participants.filter((p) => p.noticeEmail);

const canAnswer = (context: ConsentContext, event: ConsentEvent, not: ConsentStatus): boolean => {
  const p = find(context, eventParticipantId(event));
  return p?.present === true && p.mustConsent && p.consent !== not;
};

/**
 * The participants once `joiner` is in the call. All-party law of any participant reaches the
 * whole conversation, so a joiner from such a jurisdiction can put people already present in
 * front of the consent page as well; they and the joiner (unless they accepted before) are
 * then pending.
 */
function withJoiner(context: ConsentContext, joiner: ConsentParticipant): ParticipantConsent[] {
  const known = find(context, joiner.id);
  const listed: ParticipantConsent[] = known
    ? update(context, joiner.id, { present: true })
    : [
        ...context.participants,
        { ...joiner, present: true, mustConsent: false, noticeEmail: false, consent: 'not_asked' },
      ];
  const allParty = listed.some((p) => p.allPartyJurisdiction);
  return listed.map((p) => {
    const must = p.mustConsent || asksOnConsentPage(context.policy, p, allParty);
    const asked = p.id === joiner.id ? p.consent !== 'accepted' : p.consent === 'not_asked';
    return { ...p, mustConsent: must, consent: p.present && must && asked ? 'pending' : p.consent };
  });
}

const hoursBetween = (from: string, to: string): number =>
  Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 100) / 100;

/**
 * The recording-consent flow of one meeting. It records only while everyone present who must
 * consent has accepted, stops at once when the recorder is removed, and writes every step as
 * consent evidence. Time comes only from the input and the events, never from a clock.
 * @example createActor(consentMachine, { input }).start().send({ type: 'SEND_NOTICE', at })
 */
export const consentMachine = setup({
  types: {
    context: {} as ConsentContext,
    events: {} as ConsentEvent,
    input: {} as ConsentInput,
  },
  guards: {
    noticeNotRequired: ({ context }) => noticeRecipients(context).length === 0,
    noticeRequired: ({ context }) => noticeRecipients(context).length > 0,
    // True as well when everyone asked answered the consent page before the recorder joined.
    everyoneConsented: ({ context }) => everyoneConsented(context.participants),
    unknownParticipant: ({ context, event }) =>
      find(context, eventParticipantId(event)) === undefined,
    participantNotPresent: ({ context, event }) =>
      find(context, eventParticipantId(event))?.present === false,
    consentNotRequested: ({ context, event }) =>
      find(context, eventParticipantId(event))?.mustConsent === false,
    acceptCompletesConsent: ({ context, event }) =>
      canAnswer(context, event, 'accepted') &&
      everyoneConsented(update(context, eventParticipantId(event) ?? '', { consent: 'accepted' })),
    acceptValid: ({ context, event }) => canAnswer(context, event, 'accepted'),
    declineValid: ({ context, event }) => canAnswer(context, event, 'declined'),
    joinValid: ({ context, event }) =>
      event.type === 'PARTICIPANT_JOINED' && find(context, event.participant.id)?.present !== true,
    joinerNeedsConsent: ({ context, event }) =>
      event.type === 'PARTICIPANT_JOINED' &&
      find(context, event.participant.id)?.present !== true &&
      !everyoneConsented(withJoiner(context, event.participant)),
    leaveCompletesConsent: ({ context, event }) => {
      const p = find(context, eventParticipantId(event));
      return p?.present === true && everyoneConsented(update(context, p.id, { present: false }));
    },
    leaveValid: ({ context, event }) => find(context, eventParticipantId(event))?.present === true,
    // Only a meeting that has not started yet may come back; a late return stays called off.
    restoredTooLate: ({ event }) =>
      event.type === 'MEETING_RESTORED' && Date.parse(event.at) >= Date.parse(event.startsAt),
    noticeWasSent: ({ context }) => context.evidence.some((e) => e.kind === 'notice_email_sent'),
  },
  actions: {
    refuse: assign(({ context, event }, params: { code: ConsentRefusalCode }) => ({
      lastRefusal: consentRefusal(params.code, event.type),
      refusalCount: context.refusalCount + 1,
    })),
    sendNotice: assign(({ context, event }) => {
      assertEvent(event, 'SEND_NOTICE');
      const detail = {
        recorderName: context.policy.recorderName,
        hoursBeforeStart: hoursBetween(event.at, context.startsAt),
        policyLeadTimeHours: context.policy.noticeEmail.leadTimeHours,
      };
      return {
        evidence: withEvidence(
          context,
          noticeRecipients(context).map((p) => ({
            at: event.at,
            kind: 'notice_email_sent' as const,
            participantId: p.id,
            detail,
          })),
        ),
      };
    }),
    joinRecorder: assign(({ context, event }) => {
      assertEvent(event, 'RECORDER_JOINED');
      // An answer given on the consent page before the call stands; the others are asked now.
      const asked = context.participants.filter(
        (p) => p.present && p.mustConsent && (p.consent === 'not_asked' || p.consent === 'pending'),
      );
      const askedIds = new Set(asked.map((p) => p.id));
      const items: EvidenceItem[] = [
        {
          at: event.at,
          kind: 'recorder_joined',
          participantId: null,
          detail: { displayName: context.policy.recorderName, visibleToParticipants: true },
        },
      ];
      if (context.policy.announcement.enabled) {
        items.push({ at: event.at, kind: 'host_reminded_to_announce', participantId: null });
      }
      for (const p of asked) {
        items.push({ at: event.at, kind: 'consent_page_shown', participantId: p.id });
      }
      return {
        participants: context.participants.map((p) =>
          askedIds.has(p.id) ? { ...p, consent: 'pending' as const } : p,
        ),
        evidence: withEvidence(context, items),
      };
    }),
    accept: assign(({ context, event }) => {
      assertEvent(event, 'CONSENT_ACCEPTED');
      return {
        participants: update(context, event.participantId, { consent: 'accepted' }),
        evidence: withEvidence(context, [
          { at: event.at, kind: 'consent_accepted', participantId: event.participantId },
        ]),
      };
    }),
    decline: assign(({ context, event }) => {
      assertEvent(event, 'CONSENT_DECLINED');
      return {
        participants: update(context, event.participantId, { consent: 'declined' }),
        evidence: withEvidence(context, [
          { at: event.at, kind: 'consent_declined', participantId: event.participantId },
        ]),
      };
    }),
    addParticipant: assign(({ context, event }) => {
      assertEvent(event, 'PARTICIPANT_JOINED');
      const joinerId = event.participant.id;
      const participants = withJoiner(context, event.participant);
      const shown = participants.filter(
        (p) =>
          p.consent === 'pending' &&
          (p.id === joinerId || find(context, p.id)?.consent !== 'pending'),
      );
      const items: EvidenceItem[] = [
        { at: event.at, kind: 'participant_joined', participantId: joinerId },
        ...shown.map((p) => ({
          at: event.at,
          kind: 'consent_page_shown' as const,
          participantId: p.id,
        })),
      ];
      return { participants, evidence: withEvidence(context, items) };
    }),
    markLeft: assign(({ context, event }) => {
      assertEvent(event, 'PARTICIPANT_LEFT');
      return {
        participants: update(context, event.participantId, { present: false }),
        evidence: withEvidence(context, [
          { at: event.at, kind: 'participant_left', participantId: event.participantId },
        ]),
      };
    }),
    removeRecorder: assign(({ context, event }) => {
      assertEvent(event, 'RECORDER_REMOVED');
      return {
        evidence: withEvidence(context, [
          { at: event.at, kind: 'recorder_removed', participantId: event.participantId },
        ]),
      };
    }),
    endMeeting: assign(({ context, event }) => {
      assertEvent(event, 'MEETING_ENDED');
      return {
        evidence: withEvidence(context, [
          { at: event.at, kind: 'meeting_ended', participantId: null },
        ]),
      };
    }),
    // Every later decision (the notice's lead time, whether it may come back) uses the new start.
    reschedule: assign(({ event }) => {
      assertEvent(event, ['MEETING_MOVED', 'MEETING_RESTORED']);
      return { startsAt: event.startsAt };
    }),
    startRecording: assign(({ context, event }) => ({
      segments: [...context.segments, { startedAt: event.at, stoppedAt: null }],
      evidence: withEvidence(context, [
        { at: event.at, kind: 'recording_started', participantId: null },
      ]),
    })),
    stopRecording: assign(({ context, event }) => ({
      segments: context.segments.map((s) =>
        s.stoppedAt === null ? { ...s, stoppedAt: event.at } : s,
      ),
      evidence: withEvidence(context, [
        {
          at: event.at,
          kind: 'recording_stopped',
          participantId: eventParticipantId(event),
          detail: { because: event.type },
        },
      ]),
    })),
  },
}).createMachine({
  id: 'consent',
  context: ({ input }) => {
    const allParty = input.participants.some((p) => p.allPartyJurisdiction);
    const participants = input.participants.map((p) => ({
      ...p,
      present: true,
      mustConsent: asksOnConsentPage(input.policy, p, allParty),
      noticeEmail: receivesNoticeEmail(input.policy, p),
      consent: 'not_asked' as const,
    }));
    const base: ConsentContext = {
      meetingId: input.meetingId,
      policy: input.policy,
      startsAt: input.startsAt,
      participants,
      evidence: [],
      segments: [],
      lastRefusal: null,
      refusalCount: 0,
    };
    return {
      ...base,
      evidence: withEvidence(base, [
        {
          at: input.scheduledAt,
          kind: 'meeting_scheduled',
          participantId: null,
          detail: { startsAt: input.startsAt, participantCount: participants.length },
        },
      ]),
    };
  },
  initial: 'scheduled',
  on: {
    SEND_NOTICE: { actions: refuse('meeting_started') },
    RECORDER_JOINED: { actions: refuse('recorder_already_joined') },
    PARTICIPANT_JOINED: { actions: refuse('recorder_not_in_call') },
    PARTICIPANT_LEFT: { actions: refuse('recorder_not_in_call') },
    RECORDER_REMOVED: { actions: refuse('recorder_not_in_call') },
    MEETING_MOVED: { actions: refuse('meeting_in_progress') },
    MEETING_CANCELLED: { actions: refuse('meeting_in_progress') },
    MEETING_RESTORED: { actions: refuse('meeting_not_cancelled') },
  },
  states: {
    scheduled: {
      description: 'The meeting is on the calendar with its participants.',
      on: {
        SEND_NOTICE: [
          { guard: 'noticeNotRequired', actions: refuse('notice_not_required') },
          { target: 'noticeSent', actions: 'sendNotice' },
        ],
        RECORDER_JOINED: [
          { guard: 'noticeRequired', actions: refuse('notice_not_sent') },
          { guard: 'everyoneConsented', target: 'inCall.recording', actions: 'joinRecorder' },
          { target: 'inCall.awaitingConsent', actions: 'joinRecorder' },
        ],
        MEETING_ENDED: { target: 'ended', actions: 'endMeeting' },
        ...answersBeforeTheCall,
        ...changesBeforeTheCall,
      },
    },
    noticeSent: {
      description: 'The notice email went to the participants the policy names.',
      on: {
        SEND_NOTICE: { actions: refuse('notice_already_sent') },
        RECORDER_JOINED: [
          { guard: 'everyoneConsented', target: 'inCall.recording', actions: 'joinRecorder' },
          { target: 'inCall.awaitingConsent', actions: 'joinRecorder' },
        ],
        MEETING_ENDED: { target: 'ended', actions: 'endMeeting' },
        ...answersBeforeTheCall,
        ...changesBeforeTheCall,
      },
    },
    inCall: {
      description: 'The recorder is in the call as a visible participant under its display name.',
      initial: 'awaitingConsent',
      on: {
        CONSENT_ACCEPTED: [
          { guard: 'unknownParticipant', actions: refuse('unknown_participant') },
          { guard: 'participantNotPresent', actions: refuse('participant_not_present') },
          { guard: 'consentNotRequested', actions: refuse('consent_not_requested') },
          { actions: refuse('consent_already_given') },
        ],
        CONSENT_DECLINED: [
          { guard: 'unknownParticipant', actions: refuse('unknown_participant') },
          { guard: 'participantNotPresent', actions: refuse('participant_not_present') },
          { guard: 'consentNotRequested', actions: refuse('consent_not_requested') },
          { actions: refuse('consent_already_declined') },
        ],
        PARTICIPANT_JOINED: { actions: refuse('participant_already_present') },
        PARTICIPANT_LEFT: [
          { guard: 'unknownParticipant', actions: refuse('unknown_participant') },
          { actions: refuse('participant_not_present') },
        ],
        RECORDER_REMOVED: [
          { guard: 'unknownParticipant', actions: refuse('unknown_participant') },
          { guard: 'participantNotPresent', actions: refuse('participant_not_present') },
          { target: 'recorderRemoved', actions: 'removeRecorder' },
        ],
        MEETING_ENDED: { target: 'ended', actions: 'endMeeting' },
      },
      states: {
        awaitingConsent: {
          description: 'Not recording: someone who must consent has not accepted.',
          on: {
            CONSENT_ACCEPTED: [
              { guard: 'acceptCompletesConsent', target: 'recording', actions: 'accept' },
              { guard: 'acceptValid', actions: 'accept' },
            ],
            CONSENT_DECLINED: { guard: 'declineValid', actions: 'decline' },
            PARTICIPANT_JOINED: { guard: 'joinValid', actions: 'addParticipant' },
            PARTICIPANT_LEFT: [
              { guard: 'leaveCompletesConsent', target: 'recording', actions: 'markLeft' },
              { guard: 'leaveValid', actions: 'markLeft' },
            ],
          },
        },
        recording: {
          description: 'Recording: everyone present who must consent has accepted.',
          entry: 'startRecording',
          exit: 'stopRecording',
          on: {
            CONSENT_DECLINED: {
              guard: 'declineValid',
              target: 'awaitingConsent',
              actions: 'decline',
            },
            PARTICIPANT_JOINED: [
              { guard: 'joinerNeedsConsent', target: 'awaitingConsent', actions: 'addParticipant' },
              { guard: 'joinValid', actions: 'addParticipant' },
            ],
            PARTICIPANT_LEFT: { guard: 'leaveValid', actions: 'markLeft' },
          },
        },
      },
    },
    recorderRemoved: {
      description: 'A participant removed the recorder: nothing is captured from then on.',
      on: {
        SEND_NOTICE: { actions: refuse('recorder_removed') },
        RECORDER_JOINED: { actions: refuse('recorder_removed') },
        PARTICIPANT_JOINED: { actions: refuse('recorder_removed') },
        PARTICIPANT_LEFT: { actions: refuse('recorder_removed') },
        CONSENT_ACCEPTED: { actions: refuse('recorder_removed') },
        CONSENT_DECLINED: { actions: refuse('recorder_removed') },
        RECORDER_REMOVED: { actions: refuse('recorder_removed') },
        MEETING_ENDED: { target: 'ended', actions: 'endMeeting' },
        MEETING_MOVED: { actions: refuse('recorder_removed') },
        MEETING_CANCELLED: { actions: refuse('recorder_removed') },
        MEETING_RESTORED: { actions: refuse('recorder_removed') },
      },
    },
    cancelled: {
      description:
        'The meeting was called off before it started: the recorder may not join and nothing is recorded, unless it comes back before its start.',
      on: {
        SEND_NOTICE: { actions: refuse('meeting_cancelled') },
        RECORDER_JOINED: { actions: refuse('meeting_cancelled') },
        PARTICIPANT_JOINED: { actions: refuse('meeting_cancelled') },
        PARTICIPANT_LEFT: { actions: refuse('meeting_cancelled') },
        CONSENT_ACCEPTED: { actions: refuse('meeting_cancelled') },
        CONSENT_DECLINED: { actions: refuse('meeting_cancelled') },
        RECORDER_REMOVED: { actions: refuse('meeting_cancelled') },
        MEETING_ENDED: { actions: refuse('meeting_cancelled') },
        MEETING_MOVED: { actions: refuse('meeting_cancelled') },
        MEETING_CANCELLED: { actions: refuse('meeting_cancelled') },
        MEETING_RESTORED: [
          { guard: 'restoredTooLate', actions: refuse('restored_too_late') },
          // Back where it was: a notice already sent counts as sent.
          { guard: 'noticeWasSent', target: 'noticeSent', actions: 'reschedule' },
          { target: 'scheduled', actions: 'reschedule' },
        ],
      },
    },
    ended: {
      description: 'The meeting is over; its consent evidence is complete.',
      type: 'final',
    },
  },
});

export type ConsentMachine = typeof consentMachine;

/**
 * The recording-consent machine as a Mermaid state diagram, for the docs site.
 * @example consentDiagram().includes('recorderRemoved') // true
 */
export function consentDiagram(options: DiagramOptions = {}): string {
  return mermaidDiagram(consentMachine, options);
}
