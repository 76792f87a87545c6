import { type Acknowledgement, IconColor, IconName } from '@capture-doctor/domain';
import { createEvaluator, generateSnapshot, loadCaptureRules } from '@capture-doctor/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterMembers } from './filter-members.js';

const ruleSet = loadCaptureRules();
const evaluator = createEvaluator(ruleSet);
const onMembers = new Set(ruleSet.rules.filter((r) => r.showOnMembers).map((r) => r.id));
const asOf = '2026-06-01T00:00:00.000Z';

// A company of generated members and, for each fired finding, a coin toss: acknowledge it or not.
const companyArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  members: fc.integer({ min: 1, max: 60 }),
  provider: fc.constantFrom('google_workspace' as const, 'microsoft_365' as const),
  tosses: fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }),
});

type Company = typeof companyArb extends fc.Arbitrary<infer T> ? T : never;

function evaluated(company: Company) {
  const snapshot = generateSnapshot(company);
  const plain = evaluator.evaluateSnapshot(snapshot);
  const acknowledgements: Acknowledgement[] = [];
  let toss = 0;
  for (const member of plain.members) {
    for (const finding of member.findings) {
      if (!company.tosses[toss++ % company.tosses.length]) continue;
      acknowledgements.push({
        memberId: member.id,
        ruleId: finding.ruleId,
        reason: 'known',
        by: 'admin:test',
        expiresAt: '2099-01-01T00:00:00.000Z',
      });
    }
  }
  return evaluator.evaluateSnapshot(snapshot, { acknowledgements, asOf });
}

describe('counts that match the rows listed under them', () => {
  it('summary counts equal the filtered rows, per worst colour and per icon, whatever is acknowledged', () => {
    fc.assert(
      fc.property(companyArb, (company) => {
        const report = evaluated(company);
        const { members, summary, banners } = report;
        for (const color of IconColor.options) {
          const listed = filterMembers(members, { color, q: '' }, banners);
          expect(listed.length).toBe(summary.worst[color]);
          for (const icon of IconName.options) {
            const onIcon = filterMembers(members, { color, icon, q: '' }, banners);
            expect(onIcon.length).toBe(summary.icons[icon][color]);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a banner's count equals the members listed under it: those whose finding is not acknowledged", () => {
    fc.assert(
      fc.property(companyArb, (company) => {
        const report = evaluated(company);
        for (const banner of report.banners) {
          const listed = filterMembers(
            report.members,
            { color: null, q: '', rule: banner.ruleId },
            report.banners,
          );
          expect(listed.length).toBe(banner.count);
          expect(listed.map((m) => m.id).sort()).toEqual([...banner.memberIds].sort());
          if (!onMembers.has(banner.ruleId)) continue;
          const unacknowledged = report.members.filter((m) =>
            m.findings.some((f) => f.ruleId === banner.ruleId && !f.acknowledgement),
          );
          expect(unacknowledged.length).toBe(banner.count);
        }
      }),
      { numRuns: 60 },
    );
  });
});
