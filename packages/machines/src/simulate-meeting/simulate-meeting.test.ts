import type { ConsentPolicy, Participant } from '@capture-doctor/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulateMeetingRequest, simulateMeeting } from './simulate-meeting.js';

const policy: ConsentPolicy = {
  id: 'policy-acme',
  version: 7,
  recorderName: 'Acme Notetaker',
  noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'all_party_jurisdictions' },
  announcement: { enabled: true },
};

const participants: Participant[] = [
  { id: 'host', internal: true, jurisdiction: 'US-TX', joinsByPhone: false },
  { id: 'ca-guest', internal: false, jurisdiction: 'US-CA', joinsByPhone: false },
  { id: 'de-guest', internal: false, jurisdiction: 'DE', joinsByPhone: false },
];

const startsAt = '2026-11-03T15:00:00.000Z';

describe('simulateMeeting', () => {
  it('tells each participant what the policy says and records once the required consent is in', () => {
    const sim = simulateMeeting(policy, participants, { startsAt });
    expect(sim.wouldRecord).toBe(true);
    expect(sim.recordedFrom).toBe('2026-11-03T15:01:00.000Z');
    expect(sim.finalState).toBe('ended');
    expect(sim.hostRemindedToAnnounce).toBe(true);
    const told = Object.fromEntries(
      sim.participants.map((p) => [p.id, [p.noticeEmail, p.consentPage, p.consent]]),
    );
    // The Californian's all-party law reaches the whole call, and German law protects every
    // speaker's word: everyone is asked, the Texan host included.
    expect(told).toEqual({
      host: [false, true, 'accepted'],
      'ca-guest': [true, true, 'accepted'],
      'de-guest': [true, true, 'accepted'],
    });
    expect(sim.participants.find((p) => p.id === 'ca-guest')?.jurisdictionName).toBe(
      'California (United States)',
    );
    expect(sim.findings).toEqual([]);
    expect(sim.approvable).toBe(true);
  });

  it('asks only the guests when the policy says the company notice covers staff', () => {
    const covered = { ...policy, staffCoveredByCompanyNotice: true };
    const sim = simulateMeeting(covered, participants, { startsAt });
    const asked = sim.participants.filter((p) => p.consentPage).map((p) => p.id);
    expect(asked).toEqual(['ca-guest', 'de-guest']);
    expect(sim.findings.map((f) => f.ruleId)).toEqual(['staff-covered-by-company-notice']);
  });

  it('asks an external New Yorker too once an external Californian is on the call', () => {
    const guests: Participant[] = [
      { id: 'host', internal: true, jurisdiction: 'US-TX', joinsByPhone: false },
      { id: 'ny-guest', internal: false, jurisdiction: 'US-NY', joinsByPhone: false },
    ];
    const alone = simulateMeeting(policy, guests, { startsAt });
    expect(alone.participants.some((p) => p.consentPage)).toBe(false);
    const withCalifornian = simulateMeeting(policy, [...guests, participants[1] as Participant], {
      startsAt,
      answers: { 'ny-guest': 'decline' },
    });
    expect(withCalifornian.participants.find((p) => p.id === 'ny-guest')?.consent).toBe('declined');
    expect(withCalifornian.wouldRecord).toBe(false);
  });

  it('does not record when a participant who must consent declines', () => {
    const sim = simulateMeeting(policy, participants, {
      startsAt,
      answers: { 'ca-guest': 'decline' },
    });
    expect(sim.wouldRecord).toBe(false);
    expect(sim.participants.find((p) => p.id === 'ca-guest')?.consent).toBe('declined');
  });

  it('stops recording when a participant removes the recorder', () => {
    const sim = simulateMeeting(policy, participants, { startsAt, removedBy: 'de-guest' });
    expect(sim.finalState).toBe('ended');
    const kinds = sim.evidence.map((e) => e.kind);
    expect(kinds.indexOf('recording_stopped')).toBeLessThan(kinds.indexOf('meeting_ended'));
    expect(kinds).toContain('recorder_removed');
  });

  it('reports the consent rules that object, and a red one makes the policy not approvable', () => {
    const weak: ConsentPolicy = {
      ...policy,
      recorderName: 'Ada Lovelace',
      consentPage: { enabled: false, audience: 'everyone' },
      noticeEmail: { enabled: false, leadTimeHours: 0, audience: 'external' },
    };
    const sim = simulateMeeting(weak, participants, { startsAt });
    expect(sim.findings.map((f) => f.ruleId)).toEqual([
      'all-party-consent-missing',
      'notice-at-collection-missing',
      'recorder-name-reads-like-person',
    ]);
    expect(sim.approvable).toBe(false);
    expect(sim.wouldRecord).toBe(true);
    expect(sim.participants.every((p) => !p.noticeEmail && !p.consentPage)).toBe(true);
  });

  it('every evidence event carries the policy version and a time derived from the start', () => {
    const sim = simulateMeeting(policy, participants, { startsAt });
    expect(sim.evidence.every((e) => e.policyVersion === 7)).toBe(true);
    const notice = sim.evidence.find((e) => e.kind === 'notice_email_sent');
    expect(notice?.at).toBe('2026-11-02T15:00:00.000Z');
    expect(simulateMeeting(policy, participants, { startsAt }).evidence).toEqual(sim.evidence);
  });

  it('a request naming an unknown answer is rejected with the field at fault', () => {
    const result = SimulateMeetingRequest.safeParse({
      policy,
      participants,
      startsAt,
      answers: { host: 'maybe' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['answers', 'host']);
  });

  it('never dates evidence before now: a late notice goes out now, a past start is played from now', () => {
    const now = '2026-11-03T14:00:00.000Z';
    const sim = simulateMeeting(policy, participants, { startsAt, now });
    expect(sim.evidence.find((e) => e.kind === 'meeting_scheduled')?.at).toBe(now);
    expect(sim.evidence.find((e) => e.kind === 'notice_email_sent')?.at).toBe(now);
    expect(sim.recordedFrom).toBe('2026-11-03T15:01:00.000Z');
    const past = simulateMeeting(policy, participants, { startsAt, now: '2026-11-04T00:00:00Z' });
    expect(past.recordedFrom).toBe('2026-11-04T00:01:00.000Z');
    expect(past.wouldRecord).toBe(true);
  });

  it('whatever the start and the moment of the simulation, no evidence is dated before now', () => {
    const day = 24 * 3_600_000;
    const base = Date.parse(startsAt);
    fc.assert(
      fc.property(
        fc.integer({ min: -30 * day, max: 30 * day }),
        fc.integer({ min: 0, max: 200 }),
        (offset, leadTimeHours) => {
          const now = new Date(base + offset).toISOString();
          const sim = simulateMeeting(
            { ...policy, noticeEmail: { ...policy.noticeEmail, leadTimeHours } },
            participants,
            { startsAt, now },
          );
          return sim.evidence.every((e) => Date.parse(e.at) >= Date.parse(now));
        },
      ),
      { numRuns: 200 },
    );
  });
});
