import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { ConsentInput } from '../consent-events/consent-events.js';
import { sendConsentEvent, stateName } from '../send-event/send-event.js';
import {
  callAt,
  consentEvents,
  consentInput,
  coverageInputs,
  guest,
  lateExternal,
  movedTo,
  noticeAt,
  scheduledAt,
  startsAt,
  texanHost,
} from '../test-support/consent-fixtures.js';
import { consentDiagram, consentMachine, everyoneConsented } from './consent-machine.js';

const start = (input: ConsentInput = consentInput()) =>
  createActor(consentMachine, { input }).start();

const later = (minutes: number) => new Date(Date.parse(callAt) + minutes * 60_000).toISOString();

function inCall(input?: ConsentInput) {
  const actor = start(input);
  actor.send({ type: 'SEND_NOTICE', at: noticeAt });
  actor.send({ type: 'RECORDER_JOINED', at: callAt });
  return actor;
}

describe('consent machine', () => {
  it('sends the notice email only to external participants when the policy says so', () => {
    const actor = start();
    actor.send({ type: 'SEND_NOTICE', at: noticeAt });
    const notices = actor
      .getSnapshot()
      .context.evidence.filter((e) => e.kind === 'notice_email_sent');
    expect(notices.map((e) => e.participantId)).toEqual(['guest']);
    expect(notices[0]?.detail).toMatchObject({
      hoursBeforeStart: 24,
      recorderName: 'Acme Notetaker',
    });
  });

  it('refuses to let the recorder join before a required notice email was sent', () => {
    const actor = start();
    actor.send({ type: 'RECORDER_JOINED', at: callAt });
    expect(stateName(actor.getSnapshot().value)).toBe('scheduled');
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('notice_not_sent');
  });

  it('the recorder joins visibly under the configured name and reminds the host to announce', () => {
    const evidence = inCall().getSnapshot().context.evidence;
    const joined = evidence.find((e) => e.kind === 'recorder_joined');
    expect(joined?.detail).toEqual({ displayName: 'Acme Notetaker', visibleToParticipants: true });
    expect(evidence.map((e) => e.kind)).toContain('host_reminded_to_announce');
    const shown = evidence
      .filter((e) => e.kind === 'consent_page_shown')
      .map((e) => e.participantId);
    expect(shown).toEqual(['host', 'guest']);
  });

  it('an answer given on the consent page before the call stands when the recorder joins', () => {
    const actor = start();
    actor.send({ type: 'CONSENT_DECLINED', participantId: 'guest', at: noticeAt });
    actor.send({ type: 'SEND_NOTICE', at: noticeAt });
    // Changed before the call: the latest answer is the one that counts.
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'guest', at: later(-30) });
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'host', at: later(-20) });
    expect(stateName(actor.getSnapshot().value)).toBe('noticeSent');
    actor.send({ type: 'RECORDER_JOINED', at: callAt });
    const snapshot = actor.getSnapshot();
    expect(stateName(snapshot.value)).toBe('inCall.recording');
    expect(snapshot.context.participants.map((p) => p.consent)).toEqual(['accepted', 'accepted']);
    // Nobody who already answered is shown the page again as if they had not.
    expect(snapshot.context.evidence.filter((e) => e.kind === 'consent_page_shown')).toEqual([]);
  });

  it('before the call, a decline stands and keeps the recorder waiting; a stranger is refused', () => {
    const actor = start();
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'nobody', at: noticeAt });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('unknown_participant');
    actor.send({ type: 'CONSENT_DECLINED', participantId: 'guest', at: noticeAt });
    actor.send({ type: 'CONSENT_DECLINED', participantId: 'guest', at: noticeAt });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('consent_already_declined');
    actor.send({ type: 'SEND_NOTICE', at: noticeAt });
    actor.send({ type: 'RECORDER_JOINED', at: callAt });
    const snapshot = actor.getSnapshot();
    expect(stateName(snapshot.value)).toBe('inCall.awaitingConsent');
    expect(snapshot.context.participants.map((p) => [p.id, p.consent])).toEqual([
      ['host', 'pending'],
      ['guest', 'declined'],
    ]);
  });

  it('records only once everyone who must consent has accepted', () => {
    const actor = inCall();
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'host', at: later(1) });
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.awaitingConsent');
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'guest', at: later(2) });
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.recording');
    expect(actor.getSnapshot().context.segments).toEqual([
      { startedAt: later(2), stoppedAt: null },
    ]);
  });

  it('a decline stops the recording at once, and a late joiner who must consent pauses it', () => {
    const actor = inCall();
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'host', at: later(1) });
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'guest', at: later(2) });
    actor.send({ type: 'CONSENT_DECLINED', participantId: 'guest', at: later(3) });
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.awaitingConsent');
    actor.send({ type: 'PARTICIPANT_LEFT', participantId: 'guest', at: later(4) });
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.recording');
    actor.send({ type: 'PARTICIPANT_JOINED', participant: lateExternal, at: later(5) });
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.awaitingConsent');
    expect(actor.getSnapshot().context.segments).toEqual([
      { startedAt: later(2), stoppedAt: later(3) },
      { startedAt: later(4), stoppedAt: later(5) },
    ]);
  });

  it('removing the recorder stops recording at once and nothing is recorded after', () => {
    const actor = inCall();
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'host', at: later(1) });
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'guest', at: later(2) });
    actor.send({ type: 'RECORDER_REMOVED', participantId: 'guest', at: later(3) });
    actor.send({ type: 'RECORDER_JOINED', at: later(4) });
    const s = actor.getSnapshot();
    expect(stateName(s.value)).toBe('recorderRemoved');
    expect(s.context.lastRefusal?.code).toBe('recorder_removed');
    expect(s.context.segments).toEqual([{ startedAt: later(2), stoppedAt: later(3) }]);
    const removed = s.context.evidence.find((e) => e.kind === 'recorder_removed');
    expect(removed).toMatchObject({ participantId: 'guest', at: later(3) });
  });

  it('without a consent page the recorder records as soon as it joins', () => {
    const actor = inCall(consentInput({ consentPage: { enabled: false, audience: 'everyone' } }));
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.recording');
  });

  it('a consent page for external participants asks only the guest', () => {
    const actor = inCall(consentInput({ consentPage: { enabled: true, audience: 'external' } }));
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'host', at: later(1) });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('consent_not_requested');
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'guest', at: later(1) });
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.recording');
  });

  it('every evidence event names the meeting, the policy version, who and when', () => {
    const actor = inCall();
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'guest', at: later(1) });
    actor.send({ type: 'MEETING_ENDED', at: later(30) });
    const evidence = actor.getSnapshot().context.evidence;
    expect(evidence.map((e) => e.seq)).toEqual(evidence.map((_, i) => i + 1));
    expect(evidence.every((e) => e.meetingId === 'meeting-1' && e.policyVersion === 3)).toBe(true);
    expect(evidence.find((e) => e.kind === 'consent_accepted')).toMatchObject({
      participantId: 'guest',
      at: later(1),
      policyId: 'policy-acme',
    });
    expect(evidence.at(-1)?.kind).toBe('meeting_ended');
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('the same events always give the same evidence: time comes only from the events', () => {
    const run = () => {
      const actor = inCall();
      actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'host', at: later(1) });
      return actor.getSnapshot().context.evidence;
    };
    expect(run()).toEqual(run());
  });

  it('a persisted snapshot restores mid-call and carries on', () => {
    const actor = inCall();
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'host', at: later(1) });
    const stored = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    const restored = createActor(consentMachine, {
      snapshot: stored,
      input: consentInput(),
    }).start();
    restored.send({ type: 'CONSENT_ACCEPTED', participantId: 'guest', at: later(2) });
    expect(stateName(restored.getSnapshot().value)).toBe('inCall.recording');
  });

  it('sendConsentEvent refuses events once the meeting has ended', () => {
    const input = consentInput();
    const ended = sendConsentEvent(null, input, { type: 'MEETING_ENDED', at: callAt });
    expect(ended).toMatchObject({ state: 'ended', done: true, refusal: null });
    const after = sendConsentEvent(ended.persisted, input, { type: 'SEND_NOTICE', at: callAt });
    expect(after.refusal?.code).toBe('meeting_ended');
  });

  it('exports a Mermaid diagram generated from the machine', () => {
    const diagram = consentDiagram();
    expect(diagram).toContain('state inCall {');
    expect(diagram).toContain('inCall --> recorderRemoved : RECORDER_REMOVED');
    expect(diagram).toContain('ended --> [*]');
  });
});

describe('a meeting that moves or is called off before it starts', () => {
  it('a moved meeting keeps its new start: the notice counts its hours from it', () => {
    const actor = start();
    actor.send({ type: 'MEETING_MOVED', startsAt: movedTo, at: scheduledAt });
    expect(actor.getSnapshot().context.startsAt).toBe(movedTo);
    actor.send({ type: 'SEND_NOTICE', at: noticeAt });
    const notice = actor.getSnapshot().context.evidence.find((e) => e.kind === 'notice_email_sent');
    expect(notice?.detail).toMatchObject({ hoursBeforeStart: 48 });
    // Moving again after the notice went out keeps it sent.
    actor.send({ type: 'MEETING_MOVED', startsAt, at: noticeAt });
    expect(stateName(actor.getSnapshot().value)).toBe('noticeSent');
    expect(actor.getSnapshot().context.startsAt).toBe(startsAt);
  });

  it('a called-off meeting refuses the recorder and every answer, with its reason', () => {
    const actor = start();
    actor.send({ type: 'SEND_NOTICE', at: noticeAt });
    actor.send({ type: 'MEETING_CANCELLED', at: noticeAt });
    expect(stateName(actor.getSnapshot().value)).toBe('cancelled');
    for (const event of [
      { type: 'RECORDER_JOINED', at: callAt },
      { type: 'CONSENT_ACCEPTED', participantId: 'guest', at: callAt },
      { type: 'MEETING_MOVED', startsAt: movedTo, at: callAt },
      { type: 'MEETING_ENDED', at: callAt },
    ] as const) {
      const before = actor.getSnapshot().context.refusalCount;
      actor.send(event);
      const { context } = actor.getSnapshot();
      expect(context.refusalCount).toBe(before + 1);
      expect(context.lastRefusal).toMatchObject({
        code: 'meeting_cancelled',
        eventType: event.type,
        message: expect.stringMatching(/called off/),
      });
    }
    expect(stateName(actor.getSnapshot().value)).toBe('cancelled');
    expect(actor.getSnapshot().context.segments).toEqual([]);
  });

  it('a meeting back before its start returns to where it was, at its new start', () => {
    const noticed = start();
    noticed.send({ type: 'SEND_NOTICE', at: noticeAt });
    noticed.send({ type: 'MEETING_CANCELLED', at: noticeAt });
    noticed.send({ type: 'MEETING_RESTORED', startsAt: movedTo, at: noticeAt });
    expect(stateName(noticed.getSnapshot().value)).toBe('noticeSent');
    expect(noticed.getSnapshot().context.startsAt).toBe(movedTo);
    // Its notice went out before: the recorder may join without another.
    noticed.send({ type: 'RECORDER_JOINED', at: movedTo });
    expect(stateName(noticed.getSnapshot().value)).toBe('inCall.awaitingConsent');

    const quiet = start();
    quiet.send({ type: 'MEETING_CANCELLED', at: scheduledAt });
    quiet.send({ type: 'MEETING_RESTORED', startsAt, at: noticeAt });
    expect(stateName(quiet.getSnapshot().value)).toBe('scheduled');
  });

  it('a meeting back only after its start stays called off', () => {
    const actor = start();
    actor.send({ type: 'MEETING_CANCELLED', at: scheduledAt });
    actor.send({ type: 'MEETING_RESTORED', startsAt, at: callAt });
    expect(stateName(actor.getSnapshot().value)).toBe('cancelled');
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('restored_too_late');
    expect(actor.getSnapshot().context.startsAt).toBe(startsAt);
  });

  it('once the recorder is in, the meeting can no longer move or be called off', () => {
    const actor = inCall();
    actor.send({ type: 'MEETING_MOVED', startsAt: movedTo, at: callAt });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('meeting_in_progress');
    actor.send({ type: 'MEETING_CANCELLED', at: callAt });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('meeting_in_progress');
    expect(actor.getSnapshot().context.startsAt).toBe(startsAt);
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.awaitingConsent');
    actor.send({ type: 'MEETING_RESTORED', startsAt: movedTo, at: callAt });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('meeting_not_cancelled');
  });

  it('the answer to a called-off meeting survives a restore from its stored snapshot', () => {
    const cancelled = sendConsentEvent(null, consentInput(), {
      type: 'MEETING_CANCELLED',
      at: scheduledAt,
    });
    const refused = sendConsentEvent(cancelled.persisted, consentInput(), {
      type: 'RECORDER_JOINED',
      at: callAt,
    });
    expect(refused.state).toBe('cancelled');
    expect(refused.refusal?.code).toBe('meeting_cancelled');
  });
});

describe('a consent page for all-party jurisdictions', () => {
  const forAllParty = (staffCoveredByCompanyNotice = false) =>
    consentInput(
      {
        consentPage: { enabled: true, audience: 'all_party_jurisdictions' },
        staffCoveredByCompanyNotice,
      },
      [texanHost, guest],
    );
  const pending = (actor: ReturnType<typeof start>) =>
    actor
      .getSnapshot()
      .context.participants.filter((p) => p.consent === 'pending')
      .map((p) => p.id);

  it('asks nobody, and records at once, while no one on the call is under all-party law', () => {
    const actor = inCall(forAllParty());
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.recording');
    expect(pending(actor)).toEqual([]);
  });

  it('a joiner under all-party law pauses the recording and asks everyone present', () => {
    const actor = inCall(forAllParty());
    actor.send({ type: 'PARTICIPANT_JOINED', participant: lateExternal, at: later(1) });
    const s = actor.getSnapshot();
    expect(stateName(s.value)).toBe('inCall.awaitingConsent');
    expect(pending(actor)).toEqual(['host', 'guest', 'late-external']);
    const shown = s.context.evidence
      .filter((e) => e.kind === 'consent_page_shown')
      .map((e) => e.participantId);
    expect(shown).toEqual(['host', 'guest', 'late-external']);
    for (const id of ['host', 'guest', 'late-external']) {
      actor.send({ type: 'CONSENT_ACCEPTED', participantId: id, at: later(2) });
    }
    expect(stateName(actor.getSnapshot().value)).toBe('inCall.recording');
  });

  it('leaves team members out when the policy says the company notice covers staff', () => {
    const actor = inCall(forAllParty(true));
    actor.send({ type: 'PARTICIPANT_JOINED', participant: lateExternal, at: later(1) });
    expect(pending(actor)).toEqual(['guest', 'late-external']);
    actor.send({ type: 'CONSENT_ACCEPTED', participantId: 'host', at: later(2) });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('consent_not_requested');
  });

  it('keeps asking someone who left and comes back, once the call is all-party', () => {
    const actor = inCall(forAllParty());
    actor.send({ type: 'PARTICIPANT_LEFT', participantId: 'guest', at: later(1) });
    actor.send({ type: 'PARTICIPANT_JOINED', participant: lateExternal, at: later(2) });
    expect(pending(actor)).toEqual(['host', 'late-external']);
    actor.send({ type: 'PARTICIPANT_JOINED', participant: guest, at: later(3) });
    expect(pending(actor)).toEqual(['host', 'guest', 'late-external']);
  });
});

describe('consent machine properties (random event sequences)', () => {
  const arbitrary = fc.record({
    input: fc.constantFrom(...coverageInputs),
    events: fc.array(fc.constantFrom(...consentEvents), { maxLength: 30 }),
  });

  it('recording never starts without every required consent', () => {
    fc.assert(
      fc.property(arbitrary, ({ input, events }) => {
        const actor = start(input);
        for (const event of events) {
          if (actor.getSnapshot().status === 'done') break;
          actor.send(event);
          const s = actor.getSnapshot();
          if (s.matches({ inCall: 'recording' })) {
            expect(everyoneConsented(s.context.participants)).toBe(true);
            if (input.policy.consentPage.enabled) {
              const asked = s.context.participants.filter((p) => p.present && p.mustConsent);
              expect(asked.every((p) => p.consent === 'accepted')).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('removing the recorder always stops recording, and nothing is captured after', () => {
    fc.assert(
      fc.property(arbitrary, ({ input, events }) => {
        const actor = start(input);
        let removedAt: string | null = null;
        for (const event of events) {
          if (actor.getSnapshot().status === 'done') break;
          actor.send(event);
          const s = actor.getSnapshot();
          if (removedAt === null && s.matches('recorderRemoved')) removedAt = event.at;
          if (removedAt !== null) {
            expect(s.matches({ inCall: 'recording' })).toBe(false);
            expect(
              s.context.segments.every(
                (seg) => seg.stoppedAt !== null && seg.stoppedAt <= (removedAt ?? ''),
              ),
            ).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('evidence only grows: nothing already recorded is changed or removed', () => {
    fc.assert(
      fc.property(arbitrary, ({ input, events }) => {
        const actor = start(input);
        for (const event of events) {
          if (actor.getSnapshot().status === 'done') break;
          const before = actor.getSnapshot().context.evidence;
          actor.send(event);
          expect(actor.getSnapshot().context.evidence.slice(0, before.length)).toEqual(before);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('participants are never told anything the policy does not say', () => {
    fc.assert(
      fc.property(arbitrary, ({ input, events }) => {
        const actor = start(input);
        for (const event of events) {
          if (actor.getSnapshot().status === 'done') break;
          actor.send(event);
        }
        const { evidence, participants } = actor.getSnapshot().context;
        for (const e of evidence) {
          const p = participants.find((x) => x.id === e.participantId);
          if (e.kind === 'notice_email_sent') expect(p?.noticeEmail).toBe(true);
          if (e.kind === 'consent_page_shown') expect(p?.mustConsent).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
