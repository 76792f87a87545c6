import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonObject } from '../json-value/json-value.js';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[true,null]},"b":1}',
    );
  });

  it('gives the same text whatever order the keys were built in, and parses back to the value', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()).map((d) => JsonObject.parse(d)),
        (value) => {
          const reversed = Object.fromEntries(Object.entries(value).reverse());
          expect(canonicalJson(reversed)).toBe(canonicalJson(value));
          expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
    );
  });
});
