import type { Store } from '@capture-doctor/store';
import { DEFAULT_SYNC_SCHEDULE, dueMoment } from './sync-schedule.js';

/**
 * Starts the sync of every connected company whose schedule came due since it was last covered.
 * Each due moment is claimed in the store first, so however many workers run this at once, a
 * company's due sync starts once. A company without a schedule of its own gets the default.
 * @example await startDueSyncs({ store, now: new Date(), start: (companyId) => queue.enqueue({ companyId }) })
 */
export async function startDueSyncs(input: {
  store: Pick<Store, 'companies' | 'connections' | 'syncSchedules'>;
  now: Date;
  start: (companyId: string) => Promise<void>;
}): Promise<string[]> {
  const { store, now } = input;
  const started: string[] = [];
  for (const company of await store.companies.list()) {
    if ((await store.connections.list(company.id)).length === 0) continue;
    const schedule = await store.syncSchedules.ensure(company.id, DEFAULT_SYNC_SCHEDULE);
    if (!schedule.enabled) continue;
    const due = dueMoment(company.id, schedule, now).toISOString();
    if (due <= schedule.coveredUntil) continue;
    if (!(await store.syncSchedules.claim(company.id, due))) continue;
    await input.start(company.id);
    started.push(company.id);
  }
  return started;
}
