import { createEvaluator, loadCaptureRules } from '@capture-doctor/engine';
import { describe, expect, it } from 'vitest';
import { demoSnapshots } from './demo-company.js';

describe('the demo company', () => {
  const rules = loadCaptureRules();
  const engine = createEvaluator(rules);
  const reports = demoSnapshots().map((s) => engine.evaluateSnapshot(s));

  it('fires every capture rule in at least one of its snapshots', () => {
    const fired = new Set(
      reports.flatMap((r) => [
        ...r.banners.map((b) => b.ruleId),
        ...r.members.flatMap((m) => m.findings.map((f) => f.ruleId)),
      ]),
    );
    expect(rules.rules.map((r) => r.id).filter((id) => !fired.has(id))).toEqual([]);
  });

  it('shows green, yellow and red members in its latest snapshot', () => {
    const latest = reports.at(-1)!;
    expect(latest.summary.worst.green).toBeGreaterThan(0);
    expect(latest.summary.worst.yellow).toBeGreaterThan(0);
    expect(latest.summary.worst.red).toBeGreaterThan(0);
    expect(latest.banners.map((b) => b.ruleId)).toContain('members-not-connected');
  });
});
