import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from './json-schemas.js';

describe('the published JSON Schema files', () => {
  it('match the zod schemas (run pnpm generate-schemas in packages/domain after a change)', () => {
    for (const [file, schema] of Object.entries(jsonSchemas())) {
      const committed = JSON.parse(
        readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8'),
      );
      expect(committed, file).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });
});
