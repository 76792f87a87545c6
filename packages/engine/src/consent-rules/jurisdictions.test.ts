import { join } from 'node:path';
import type { ConsentPolicy, Participant } from '@capture-doctor/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonFile, rulesRoot } from '../load-rules/load-rules.js';
import { ConsentCasesBaseline } from './consent-cases-file.js';
import { consentFacts } from './consent-facts.js';
import {
  JurisdictionsFile,
  meetingRequirement,
  participantLaw,
  requirementRank,
} from './jurisdictions.js';
import { loadConsentRules } from './load-consent-rules.js';

const dir = join(rulesRoot(), 'consent');
const ruleSet = loadConsentRules(dir);
const file = ruleSet.jurisdictions;
const baseline = readJsonFile(join(dir, 'cases-baseline.json'), ConsentCasesBaseline);

// ISO 3166-2 subdivision codes, as participants' jurisdictions carry them.
const usStates = (
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ ' +
  'NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC'
)
  .split(' ')
  .map((code) => `US-${code}`);
const canadianProvinces = 'AB BC MB NB NL NS ON PE QC SK NT NU YT'
  .split(' ')
  .map((code) => `CA-${code}`);
const australianStates = 'NSW VIC QLD WA SA TAS ACT NT'.split(' ').map((code) => `AU-${code}`);

const entriesListing = (code: string) => file.jurisdictions.filter((j) => j.codes.includes(code));

describe('jurisdictions.json coverage', () => {
  it.each([
    ['every US state and DC', usStates, 51],
    ['every Canadian province and territory', canadianProvinces, 13],
    ['every Australian state and territory', australianStates, 8],
  ])('lists %s in exactly one entry', (_name, codes, count) => {
    expect(codes).toHaveLength(count);
    for (const code of codes) expect([code, entriesListing(code).length]).toEqual([code, 1]);
  });

  it('lists the UK, Switzerland, India, Brazil, Japan and the stricter EU states on their own', () => {
    for (const code of ['GB', 'CH', 'IN', 'BR', 'JP', 'DE', 'FR']) {
      expect(entriesListing(code)).toHaveLength(1);
    }
  });

  it('gives every entry at least one https source', () => {
    for (const entry of file.jurisdictions) {
      const https = entry.sources.filter((s) => s.url.startsWith('https://'));
      expect([entry.id, https.length > 0]).toEqual([entry.id, true]);
    }
  });

  it('keeps the not-legal-advice notice and a review date', () => {
    expect(file.notice).toMatch(/not legal advice/i);
    expect(file.reviewedOn).toBe('2026-11-30');
  });
});

describe('criminal law protecting the spoken word', () => {
  it('makes Germany, France and Switzerland all-party', () => {
    for (const code of ['DE', 'FR', 'CH']) {
      const law = participantLaw(file, { jurisdiction: code, joinsByPhone: false });
      expect([code, law.jurisdiction?.protectsSpokenWord, law.allParty]).toEqual([
        code,
        true,
        true,
      ]);
    }
  });

  it('counts as all-party even where the entry names a laxer consent rule', () => {
    const entry = { ...file.jurisdictions[0], codes: ['XX'], consent: 'varies' as const };
    const spoken = JurisdictionsFile.parse({
      ...file,
      jurisdictions: [{ ...entry, id: 'xx', protectsSpokenWord: true }],
    });
    const law = participantLaw(spoken, { jurisdiction: 'XX', joinsByPhone: false });
    expect([law.allParty, law.requirement]).toEqual([true, 'all_party']);
    const plain = JurisdictionsFile.parse({ ...file, jurisdictions: [{ ...entry, id: 'xx' }] });
    expect(participantLaw(plain, { jurisdiction: 'XX', joinsByPhone: false }).allParty).toBe(false);
  });
});

const who = (jurisdiction: string | null, joinsByPhone = false) => ({ jurisdiction, joinsByPhone });

describe('a meeting’s consent requirement', () => {
  it('is the strictest among its participants', () => {
    expect(meetingRequirement(file, [who('US-TX'), who('US-CA')])).toBe('all_party');
    expect(meetingRequirement(file, [who('US-TX'), who('US-MI')])).toBe('disputed');
    expect(meetingRequirement(file, [who('US-TX'), who('IE')])).toBe('varies');
    expect(meetingRequirement(file, [who('US-TX'), who('US-NV')])).toBe('one_party');
    expect(meetingRequirement(file, [who('US-TX'), who('US-NV', true)])).toBe('all_party');
    expect(meetingRequirement(file, [who(null)])).toBeNull();
  });

  const codes = [...new Set(file.jurisdictions.flatMap((j) => j.codes))];
  const participant = fc.record({
    internal: fc.boolean(),
    jurisdiction: fc.option(fc.constantFrom(...codes, 'US-PR', 'ZA'), { nil: null }),
    joinsByPhone: fc.boolean(),
  });
  const meeting = fc
    .array(participant, { minLength: 1, maxLength: 6 })
    .map((list): Participant[] => list.map((p, i) => ({ ...p, id: `p${i}` })));
  const policy = fc
    .record({
      noticeEnabled: fc.boolean(),
      noticeAudience: fc.constantFrom('external' as const, 'everyone' as const),
      pageEnabled: fc.boolean(),
      pageAudience: fc.constantFrom(
        'everyone' as const,
        'external' as const,
        'all_party_jurisdictions' as const,
      ),
      announcement: fc.boolean(),
      staffCovered: fc.boolean(),
    })
    .map(
      (p): ConsentPolicy => ({
        ...baseline.policy,
        noticeEmail: {
          ...baseline.policy.noticeEmail,
          enabled: p.noticeEnabled,
          audience: p.noticeAudience,
        },
        consentPage: { enabled: p.pageEnabled, audience: p.pageAudience },
        announcement: { enabled: p.announcement },
        staffCoveredByCompanyNotice: p.staffCovered,
      }),
    );

  it('never gets laxer when a participant joins', () => {
    fc.assert(
      fc.property(meeting, participant, (before, extra) => {
        const after = [...before, { ...extra, id: 'joiner' }];
        expect(requirementRank(meetingRequirement(file, after))).toBeGreaterThanOrEqual(
          requirementRank(meetingRequirement(file, before)),
        );
      }),
    );
  });

  it('never lowers what the law facts say, nor leaves out anyone the page asked, when a participant joins', () => {
    const lawFacts = [
      'meeting.allPartyParticipantCount',
      'meeting.disputedParticipantCount',
      'meeting.noticeAtCollectionParticipantCount',
      'meeting.unknownJurisdictionCount',
    ] as const;
    fc.assert(
      fc.property(policy, meeting, participant, (p, before, extra) => {
        const after = [...before, { ...extra, id: 'joiner' }];
        const was = consentFacts(p, before, ruleSet);
        const now = consentFacts(p, after, ruleSet);
        for (const fact of lawFacts) expect(now[fact]).toBeGreaterThanOrEqual(Number(was[fact]));
        for (const side of ['External', 'Internal'] as const) {
          const asked = `meeting.consentPageAsks${side}` as const;
          if (was[asked] === true) expect(now[asked]).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
