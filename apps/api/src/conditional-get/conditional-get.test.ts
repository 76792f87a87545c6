import { describe, expect, it } from 'vitest';
import { isNotModified } from './conditional-get.js';

describe('isNotModified', () => {
  it('matches the same tag, weakly, in a list, or *', () => {
    expect(isNotModified('"abc"', '"abc"')).toBe(true);
    expect(isNotModified('W/"abc"', '"abc"')).toBe(true);
    expect(isNotModified('"x" ,  "abc"', '"abc"')).toBe(true);
    expect(isNotModified('*', '"abc"')).toBe(true);
  });

  it('does not match without the header, another tag, or the tag unquoted', () => {
    expect(isNotModified(undefined, '"abc"')).toBe(false);
    expect(isNotModified('"abd"', '"abc"')).toBe(false);
    expect(isNotModified('abc', '"abc"')).toBe(false);
    expect(isNotModified('', '"abc"')).toBe(false);
  });
});
