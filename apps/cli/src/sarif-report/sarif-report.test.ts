import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Report } from '@capture-doctor/domain';
import { loadCaptureRules } from '@capture-doctor/engine';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli/run-cli.js';
import { captureIo } from '../test-support/capture-io.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const example = join(root, 'examples', 'mixed-microsoft-company-wide.json');

// The SARIF 2.1.0 schema as published by OASIS's SARIF TC (2.1.0-rtm.5, the one SchemaStore
// and GitHub code scanning use), taken from the npm package @microsoft/jest-sarif 1.0.0-beta.0.
const schema: unknown = JSON.parse(
  readFileSync(new URL('./sarif-2.1.0-rtm.5.schema.json', import.meta.url), 'utf8'),
);

async function evaluate(format: string, env: Record<string, string> = {}) {
  const { io, out, err } = captureIo();
  const code = await runCli(['evaluate', example, '--format', format], { ...io, env });
  expect(err()).toBe('');
  expect(code).toBe(0);
  return out();
}

describe('capture-doctor evaluate --format sarif', () => {
  it('writes a log the official SARIF 2.1.0 schema accepts', async () => {
    // Both are CommonJS modules whose default export is also their `default` property.
    // The schema's language pattern is not valid as a `u` regular expression; the spec's own
    // validators read it without that flag.
    const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema as object);
    const log: unknown = JSON.parse(await evaluate('sarif'));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // The same log with a level SARIF does not know is refused: the check has teeth.
    const broken = JSON.parse(JSON.stringify(log).replace('"level":"error"', '"level":"fatal"'));
    expect(validate(broken)).toBe(false);
  });

  it('has one result per finding, at the snapshot file and the member, with the level of its colour', async () => {
    const report = Report.parse(JSON.parse(await evaluate('json')));
    const log = JSON.parse(await evaluate('sarif')) as Log;
    const results = log.runs[0]!.results!;
    const findings = report.members.flatMap((m) => m.findings.map((f) => ({ m, f })));
    expect(findings.length).toBeGreaterThan(0);
    const onMembers = results.filter((r) =>
      r.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName?.startsWith('members/'),
    );
    expect(onMembers).toHaveLength(findings.length);
    for (const [i, { m, f }] of findings.entries()) {
      expect(onMembers[i]).toMatchObject({
        ruleId: f.ruleId,
        level: f.color === 'red' ? 'error' : 'warning',
        message: { text: f.message },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: example } },
            logicalLocations: [{ fullyQualifiedName: `members/${m.id}` }],
          },
        ],
      });
    }
  });

  it('lists every loaded rule in the driver, each with its docs page as helpUri', async () => {
    const env = { CAPTURE_DOCTOR_PUBLIC_URL: 'https://capture.example.com' };
    const log = JSON.parse(await evaluate('sarif', env)) as Log;
    const { rules } = log.runs[0]!.tool.driver;
    const loaded = loadCaptureRules().rules;
    expect(rules?.map((r) => r.id)).toEqual(loaded.map((r) => r.id));
    expect(rules?.[0]).toEqual({
      id: loaded[0]!.id,
      name: loaded[0]!.title,
      shortDescription: { text: loaded[0]!.title },
      fullDescription: { text: loaded[0]!.docs.why },
      helpUri: `https://capture.example.com/docs/rules/${loaded[0]!.id}/`,
      defaultConfiguration: { level: loaded[0]!.color === 'red' ? 'error' : 'warning' },
    });
    for (const result of log.runs[0]!.results!) {
      expect(rules?.[result.ruleIndex!]?.id).toBe(result.ruleId);
    }
  });
});
