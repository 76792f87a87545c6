import { describe, expect, it } from 'vitest';
import { rulePath, sitePath } from './site-path.js';

describe('sitePath', () => {
  it('puts every link under the base with one trailing slash', () => {
    expect(sitePath('/docs', 'find/by-icon')).toBe('/docs/find/by-icon/');
    expect(sitePath('/docs/', '/find/by-icon/')).toBe('/docs/find/by-icon/');
  });

  it('keeps a fragment after the slash', () => {
    expect(sitePath('/docs', 'find/by-icon#calendar-yellow')).toBe(
      '/docs/find/by-icon/#calendar-yellow',
    );
  });

  it('links the site root', () => {
    expect(sitePath('/docs', '')).toBe('/docs/');
  });
});

describe('rulePath', () => {
  it('is /docs/rules/<id>/', () => {
    expect(rulePath('/docs', 'recording-seat-missing')).toBe('/docs/rules/recording-seat-missing/');
  });
});
