import { createSyncManager } from '@capture-doctor/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { type AlertTestStore, openAlertTestStore } from '../services/alerts/alert-test-store.js';
import { startBackgroundWork } from './background-work.js';

let t: AlertTestStore;
afterEach(async () => t?.close());

const HOUR = 3_600_000;

describe('background work', () => {
  it('raises sync.failed, and logs no start, when a scheduled sync cannot start', async () => {
    t = await openAlertTestStore(new Date('2026-03-02T10:00:00.000Z'));
    // A connection without the settings a sync needs: the sync is refused before it runs.
    await t.store.connections.create('acme', {
      provider: 'google_workspace',
      tenantId: 'acme.test',
    });
    const syncs = createSyncManager({ store: t.store });
    const lines: string[] = [];
    const work = await startBackgroundWork({
      store: t.store,
      syncs,
      queue: null,
      mailer: null,
      clock: t.now,
      log: (line) => lines.push(line),
      intervals: { outbox: HOUR, 'scheduled-syncs': HOUR, alerts: HOUR },
    });
    // The first pass only takes note of the schedule; the next one after 6 hours finds it due.
    await work.tick();
    t.advance(7 * HOUR);
    await work.tick();
    await work.stop();
    await syncs.close();

    const events = await t.store.alertDeliveries.events('acme', 'sync.failed');
    expect(events).toHaveLength(1);
    const data = JSON.parse(events[0]?.payload ?? '{}').data;
    expect(data).toMatchObject({ companyId: 'acme', runId: null });
    expect(data.error).toEqual(expect.any(String));
    expect(lines.some((line) => line.startsWith('scheduled sync of acme did not start'))).toBe(
      true,
    );
    expect(lines).not.toContain('scheduled sync of acme started');
  });
});
