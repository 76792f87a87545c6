import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Report } from '@capture-doctor/domain';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { runCli } from '../run-cli/run-cli.js';
import { captureIo } from '../test-support/capture-io.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const example = join(root, 'examples', 'mixed-microsoft-company-wide.json');

async function evaluate(format: string) {
  const { io, out, err } = captureIo();
  expect(await runCli(['evaluate', example, '--format', format], io)).toBe(0);
  expect(err()).toBe('');
  return out();
}

interface Case {
  '@classname': string;
  '@name': string;
  failure?: { '@type': string; '@message': string; '#': string };
  skipped?: { '@message': string };
}
interface Suite {
  '@name': string;
  '@id': string;
  '@tests': string;
  '@failures': string;
  testcase: Case[];
}

describe('capture-doctor evaluate --format junit', () => {
  it('parses back to a test case per member and icon, failing red and yellow icons with their messages', async () => {
    const report = Report.parse(JSON.parse(await evaluate('json')));
    const parsed: unknown = create(await evaluate('junit')).end({ format: 'object' });
    const { testsuites } = parsed as {
      testsuites: { '@tests': string; '@failures': string; testsuite: Suite[] };
    };
    const suites = testsuites.testsuite;
    expect(suites.map((s) => s['@id'])).toEqual(report.members.map((m) => m.id));
    expect(Number(testsuites['@tests'])).toBe(report.members.length * 3);
    let failures = 0;
    for (const [i, member] of report.members.entries()) {
      const suite = suites[i]!;
      expect(suite.testcase.map((c) => c['@name'])).toEqual(['microphone', 'calendar', 'email']);
      for (const test of suite.testcase) {
        const icon = test['@name'] as keyof typeof member.icons;
        const color = member.icons[icon];
        expect(test['@classname']).toBe(`members.${member.id}`);
        if (color === 'red' || color === 'yellow') {
          failures++;
          expect(test.failure?.['@type']).toBe(color);
          const messages = member.findings
            .filter((f) => f.icons.includes(icon) && !f.acknowledgement)
            .map((f) => `${f.ruleId}: ${f.message}`);
          expect(messages.length).toBeGreaterThan(0);
          expect(test.failure?.['#']).toBe(messages.join('\n'));
        } else {
          expect(test.failure).toBeUndefined();
          expect(test.skipped !== undefined).toBe(color === 'off' || color === 'unknown');
        }
      }
    }
    expect(failures).toBeGreaterThan(0);
    expect(Number(testsuites['@failures'])).toBe(failures);
  });
});
