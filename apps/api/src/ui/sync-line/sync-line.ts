import type { SyncStatus } from '@capture-doctor/sync';
import { screenText } from '../screen-text/screen-text.js';

/**
 * Whether the sync is still at work, so a screen keeps following it.
 * @example syncRunning({ phase: 'reading', ... }) // true
 */
export function syncRunning(sync: SyncStatus): boolean {
  return sync.finishedAt === null;
}

/**
 * One line on where the company's provider sync stands, for the team page and its poll.
 * @example syncLine(status) // "Provider sync: 4 of 20 members read…"
 */
export function syncLine(sync: SyncStatus): string {
  const at = (sync.finishedAt ?? '').replace('T', ' ').slice(0, 16);
  const of = sync.total === null ? '' : screenText('sync-of-total', { total: sync.total });
  const values = {
    at,
    of,
    done: sync.done,
    error: sync.error ?? screenText('sync-unknown-reason'),
  };
  // "members" agrees with the number just before it: the total when known ("1 of 20 members").
  const reading = { ...values, count: sync.total ?? sync.done };
  const finished = { ...values, count: sync.done };
  switch (sync.phase) {
    case 'preparing':
      return screenText('sync-preparing', values);
    case 'reading':
      return screenText('sync-reading', reading);
    case 'evaluating':
      return screenText('sync-evaluating', reading);
    case 'completed':
      return screenText('sync-completed', finished);
    case 'cancelled':
      return screenText('sync-cancelled', finished);
    default:
      return screenText('sync-failed', values);
  }
}
