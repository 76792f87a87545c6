import { describe, expect, it } from 'vitest';
import { JSON_LIMITS, jsonLimitProblem } from './json-limits.js';

const small = { depth: 3, items: 4, keys: 3 };

describe('jsonLimitProblem', () => {
  it('accepts JSON within the limits, brackets and commas inside strings included', () => {
    expect(
      jsonLimitProblem('{"a":[1,2,3,4],"b":{"c":"[[[[,,,,{{{"},"d":"\\"["}', small),
    ).toBeNull();
    expect(jsonLimitProblem(JSON.stringify({ members: [{ id: 'm1' }] }))).toBeNull();
  });

  it('names the place nested deeper than the limit', () => {
    expect(jsonLimitProblem('{"a":[[[[1]]]]}', small)).toEqual({
      field: 'a[0][0]',
      message: 'nested deeper than 3 levels',
    });
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(jsonLimitProblem(deep)?.message).toBe(`nested deeper than ${JSON_LIMITS.depth} levels`);
  });

  it('names the array with too many items and the object with too many keys', () => {
    expect(
      jsonLimitProblem('{"x":1,"members":[0,{"tags":[1,2,3,4,5]}]}', { ...small, depth: 9 }),
    ).toEqual({
      field: 'members[1].tags',
      message: 'an array of more than 4 items',
    });
    expect(jsonLimitProblem('[{"a":1,"b":2,"c":3,"d":4}]', small)).toEqual({
      field: '[0]',
      message: 'an object of more than 3 keys',
    });
    const keys = JSON.stringify(
      Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, 1])),
    );
    expect(jsonLimitProblem(keys)).toEqual({
      field: '(root)',
      message: 'an object of more than 10,000 keys',
    });
  });
});
