import type { SyncStatus } from '@capture-doctor/sync';
import { describe, expect, it } from 'vitest';
import { syncLine } from './sync-line.js';

const status = (over: Partial<SyncStatus>): SyncStatus => ({
  companyId: 'solo',
  runId: 'r1',
  phase: 'reading',
  done: 0,
  total: null,
  startedAt: '2026-11-30T09:00:00.000Z',
  finishedAt: null,
  error: null,
  snapshotId: null,
  evaluationId: null,
  resumedFrom: null,
  ...over,
});

describe('syncLine', () => {
  it('says "member" for exactly one and "members" otherwise, agreeing with the number before it', () => {
    expect(syncLine(status({ done: 0, total: 1 }))).toBe('Provider sync: 0 of 1 member read…');
    expect(syncLine(status({ done: 1, total: 20 }))).toBe('Provider sync: 1 of 20 members read…');
    expect(syncLine(status({ done: 1 }))).toBe('Provider sync: 1 member read…');
    expect(syncLine(status({ phase: 'evaluating', done: 1, total: 1 }))).toBe(
      'Provider sync: 1 of 1 member read, evaluating…',
    );
    const finishedAt = '2026-11-30T09:01:00.000Z';
    expect(syncLine(status({ phase: 'completed', done: 1, total: 1, finishedAt }))).toBe(
      'Last provider sync completed 2026-11-30 09:01 UTC (1 member read)',
    );
    expect(syncLine(status({ phase: 'completed', done: 2, total: 2, finishedAt }))).toBe(
      'Last provider sync completed 2026-11-30 09:01 UTC (2 members read)',
    );
    expect(syncLine(status({ phase: 'cancelled', done: 1, finishedAt }))).toBe(
      'Last provider sync cancelled 2026-11-30 09:01 UTC after 1 member; the next one resumes',
    );
  });
});
