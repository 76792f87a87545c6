import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from './locate-json-error.js';

describe('locateJsonError', () => {
  it('accepts exactly what JSON.parse accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 30 })), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(locateJsonError(text) === null).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });

  it('points at a missing value after a key', () => {
    expect(locateJsonError('{"a": }')).toEqual({ offset: 6, expected: 'a value' });
  });

  it('points at a trailing comma', () => {
    expect(locateJsonError('[1, 2,]')).toEqual({ offset: 6, expected: 'a value' });
  });

  it('points at text after the document', () => {
    expect(locateJsonError('{} x')).toEqual({ offset: 3, expected: 'the end of the document' });
  });
});
