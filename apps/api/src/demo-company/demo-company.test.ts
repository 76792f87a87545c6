import { describe, expect, it } from 'vitest';
import { loadEngine } from '../engine-port/engine-port.js';
import { demoSnapshots } from './demo-company.js';

describe('the demo company', () => {
  const engine = loadEngine();
  const reports = demoSnapshots().map((s) => engine.evaluate(s));

  it('fires every capture rule in at least one of its snapshots', () => {
    const fired = new Set(
      reports.flatMap((r) => [
        ...r.banners.map((b) => b.ruleId),
        ...r.members.flatMap((m) => m.findings.map((f) => f.ruleId)),
      ]),
    );
    expect(engine.rules.map((r) => r.id).filter((id) => !fired.has(id))).toEqual([]);
  });

  it('shows green, yellow and red members in its latest snapshot', () => {
    const latest = reports.at(-1)!;
    expect(latest.summary.worst.green).toBeGreaterThan(0);
    expect(latest.summary.worst.yellow).toBeGreaterThan(0);
    expect(latest.summary.worst.red).toBeGreaterThan(0);
    expect(latest.banners.map((b) => b.ruleId)).toContain('members-not-connected');
  });
});
