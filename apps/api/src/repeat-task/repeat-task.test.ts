import { describe, expect, it } from 'vitest';
import { repeatTask } from './repeat-task.js';

describe('repeatTask', () => {
  it('passNow reports a failed pass to the error handler instead of rejecting', async () => {
    const errors: unknown[] = [];
    const task = repeatTask(
      60_000,
      async () => {
        throw new Error('duplicate key');
      },
      (error) => errors.push(error),
    );
    await expect(task.passNow()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    await expect(task.tick()).rejects.toThrow('duplicate key');
    await task.stop();
  });

  it('joins a pass under way rather than starting a second one', async () => {
    let passes = 0;
    let finish: () => void = () => undefined;
    const task = repeatTask(
      60_000,
      () =>
        new Promise<number>((resolve) => {
          passes += 1;
          finish = () => resolve(passes);
        }),
      () => undefined,
    );
    const first = task.tick();
    const joined = task.passNow();
    finish();
    expect(await first).toBe(1);
    await joined;
    expect(passes).toBe(1);
    await task.stop();
  });
});
