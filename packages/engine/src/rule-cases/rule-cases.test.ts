import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureSnapshot, type CaptureSnapshotInput, type Report } from '@capture-doctor/domain';
import { describe, expect, it } from 'vitest';
import { createBaselineEvaluator } from '../baseline/create-baseline-evaluator.js';
import { caseSnapshot } from '../case-snapshot/case-snapshot.js';
import { CasesFile } from '../cases-file/cases-file.js';
import { createEvaluator } from '../create-evaluator/create-evaluator.js';
import { loadCaptureRules, readJsonFile, rulesRoot } from '../load-rules/load-rules.js';

const dir = join(rulesRoot(), 'capture');
const ruleSet = loadCaptureRules(dir);
const evaluator = createEvaluator(ruleSet);
const baseline = createBaselineEvaluator(ruleSet);
const baselineSnapshot = JSON.parse(
  readFileSync(join(dir, 'cases-baseline.json'), 'utf8'),
) as CaptureSnapshotInput;

function firedFor(report: Report, ruleId: string, memberId: string): boolean {
  const member = report.members.find((m) => m.id === memberId);
  if (member?.findings.some((f) => f.ruleId === ruleId)) return true;
  return report.banners.some((b) => b.ruleId === ruleId && b.memberIds.includes(memberId));
}

describe('the healthy baseline of the rule cases', () => {
  it('is all green with no banners, so every case starts from a clean slate', () => {
    const report = evaluator.evaluate(baselineSnapshot);
    expect(report.banners).toEqual([]);
    expect(report.members[0]?.icons).toEqual({
      microphone: 'green',
      calendar: 'green',
      email: 'green',
    });
  });
});

for (const rule of ruleSet.rules) {
  const casesPath = join(rule.dir, 'cases.json');
  describe(`rule ${rule.id}`, () => {
    const { cases } = readJsonFile(casesPath, CasesFile);
    for (const ruleCase of cases) {
      it(`${ruleCase.fires ? 'fires' : 'does not fire'}: ${ruleCase.name}`, async () => {
        const snapshot = CaptureSnapshot.parse(caseSnapshot(baselineSnapshot, ruleCase));
        const report = evaluator.evaluateSnapshot(snapshot);
        expect(firedFor(report, rule.id, 'm1')).toBe(ruleCase.fires);
        if (ruleCase.expectIcons) {
          expect(report.members[0]?.icons).toMatchObject(ruleCase.expectIcons);
        }
        expect(await baseline.evaluateSnapshot(snapshot)).toEqual(report);
      });
    }
  });
}

describe('the rules folder', () => {
  const folders = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());

  it('gives every rule folder a cases.json with a firing case and a near miss', () => {
    for (const folder of folders) {
      expect(existsSync(join(dir, folder, 'cases.json')), `${folder}/cases.json`).toBe(true);
      expect(() => readJsonFile(join(dir, folder, 'cases.json'), CasesFile)).not.toThrow();
    }
  });

  it('holds every stable rule id that docs and scripts rely on', () => {
    const ids = ruleSet.rules.map((rule) => rule.id);
    const stable = [
      'provider-not-connected',
      'email-access-not-authorized',
      'members-not-connected',
      'provider-permission-missing',
      'technical-problem',
      'recording-seat-missing',
      'user-connection-broken',
      'member-non-recorded-meetings-company-off',
      'member-calendar-import-company-off',
      'email-integration-not-set-up',
      'mailbox-access-denied',
      'provider-connectivity-problem',
      'provider-error-needs-support',
    ];
    expect(ids).toEqual(expect.arrayContaining(stable));
  });
});
