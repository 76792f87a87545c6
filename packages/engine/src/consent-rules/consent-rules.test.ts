import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonFile, rulesRoot } from '../load-rules/load-rules.js';
import { ConsentCasesBaseline, consentCaseInput } from './consent-cases-file.js';
import { consentFacts } from './consent-facts.js';
import { createConsentEvaluator } from './evaluate-consent.js';
import { findJurisdiction, participantLaw } from './jurisdictions.js';
import { loadConsentRules } from './load-consent-rules.js';
import { readsLikePersonName } from './recorder-name.js';

const dir = join(rulesRoot(), 'consent');
const ruleSet = loadConsentRules(dir);
const evaluator = createConsentEvaluator(ruleSet);
const baseline = readJsonFile(join(dir, 'cases-baseline.json'), ConsentCasesBaseline);

describe('the consent cases baseline', () => {
  it('fires no consent rule, so every case starts from a clean slate', () => {
    expect(evaluator.evaluate(baseline.policy, baseline.participants).findings).toEqual([]);
  });
});

describe.each(ruleSet.rules.map((rule) => [rule.id, rule] as const))(
  'consent rule %s',
  (id, rule) => {
    it.each(rule.cases.cases.map((c) => [c.name, c] as const))('%s', (_name, ruleCase) => {
      const { policy, participants } = consentCaseInput(baseline, ruleCase);
      const { findings } = evaluator.evaluate(policy, participants);
      const finding = findings.find((f) => f.ruleId === id);
      expect(finding !== undefined).toBe(ruleCase.fires);
      if (finding) {
        expect(finding.because.length).toBeGreaterThan(0);
        expect(finding.message).not.toMatch(/[{}]/);
      }
    });
  },
);

describe('consent rules', () => {
  it('include the rules the consent issue requires', () => {
    expect(ruleSet.rules.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'all-party-consent-missing',
        'recorder-name-blank',
        'recorder-name-reads-like-person',
        'no-notice-method',
        'notice-misses-internal-all-party',
      ]),
    );
  });

  it('name the jurisdictions in their message', () => {
    const { findings } = evaluator.evaluate(
      {
        ...baseline.policy,
        consentPage: { enabled: false, audience: 'everyone' },
        noticeEmail: { ...baseline.policy.noticeEmail, enabled: false },
      },
      [{ id: 'g', internal: false, jurisdiction: 'US-CA', joinsByPhone: false }],
    );
    const missing = findings.find((f) => f.ruleId === 'all-party-consent-missing');
    expect(missing?.color).toBe('red');
    expect(missing?.message).toContain('California (United States)');
    expect(findings[0]?.color).toBe('red');
  });

  it('a rule reading an unknown fact is refused, naming the file and the field', () => {
    const copy = mkdtempSync(join(tmpdir(), 'consent-rules-'));
    cpSync(dir, copy, { recursive: true });
    const file = join(copy, 'no-notice-method', 'rule.json');
    const rule = JSON.parse(readFileSync(file, 'utf8'));
    rule.conditions = { all: [{ fact: 'policy.noSuchThing', operator: 'equal', value: true }] };
    writeFileSync(file, JSON.stringify(rule));
    expect(() => loadConsentRules(copy)).toThrow(
      /no-notice-method.rule\.json: conditions: unknown fact "policy\.noSuchThing"/,
    );
    rmSync(copy, { recursive: true });
  });

  it('a message with a placeholder the evaluator cannot fill is refused', () => {
    const copy = mkdtempSync(join(tmpdir(), 'consent-rules-'));
    cpSync(dir, copy, { recursive: true });
    const file = join(copy, 'recorder-name-blank', 'rule.json');
    const rule = JSON.parse(readFileSync(file, 'utf8'));
    rule.message = 'The recorder of {memberName} has no name at all.';
    writeFileSync(file, JSON.stringify(rule));
    expect(() => loadConsentRules(copy)).toThrow(
      /recorder-name-blank.rule\.json: message: placeholder \{memberName\}/,
    );
    rmSync(copy, { recursive: true });
  });
});

describe('jurisdictions.json', () => {
  const file = ruleSet.jurisdictions;
  const law = (jurisdiction: string | null, joinsByPhone = false) =>
    participantLaw(file, { jurisdiction, joinsByPhone });

  it('says it is not legal advice', () => {
    expect(file.notice).toMatch(/not legal advice/i);
  });

  it('lists the US all-party states', () => {
    for (const code of ['CA', 'CT', 'FL', 'IL', 'MD', 'MA', 'MT', 'NH', 'PA', 'WA']) {
      expect(law(`US-${code}`).allParty).toBe(true);
    }
  });

  it('applies Nevada’s all-party rule to phone calls only', () => {
    expect(law('US-NV', true).allParty).toBe(true);
    expect(law('US-NV', false).allParty).toBe(false);
  });

  it('marks Michigan, Delaware and Oregon as disputed', () => {
    expect(['US-MI', 'US-DE', 'US-OR'].map((code) => law(code).disputed)).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('falls back from a state to its country, and knows nothing of unlisted places', () => {
    expect(findJurisdiction(file, 'US-TX')?.id).toBe('us-texas');
    expect(findJurisdiction(file, 'US-PR')?.id).toBe('us-federal');
    expect(findJurisdiction(file, 'ZA-GP')).toBeNull();
    expect(law('AU-NSW').allParty).toBe(true);
    expect(law(null).jurisdiction).toBeNull();
  });

  it('requires notice at collection for EU, UK and Canadian participants', () => {
    expect(['FR', 'GB', 'CA', 'NO'].map((code) => law(code).noticeAtCollection)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('names a public source for every entry', () => {
    for (const entry of file.jurisdictions) {
      expect(entry.sources.length).toBeGreaterThan(0);
      for (const source of entry.sources) expect(source.url).toMatch(/^https?:\/\//);
    }
  });
});

describe('recorder names', () => {
  const words = ruleSet.recorderNameWords;

  it('two or three capitalised words without a bot word read like a person', () => {
    expect(readsLikePersonName('Ada Lovelace', words)).toBe(true);
    expect(readsLikePersonName("Siobhan O'Neil", words)).toBe(true);
    expect(readsLikePersonName('José Smith-Jones', words)).toBe(true);
  });

  it('a bot word, one word, lower case or four words do not', () => {
    expect(readsLikePersonName('Acme Notetaker', words)).toBe(false);
    expect(readsLikePersonName('Meeting Recorder', words)).toBe(false);
    expect(readsLikePersonName('Acme', words)).toBe(false);
    expect(readsLikePersonName('acme notes', words)).toBe(false);
    expect(readsLikePersonName('Ada Mary Ann Lovelace', words)).toBe(false);
  });

  it('adding any bot word to a name makes it read as a bot', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...words),
        fc.constantFrom('Ada', 'Grace', 'Alan'),
        (word, first) => {
          const bot = `${first} ${word[0]?.toUpperCase()}${word.slice(1)}`;
          expect(readsLikePersonName(bot, words)).toBe(false);
        },
      ),
    );
  });
});

describe('consent facts', () => {
  it('count all-party participants by side, from the jurisdictions file', () => {
    const facts = consentFacts(
      baseline.policy,
      [
        { id: 'a', internal: true, jurisdiction: 'US-CA', joinsByPhone: false },
        { id: 'b', internal: false, jurisdiction: 'US-FL', joinsByPhone: false },
        { id: 'c', internal: false, jurisdiction: 'IE', joinsByPhone: false },
        { id: 'd', internal: false, jurisdiction: null, joinsByPhone: false },
      ],
      ruleSet,
    );
    expect(facts).toMatchObject({
      'meeting.hasAllPartyParticipant': true,
      'meeting.internalAllPartyParticipantCount': 1,
      'meeting.externalAllPartyParticipantCount': 1,
      'meeting.externalNoticeAtCollectionParticipantCount': 1,
      'meeting.unknownJurisdictionCount': 1,
      'meeting.jurisdictions': ['eu-gdpr', 'us-california', 'us-florida'],
      'policy.noticeMethodCount': 3,
    });
  });
});
