import type { Store } from '@capture-doctor/store';
import type { Mailer } from '../mailer/mailer.js';
import { repeatTask } from '../repeat-task/repeat-task.js';

/** Options of {@link startNoticeScheduler}. */
export interface NoticeSchedulerOptions {
  store: Pick<Store, 'outbox'>;
  mailer: Mailer;
  /** time between two ticks; default 15 s */
  intervalMs?: number;
  /** a claim older than this belongs to a sender that died mid-send; default 300 s */
  staleClaimSeconds?: number;
  log: (line: string) => void;
}

/** A running scheduler. */
export interface NoticeScheduler {
  /** one pass: release claims of dead senders, then send every email that is due */
  tick(): Promise<{ sent: number; failed: number }>;
  /** one pass now, a failure logged as the timer's passes log it */
  passNow(): Promise<void>;
  /** stops the loop and waits for a tick under way */
  stop(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 15_000;
const DEFAULT_STALE_CLAIM_SECONDS = 300;

/**
 * Sends the outbox's due emails (notices wait for `notBefore`) on every tick. Everything it
 * knows is in the store, whose clock decides what is due: a restart loses nothing, and the
 * claim taken before each send keeps it from sending anything twice.
 * @example const scheduler = startNoticeScheduler({ store, mailer, log }); await scheduler.stop();
 */
export function startNoticeScheduler(options: NoticeSchedulerOptions): NoticeScheduler {
  const staleSeconds = options.staleClaimSeconds ?? DEFAULT_STALE_CLAIM_SECONDS;
  const pass = async () => {
    const released = await options.store.outbox.releaseStale(staleSeconds);
    if (released > 0) options.log(`outbox: ${released} interrupted email(s) will be sent again`);
    const result = await options.mailer.flush(options.store);
    if (result.sent + result.failed > 0) {
      options.log(`outbox: ${result.sent} email(s) sent, ${result.failed} failed`);
    }
    return result;
  };
  // One pass at a time: a slow SMTP server must not stack passes up.
  return repeatTask(options.intervalMs ?? DEFAULT_INTERVAL_MS, pass, (error) => {
    // The name only: a message could quote an address or a server answer.
    options.log(`outbox: a pass failed (${error instanceof Error ? error.name : 'error'})`);
  });
}
