import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../open-store/open-store.js';
import { StoreError } from '../store-error/store-error.js';
import { openTestStore, reportFor, snapshotFor, tempDir } from '../test-support/test-support.js';

let store: Store;
let cleanup: () => void;
let connectionId: string;
let snapshotId: string;
let runId: string;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  store = await openTestStore(t.dir);
  await store.companies.create({ id: 'acme', name: 'Acme' });
  connectionId = (
    await store.connections.create('acme', { provider: 'microsoft_365', tenantId: 't1' })
  ).id;
  snapshotId = (await store.snapshots.add('acme', snapshotFor('acme'))).id;
  runId = (await store.syncRuns.start('acme')).id;
});
afterAll(async () => {
  await store.close();
  cleanup();
});

/** A valid input per write method, and the call that writes it. */
const writers: Record<
  string,
  { valid: Record<string, unknown>; write: (input: unknown) => Promise<unknown> }
> = {
  'companies.create': {
    valid: { name: 'Globex' },
    write: (i) => store.companies.create(i as never),
  },
  'connections.create': {
    valid: { provider: 'google_workspace', tenantId: 'g1' },
    write: (i) => store.connections.create('acme', i as never),
  },
  'credentials.put': {
    valid: { kind: 'client_secret', secret: 'x' },
    write: (i) => store.credentials.put('acme', connectionId, i as never),
  },
  'members.upsert': {
    valid: { id: 'u9', email: 'u9@acme.example' },
    write: (i) => store.members.upsert('acme', i as never),
  },
  'snapshots.add': {
    valid: snapshotFor('acme') as Record<string, unknown>,
    write: (i) => store.snapshots.add('acme', i as never),
  },
  'evaluations.add': {
    valid: { snapshotId: 'set-later', report: reportFor('acme') },
    write: (i) => store.evaluations.add('acme', i as never),
  },
  'acknowledgements.create': {
    valid: {
      memberId: 'u1',
      ruleId: 'r',
      reason: 'why',
      createdBy: 'me',
      expiresAt: '2999-01-01T00:00:00Z',
    },
    write: (i) => store.acknowledgements.create('acme', i as never),
  },
  'consentPolicies.createDraft': {
    valid: { createdBy: 'co', body: { a: 1 } },
    write: (i) => store.consentPolicies.createDraft('acme', i as never),
  },
  'consentEvidence.append': {
    valid: { meetingId: 'm', kind: 'notice_sent' },
    write: (i) => store.consentEvidence.append('acme', i as never),
  },
  'auditLog.record': {
    valid: { companyId: 'acme', actor: 'a', action: 'b', target: 'c' },
    write: (i) => store.auditLog.record(i as never),
  },
  'apiKeys.create': {
    valid: { role: 'admin' },
    write: (i) => store.apiKeys.create('acme', i as never),
  },
  'outbox.enqueue': {
    valid: { to: 'a@b.example', subject: 's', text: 't' },
    write: (i) => store.outbox.enqueue(i as never),
  },
  'ingestionAudit.record': {
    valid: { memberId: 'u1', resource: 'mailbox', readKind: 'k', itemCount: 1 },
    write: (i) => store.ingestionAudit.record('acme', i as never),
  },
  'syncRuns.saveProgress': {
    valid: { cursor: 1, members: [{ memberId: 'u1', result: 1 }] },
    write: (i) => store.syncRuns.saveProgress(runId, i as never),
  },
};

/** Everything stored, as one comparable value. */
async function everything(): Promise<unknown> {
  return {
    companies: await store.companies.list(),
    connections: await store.connections.list('acme'),
    credentials: await store.credentials.list('acme', connectionId),
    members: await store.members.list('acme'),
    snapshots: await store.snapshots.history('acme', { limit: 1000 }),
    evaluations: await store.evaluations.history('acme', { limit: 1000 }),
    acknowledgements: await store.acknowledgements.list('acme'),
    policies: await store.consentPolicies.list('acme'),
    evidence: await store.consentEvidence.list('acme'),
    audit: await store.auditLog.list('acme'),
    keys: await store.apiKeys.list('acme'),
    outbox: await store.outbox.list('acme'),
    reads: await store.ingestionAudit.list('acme'),
    results: await store.syncRuns.memberResults(runId),
    runs: await store.syncRuns.list('acme'),
  };
}

/** A valid input with one field replaced by a random value, removed, or an unknown field added. */
const malformed = fc.constantFrom(...Object.keys(writers)).chain((name) => {
  const valid = writers[name]!.valid;
  const keys = Object.keys(valid);
  const change = fc.oneof(
    fc.record({
      kind: fc.constant('replace' as const),
      key: fc.constantFrom(...keys),
      value: fc.anything(),
    }),
    fc.record({ kind: fc.constant('remove' as const), key: fc.constantFrom(...keys) }),
    fc.record({
      kind: fc.constant('add' as const),
      key: fc.string({ minLength: 1 }),
      value: fc.anything(),
    }),
    fc.record({ kind: fc.constant('whole' as const), value: fc.anything() }),
  );
  return fc.tuple(fc.constant(name), change);
});

function apply(
  valid: Record<string, unknown>,
  change: { kind: string; key?: string; value?: unknown },
): unknown {
  if (change.kind === 'whole') return change.value;
  const copy: Record<string, unknown> = { ...valid };
  if (change.kind === 'remove') delete copy[change.key!];
  else
    Object.defineProperty(copy, change.key!, {
      value: change.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

describe('malformed input', () => {
  it('every write refuses it with a StoreError naming a field, and nothing stored changes', async () => {
    writers['evaluations.add']!.valid.snapshotId = snapshotId;
    await fc.assert(
      fc.asyncProperty(malformed, async ([name, change]) => {
        const before = await everything();
        const input = apply(writers[name]!.valid, change);
        try {
          await writers[name]!.write(input);
        } catch (error) {
          expect(error).toBeInstanceOf(StoreError);
          const storeError = error as StoreError;
          expect(['invalid_input', 'conflict', 'not_found']).toContain(storeError.code);
          expect(storeError.field).toEqual(expect.any(String));
          expect(await everything()).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
  });
});
