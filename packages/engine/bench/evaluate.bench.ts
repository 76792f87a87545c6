// Members per second of (a) json-rules-engine run once per member and (b) the project's
// evaluator, on synthetic tenants of 1k, 10k and 100k members. Run with `pnpm bench`.
// BENCH_WHOLE_PROCESS_ONLY=1 skips the json-rules-engine comparison (slow at 100k members) and
// runs only the whole-process scenario at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);

function best(runs: number, fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

if (process.env.BENCH_WHOLE_PROCESS_ONLY !== '1') {
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
}

// The whole `capture-doctor evaluate` process against a bare node process that only parses the
// same snapshot file and writes the same report: what the CLI costs beyond reading and writing
// JSON (start-up, module loading, validation, evaluation). Needs the built CLI (turbo builds it).
const cliMain = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));
const processMembers = Number(process.env.BENCH_EVALUATE_MEMBERS ?? 100_000);
if (existsSync(cliMain)) {
  const dir = mkdtempSync(join(tmpdir(), 'capture-doctor-evaluate-bench-'));
  try {
    const snapshotFile = join(dir, 'snapshot.json');
    const reportFile = join(dir, 'report.json');
    const snapshot = generateSnapshot({ members: processMembers, seed: 3 });
    writeFileSync(snapshotFile, JSON.stringify(snapshot));
    writeFileSync(reportFile, JSON.stringify(fast.evaluateSnapshot(snapshot)));
    const bare = `const fs = require('node:fs');
JSON.parse(fs.readFileSync(${JSON.stringify(snapshotFile)}, 'utf8'));
const report = JSON.parse(fs.readFileSync(${JSON.stringify(reportFile)}, 'utf8'));
process.stdout.write(JSON.stringify(report, null, 2) + '\\n');`;
    const run = (args: string[]): number => {
      const start = performance.now();
      const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      if (child.status !== 0) throw new Error(`exit ${child.status}: node ${args.join(' ')}`);
      return performance.now() - start;
    };
    // Alternated, so that other work on a shared machine slows both alike; the best of three each.
    let cliMs = Number.POSITIVE_INFINITY;
    let bareMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      cliMs = Math.min(cliMs, run([cliMain, 'evaluate', snapshotFile]));
      bareMs = Math.min(bareMs, run(['-e', bare]));
    }
    const load = loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
    console.log(
      `whole process, ${processMembers.toLocaleString('en-US')} members: capture-doctor evaluate ${cliMs.toFixed(0)} ms, bare node parse + write ${bareMs.toFixed(0)} ms, ratio ${(cliMs / bareMs).toFixed(2)}x (target <= 1.5x; load average ${load})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log(`whole process: skipped, build the CLI first (${cliMain} is missing)`);
}
