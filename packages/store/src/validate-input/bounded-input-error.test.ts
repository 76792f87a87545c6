import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StoreError } from '../store-error/store-error.js';
import { parseStored, validateInput } from './validate-input.js';

const manyKeys = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

describe('a refused input makes a small error whatever its size', () => {
  it('names 20,000 unknown keys once and keeps the message short', () => {
    let error: unknown;
    try {
      validateInput(
        z.strictObject({ name: z.string() }),
        { name: 'x', ...manyKeys(20_000) },
        'company',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreError);
    const refused = error as StoreError;
    expect(refused.field).toBe('k0');
    expect(refused.message.length).toBeLessThan(1_000);
    expect(refused.message).toMatch(/and [\d,]+ more/);
  });

  it('keeps at most 30 problems of a stored row that no longer fits', () => {
    const text = JSON.stringify(Array.from({ length: 50_000 }, () => 1));
    expect(() => parseStored(z.array(z.string()), text, 'row')).toThrow(
      /and 49,970 more problems$/,
    );
  });
});
