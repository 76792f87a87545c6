import { describe, expect, it } from 'vitest';
import { countedText } from '../../notices/notices.js';
import refusals from './approval-refusals.json' with { type: 'json' };

describe('approval refusals', () => {
  it('speaks of "1 red finding" and "2 red findings"', () => {
    const detail = (count: number) =>
      countedText(refusals['red-findings'].detail, { version: 4, count, jurisdictions: 'DE' });
    expect(detail(1)).toMatch(
      /^version 4 has 1 red finding for the company's usual jurisdictions \(DE\): /,
    );
    expect(detail(2)).toMatch(/^version 4 has 2 red findings for /);
  });
});
