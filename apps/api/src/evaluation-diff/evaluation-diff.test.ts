import { CaptureSnapshot } from '@capture-doctor/domain';
import { createEvaluator, loadCaptureRules } from '@capture-doctor/engine';
import { describe, expect, it } from 'vitest';
import { demoSnapshots } from '../demo-company/demo-company.js';
import { diffReports } from './evaluation-diff.js';

const rules = loadCaptureRules();
const engine = createEvaluator(rules);
const latest = demoSnapshots().at(-1)!;

describe('diffReports', () => {
  it('names the member, the icon, both colours and the rule that started firing', () => {
    const after = CaptureSnapshot.parse(structuredClone(latest));
    after.members[0]!.access.mailbox = 'not_found';
    const diff = diffReports(engine.evaluateSnapshot(latest), engine.evaluateSnapshot(after));
    expect(diff.changes).toEqual([
      expect.objectContaining({
        memberId: 'm01',
        icon: 'email',
        from: 'green',
        to: 'yellow',
        rulesAdded: ['mailbox-not-available'],
        rulesRemoved: [],
        because: [
          expect.objectContaining({
            ruleId: 'mailbox-not-available',
            because: expect.arrayContaining([
              expect.objectContaining({ fact: 'member.access.mailbox', actual: 'not_found' }),
            ]),
          }),
        ],
      }),
    ]);
  });

  it('reports members who appear or leave, and banners that come and go', () => {
    const after = CaptureSnapshot.parse(structuredClone(latest));
    after.members = after.members.filter((m) => !['m05', 'm06', 'm07'].includes(m.id));
    const diff = diffReports(engine.evaluateSnapshot(latest), engine.evaluateSnapshot(after));
    expect(diff.membersRemoved).toEqual(['m05', 'm06', 'm07']);
    expect(diff.bannersRemoved).toEqual(['members-not-connected']);
    expect(diff.changes.filter((c) => c.memberId === 'm05').map((c) => c.to)).toEqual([
      'absent',
      'absent',
      'absent',
    ]);
  });

  it('finds nothing between a report and itself', () => {
    const report = engine.evaluateSnapshot(latest);
    expect(diffReports(report, report)).toEqual({
      changes: [],
      membersAdded: [],
      membersRemoved: [],
      bannersAdded: [],
      bannersRemoved: [],
    });
  });
});
