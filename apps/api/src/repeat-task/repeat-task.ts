/** A pass run again and again on a timer, one at a time. */
export interface RepeatedTask<T> {
  /** runs one pass now, or joins the pass under way */
  tick(): Promise<T>;
  /** runs one pass now (or joins it) and reports a failure as the timer's passes do */
  passNow(): Promise<void>;
  /** stops the timer and waits for a pass under way */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` (the timer keeps no process alive); a pass still running when
 * the next is due is joined, not doubled, so a slow pass never stacks up.
 * @example const task = repeatTask(15_000, () => sendDue(), (e) => log(e)); await task.stop();
 */
export function repeatTask<T>(
  intervalMs: number,
  pass: () => Promise<T>,
  onError: (error: unknown) => void,
): RepeatedTask<T> {
  let running: Promise<T> | null = null;
  const tick = async () => {
    if (running) return running;
    running = pass();
    try {
      return await running;
    } finally {
      running = null;
    }
  };
  const passNow = () =>
    tick().then(
      () => undefined,
      (error: unknown) => {
        onError(error);
      },
    );
  const timer = setInterval(passNow, intervalMs);
  timer.unref();
  return {
    tick,
    passNow,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
