import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesRoot } from '../load-rules/load-rules.js';
import { ruleJsonSchemas } from './rule-json-schemas.js';

describe('rules/schema', () => {
  it('matches the zod schemas the engine validates with (run pnpm generate-schemas after a change)', () => {
    for (const [file, schema] of Object.entries(ruleJsonSchemas())) {
      const committed = JSON.parse(readFileSync(join(rulesRoot(), 'schema', file), 'utf8'));
      expect(committed, file).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });
});
