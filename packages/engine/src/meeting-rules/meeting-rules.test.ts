import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UpcomingMeeting } from '@capture-doctor/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonFile, rulesRoot } from '../load-rules/load-rules.js';
import { linkKind } from './conferencing.js';
import { createMeetingEvaluator, verdictOf } from './evaluate-meeting.js';
import { loadMeetingRules } from './load-meeting-rules.js';
import { MeetingCasesBaseline, meetingCaseInput } from './meeting-cases-file.js';

const dir = join(rulesRoot(), 'meetings');
const ruleSet = loadMeetingRules(dir);
const evaluator = createMeetingEvaluator(ruleSet);
const baseline = readJsonFile(join(dir, 'cases-baseline.json'), MeetingCasesBaseline);

describe('the meeting cases baseline', () => {
  it('fires no meeting rule: the meeting will be recorded', () => {
    expect(evaluator.evaluate(baseline.meeting)).toMatchObject({
      verdict: 'will_record',
      reasons: [],
    });
  });
});

describe.each(ruleSet.rules.map((rule) => [rule.id, rule] as const))(
  'meeting rule %s',
  (id, rule) => {
    it.each(rule.cases.cases.map((c) => [c.name, c] as const))('%s', (_name, ruleCase) => {
      const { reasons, verdict } = evaluator.evaluate(meetingCaseInput(baseline, ruleCase));
      const reason = reasons.find((r) => r.ruleId === id);
      expect(reason !== undefined).toBe(ruleCase.fires);
      if (reason) {
        expect(reason.because.length).toBeGreaterThan(0);
        expect(reason.color).toBe(rule.color);
        expect(`${reason.message} ${reason.fix}`).not.toMatch(/[{}]/);
      }
      if (ruleCase.expectVerdict !== undefined) expect(verdict).toBe(ruleCase.expectVerdict);
    });
  },
);

describe('meeting rules', () => {
  it('include the rules the meetings issue requires', () => {
    expect(ruleSet.rules.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'no-conference-link',
        'link-rewritten-by-gateway',
        'conferencing-not-joined',
        'private-event',
        'host-declined',
        'host-capture-not-working',
        'meeting-import-off',
        'host-recording-off',
        'scheduled-too-late',
        'notice-email-late',
        'consent-page-missing-for-participant',
      ]),
    );
  });

  it('each have steps for every provider they name', () => {
    for (const rule of ruleSet.rules)
      for (const provider of rule.providers)
        expect(rule.docs.steps[provider]?.length).toBeGreaterThan(0);
  });

  it('name the host, the gateway and the jurisdictions in their words', () => {
    const { reasons } = evaluator.evaluate(
      meetingCaseInput(baseline, {
        meeting: {
          event: { joinUrl: 'https://eur01.safelinks.protection.outlook.com/?url=x' },
          policy: { consentPage: { enabled: false } },
          participants: [{ id: 'j', email: 'jonas@kunde.de', internal: false, jurisdiction: 'DE' }],
        },
      }),
    );
    const gateway = reasons.find((r) => r.ruleId === 'link-rewritten-by-gateway');
    expect(gateway?.message).toContain('Microsoft Defender Safe Links');
    expect(gateway?.fix).toContain('Hana Host');
    const consent = reasons.find((r) => r.ruleId === 'consent-page-missing-for-participant');
    expect(consent?.message).toContain('jonas@kunde.de (Germany)');
  });

  it('point at the host’s capture findings', () => {
    const { reasons } = evaluator.evaluate(
      meetingCaseInput(baseline, {
        meeting: { host: { microphone: 'red', captureRuleIds: ['calendar-access-denied'] } },
      }),
    );
    expect(reasons[0]?.message).toContain('calendar-access-denied');
  });

  it('a rule reading an unknown fact is refused, naming the file and the field', () => {
    const copy = mkdtempSync(join(tmpdir(), 'meeting-rules-'));
    cpSync(dir, copy, { recursive: true });
    const file = join(copy, 'private-event', 'rule.json');
    const rule = JSON.parse(readFileSync(file, 'utf8'));
    rule.conditions = { all: [{ fact: 'meeting.noSuchThing', operator: 'equal', value: true }] };
    writeFileSync(file, JSON.stringify(rule));
    expect(() => loadMeetingRules(copy)).toThrow(
      /private-event.rule\.json: conditions: unknown fact "meeting\.noSuchThing"/,
    );
    rmSync(copy, { recursive: true });
  });

  it('a message with a placeholder the evaluator cannot fill is refused', () => {
    const copy = mkdtempSync(join(tmpdir(), 'meeting-rules-'));
    cpSync(dir, copy, { recursive: true });
    const file = join(copy, 'host-declined', 'rule.json');
    const rule = JSON.parse(readFileSync(file, 'utf8'));
    rule.message = 'The meeting of {memberName} was declined.';
    writeFileSync(file, JSON.stringify(rule));
    expect(() => loadMeetingRules(copy)).toThrow(
      /host-declined.rule\.json: message: placeholder \{memberName\}/,
    );
    rmSync(copy, { recursive: true });
  });

  it('a rule folder without cases.json is refused', () => {
    const copy = mkdtempSync(join(tmpdir(), 'meeting-rules-'));
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, 'phone-only', 'cases.json'));
    expect(() => loadMeetingRules(copy)).toThrow(/phone-only.cases\.json: \(file\): missing/);
    rmSync(copy, { recursive: true });
  });
});

describe('conferencing.json', () => {
  const file = ruleSet.conferencing;
  it('knows the services by host and subdomain, and by the provider’s own name', () => {
    expect(linkKind(file, 'https://acme.zoom.us/j/1', null).conferencing).toBe('zoom');
    expect(linkKind(file, 'https://zoom.us/j/1', null).recorderJoins).toBe(true);
    expect(linkKind(file, null, 'teamsForBusiness').conferencing).toBe('microsoft_teams');
    expect(linkKind(file, 'https://meet.jit.si/x', null).recorderJoins).toBe(false);
    expect(linkKind(file, 'https://example.test/agenda', null).conferencing).toBe('unknown');
    expect(linkKind(file, null, null)).toMatchObject({ conferencing: null, recorderJoins: null });
  });

  it('sees through no gateway: a wrapped link names the gateway', () => {
    const wrapped = linkKind(file, 'https://nam02.safelinks.protection.outlook.com/?url=z', null);
    expect(wrapped.gateway).toBe('microsoft_safe_links');
    expect(linkKind(file, 'https://urldefense.com/v3/__x', null).gateway).toBe(
      'proofpoint_url_defense',
    );
  });
});

const color = fc.constantFrom('green', 'yellow', 'red', 'unknown', 'off');
const meetingArbitrary: fc.Arbitrary<UpcomingMeeting> = fc
  .record({
    joinUrl: fc.constantFrom(
      null,
      'https://meet.google.com/a',
      'https://meet.jit.si/b',
      'https://urldefense.com/v3/__c',
      'https://bit.ly/d',
    ),
    hasPhoneDialIn: fc.boolean(),
    visibility: fc.constantFrom('normal', 'private', 'confidential'),
    ownerResponse: fc.constantFrom(
      'organizer',
      'accepted',
      'tentative',
      'declined',
      'needs_action',
    ),
    createdMinutesBefore: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
    microphone: color,
    calendar: color,
    recording: fc.boolean(),
    seat: fc.constantFrom(true, false, null),
    importMeetings: fc.boolean(),
    policy: fc.boolean(),
    consentPage: fc.boolean(),
    jurisdiction: fc.constantFrom(null, 'US-CA', 'US-NY', 'DE', 'GB'),
  })
  .map((r) => {
    const start = Date.parse(baseline.meeting.event.start);
    return meetingCaseInput(baseline, {
      meeting: {
        event: {
          joinUrl: r.joinUrl,
          conferenceSolution: null,
          hasPhoneDialIn: r.hasPhoneDialIn,
          visibility: r.visibility,
          ownerResponse: r.ownerResponse,
          createdAt:
            r.createdMinutesBefore === null
              ? null
              : new Date(start - r.createdMinutesBefore * 60_000).toISOString(),
        },
        host: {
          microphone: r.microphone,
          calendar: r.calendar,
          recording: r.recording,
          seatIncludesRecording: r.seat,
        },
        company: { importMeetings: r.importMeetings },
        policy: r.policy
          ? {
              ...baseline.meeting.policy,
              consentPage: { enabled: r.consentPage, audience: 'everyone' },
            }
          : null,
        participants: [
          { id: 'g', email: 'g@guest.example', internal: false, jurisdiction: r.jurisdiction },
        ],
      },
    });
  });

describe('verdicts', () => {
  it('never say will_record while a red reason holds, nor will_not_record without one', () => {
    fc.assert(
      fc.property(meetingArbitrary, (meeting) => {
        const { verdict, reasons } = evaluator.evaluate(meeting);
        const red = reasons.some((reason) => reason.color === 'red');
        expect(verdict === 'will_not_record').toBe(red);
        if (verdict === 'will_record') expect(reasons).toEqual([]);
        if (verdict === 'at_risk') expect(reasons.every((r) => r.color === 'yellow')).toBe(true);
        for (const reason of reasons) expect(reason.because.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('come from the colours of the reasons alone', () => {
    expect(verdictOf([])).toBe('will_record');
    expect(verdictOf([{ color: 'yellow' }])).toBe('at_risk');
    expect(verdictOf([{ color: 'yellow' }, { color: 'red' }])).toBe('will_not_record');
  });

  it('list red reasons first', () => {
    const { reasons } = evaluator.evaluate(
      meetingCaseInput(baseline, {
        meeting: { event: { ownerResponse: 'needs_action', visibility: 'private' } },
      }),
    );
    expect(reasons.map((r) => r.color)).toEqual(['red', 'yellow']);
  });
});
