import { join } from 'node:path';
import type { ConsentPolicy, Participant } from '@capture-doctor/domain';
import { describe, expect, it } from 'vitest';
import { readJsonFile, rulesRoot } from '../load-rules/load-rules.js';
import { ConsentCasesBaseline } from './consent-cases-file.js';
import { consentFacts } from './consent-facts.js';
import { asksOnConsentPage } from './consent-page-audience.js';
import { loadConsentRules } from './load-consent-rules.js';

const dir = join(rulesRoot(), 'consent');
const ruleSet = loadConsentRules(dir);
const baseline = readJsonFile(join(dir, 'cases-baseline.json'), ConsentCasesBaseline);

const forAllParty = (staffCoveredByCompanyNotice?: boolean): ConsentPolicy => ({
  ...baseline.policy,
  consentPage: { enabled: true, audience: 'all_party_jurisdictions' },
  ...(staffCoveredByCompanyNotice === undefined ? {} : { staffCoveredByCompanyNotice }),
});

const person = (id: string, internal: boolean, jurisdiction: string | null): Participant => ({
  id,
  internal,
  jurisdiction,
  joinsByPhone: false,
});

describe('the consent page for all-party jurisdictions', () => {
  it('asks an external New Yorker too once an external Californian is on the call', () => {
    const facts = consentFacts(
      forAllParty(),
      [person('ny', false, 'US-NY'), person('ca', false, 'US-CA')],
      ruleSet,
    );
    expect(facts['meeting.consentPageAsksExternal']).toBe(true);
    expect(asksOnConsentPage(forAllParty(), { internal: false }, true)).toBe(true);
  });

  it('asks team members too, unless the policy records that the company notice covers staff', () => {
    expect(asksOnConsentPage(forAllParty(), { internal: true }, true)).toBe(true);
    expect(asksOnConsentPage(forAllParty(false), { internal: true }, true)).toBe(true);
    expect(asksOnConsentPage(forAllParty(true), { internal: true }, true)).toBe(false);
    expect(asksOnConsentPage(forAllParty(true), { internal: false }, true)).toBe(true);
  });

  it('asks nobody while no one on the call is in an all-party jurisdiction', () => {
    const facts = consentFacts(
      forAllParty(),
      [person('tx', true, 'US-TX'), person('ny', false, 'US-NY')],
      ruleSet,
    );
    expect([
      facts['meeting.consentPageAsksExternal'],
      facts['meeting.consentPageAsksInternal'],
    ]).toEqual([false, false]);
  });

  it('counts a German speaker as all-party, for the page and for the requirement', () => {
    const facts = consentFacts(
      forAllParty(),
      [person('tx', true, 'US-TX'), person('de', false, 'DE')],
      ruleSet,
    );
    expect(facts['meeting.consentRequirement']).toBe('all_party');
    expect(facts['meeting.consentPageAsksInternal']).toBe(true);
  });
});

describe('the other audiences', () => {
  const policy = (audience: ConsentPolicy['consentPage']['audience'], enabled = true) => ({
    ...baseline.policy,
    consentPage: { enabled, audience },
    staffCoveredByCompanyNotice: true,
  });

  it('follow the audience alone, whatever the law of the call', () => {
    for (const allParty of [true, false]) {
      expect(asksOnConsentPage(policy('everyone'), { internal: true }, allParty)).toBe(true);
      expect(asksOnConsentPage(policy('external'), { internal: true }, allParty)).toBe(false);
      expect(asksOnConsentPage(policy('external'), { internal: false }, allParty)).toBe(true);
    }
  });

  it('ask nobody while the page is off', () => {
    for (const audience of ['everyone', 'external', 'all_party_jurisdictions'] as const) {
      expect(asksOnConsentPage(policy(audience, false), { internal: false }, true)).toBe(false);
    }
  });
});
