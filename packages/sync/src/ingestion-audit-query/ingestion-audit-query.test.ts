import type { Store } from '@capture-doctor/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, tempDir } from '../test-support/test-support.js';
import { queryIngestionAudit } from './ingestion-audit-query.js';

let store: Store;
let cleanup: () => void;

beforeEach(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = await openTestStore(temp.dir);
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.companies.create({ id: 'other', name: 'Other' });
  const read = (memberId: string, resource: 'mailbox' | 'calendar', at: string) => ({
    memberId,
    resource,
    readKind: resource === 'mailbox' ? 'gmail.users.getProfile' : 'calendar.events.list',
    itemCount: resource === 'mailbox' ? 0 : 1,
    at,
    credentialId: 'cred-1',
  });
  await store.ingestionAudit.recordMany('acme', [
    read('u1', 'mailbox', '2026-11-01T09:00:00.000Z'),
    read('u1', 'calendar', '2026-11-01T09:00:00.000Z'),
    read('u2', 'mailbox', '2026-11-10T09:00:00.000Z'),
    read('u1', 'mailbox', '2026-11-20T09:00:00.000Z'),
  ]);
  await store.ingestionAudit.recordMany('other', [
    read('u1', 'mailbox', '2026-11-01T09:00:00.000Z'),
  ]);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

describe('queryIngestionAudit', () => {
  it('answers per member and per period, from inclusive and to exclusive, within the company only', async () => {
    const reads = await queryIngestionAudit(store, 'acme', {
      memberId: 'u1',
      from: '2026-11-01T09:00:00Z',
      to: '2026-11-20T09:00:00Z',
    });
    expect(reads.map((r) => [r.memberId, r.resource, r.at, r.companyId])).toEqual([
      ['u1', 'mailbox', '2026-11-01T09:00:00.000Z', 'acme'],
      ['u1', 'calendar', '2026-11-01T09:00:00.000Z', 'acme'],
    ]);
  });

  it('takes the query string of a URL as it comes: limit as text, newest first on request', async () => {
    const reads = await queryIngestionAudit(store, 'acme', {
      resource: 'mailbox',
      limit: '2',
      order: 'desc',
    });
    expect(reads.map((r) => r.at)).toEqual([
      '2026-11-20T09:00:00.000Z',
      '2026-11-10T09:00:00.000Z',
    ]);
  });

  it('names the parameter at fault, and refuses an unknown company', async () => {
    await expect(queryIngestionAudit(store, 'acme', { from: 'yesterday' })).rejects.toMatchObject({
      code: 'invalid_configuration',
      field: 'from',
    });
    await expect(queryIngestionAudit(store, 'acme', { resource: 'drive' })).rejects.toMatchObject({
      field: 'resource',
    });
    await expect(
      queryIngestionAudit(store, 'acme', {
        from: '2026-11-02T00:00:00Z',
        to: '2026-11-01T00:00:00Z',
      }),
    ).rejects.toMatchObject({ field: 'from' });
    await expect(queryIngestionAudit(store, 'acme', { member: 'u1' })).rejects.toMatchObject({
      message: expect.stringContaining('member'),
    });
    await expect(queryIngestionAudit(store, 'nobody')).rejects.toMatchObject({ code: 'not_found' });
  });
});
