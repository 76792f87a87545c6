import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedLimiter, mapWithConcurrency } from './bounded-concurrency.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapWithConcurrency', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(5), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (items, limit) => {
          let running = 0;
          let peak = 0;
          const result = await mapWithConcurrency(items, limit, async (item) => {
            running++;
            peak = Math.max(peak, running);
            for (let i = 0; i < item; i++) await tick();
            running--;
            return item * 2;
          });
          expect(result).toEqual(items.map((item) => item * 2));
          expect(peak).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('KeyedLimiter', () => {
  it('lets at most 4 tasks of one mailbox run together while other mailboxes go on', async () => {
    const limiter = new KeyedLimiter(4);
    const running = new Map<string, number>();
    let peakA = 0;
    const task = (key: string) =>
      limiter.run(key, async () => {
        running.set(key, (running.get(key) ?? 0) + 1);
        if (key === 'a') peakA = Math.max(peakA, running.get(key) ?? 0);
        await tick();
        await tick();
        running.set(key, (running.get(key) ?? 1) - 1);
      });
    await Promise.all([...Array.from({ length: 10 }, () => task('a')), task('b'), task('c')]);
    expect(peakA).toBe(4);
  });
});
