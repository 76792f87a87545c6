import type { Store } from '@capture-doctor/store';
import { deliverDueAlerts } from './deliver-due-alerts.js';

/** A running loop of webhook deliveries. */
export interface AlertTicker {
  /** stops the loop and waits for a pass under way */
  stop(): Promise<void>;
}

/**
 * Runs {@link deliverDueAlerts} every `intervalMs` (default 10 s) in this process, one pass at
 * a time, for `serve`; a `worker` process runs the same function from its own task list.
 * @example const ticker = startAlertTicker({ store, clock, log }); await ticker.stop();
 */
export function startAlertTicker(options: {
  store: Store;
  clock: () => Date;
  log: (line: string) => void;
  intervalMs?: number;
}): AlertTicker {
  let running: Promise<void> | null = null;
  const pass = async () => {
    const done = await deliverDueAlerts({ store: options.store, now: options.clock() });
    if (done.delivered + done.retrying + done.failed > 0) {
      options.log(
        `webhooks: ${done.delivered} delivered, ${done.retrying} to retry, ${done.failed} given up`,
      );
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = pass()
      // The name only: a message could quote a receiver's answer.
      .catch((error: unknown) => options.log(`webhooks: a pass failed (${nameOf(error)})`))
      .finally(() => {
        running = null;
      });
  }, options.intervalMs ?? 10_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'error';
}
