import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { manualClock, openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

const PolicyBody = z.strictObject({
  recorderName: z.string().min(1),
  noticeEmail: z.strictObject({
    enabled: z.boolean(),
    leadMinutes: z.number().int().nonnegative(),
  }),
  consentPage: z.boolean(),
});

const body = {
  recorderName: 'Acme Notetaker',
  noticeEmail: { enabled: true, leadMinutes: 60 },
  consentPage: false,
};

async function setup() {
  const time = manualClock('2026-01-01T00:00:00.000Z');
  const store = await openTestStore(dir(), { clock: time.clock, consentPolicyBody: PolicyBody });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  return { store, time };
}

describe('consent policies', () => {
  it('a draft is edited, approved with approver and time, then never changes', async () => {
    const { store, time } = await setup();
    const draft = await store.consentPolicies.createDraft('acme', { createdBy: 'ana', body });
    expect(draft).toMatchObject({
      version: 1,
      status: 'draft',
      approvedBy: null,
      approvedAt: null,
    });
    time.advance(1000);
    const edited = await store.consentPolicies.updateDraft('acme', 1, {
      updatedBy: 'bo',
      body: { ...body, consentPage: true },
    });
    expect(edited).toMatchObject({
      updatedBy: 'bo',
      updatedAt: '2026-01-01T00:00:01.000Z',
      body: { consentPage: true },
    });
    time.advance(1000);
    const approved = await store.consentPolicies.approve('acme', 1, {
      approvedBy: 'compliance@acme.example',
    });
    expect(approved).toMatchObject({
      status: 'approved',
      approvedBy: 'compliance@acme.example',
      approvedAt: '2026-01-01T00:00:02.000Z',
    });
    expect(await store.consentPolicies.get('acme', 1)).toEqual(approved);
    await expect(
      store.consentPolicies.updateDraft('acme', 1, { updatedBy: 'bo', body }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'version' });
    await expect(
      store.consentPolicies.approve('acme', 1, { approvedBy: 'x' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await store.consentPolicies.get('acme', 1)).toEqual(approved);
    await store.close();
  });

  it('a new draft takes the next number and starts from the latest body; the approved one stays in force', async () => {
    const { store } = await setup();
    await store.consentPolicies.createDraft('acme', { createdBy: 'ana', body });
    const v1 = await store.consentPolicies.approve('acme', 1, { approvedBy: 'co' });
    const v2 = await store.consentPolicies.createDraft('acme', { createdBy: 'ana' });
    expect(v2).toMatchObject({ version: 2, status: 'draft', body });
    expect(await store.consentPolicies.latestApproved('acme')).toEqual(v1);
    expect(await store.consentPolicies.draft('acme')).toEqual(v2);
    expect((await store.consentPolicies.list('acme')).map((p) => p.version)).toEqual([2, 1]);
    await store.consentPolicies.approve('acme', 2, { approvedBy: 'co' });
    expect((await store.consentPolicies.latestApproved('acme'))?.version).toBe(2);
    await store.close();
  });

  it('refuses a second draft while one is open', async () => {
    const { store } = await setup();
    await store.consentPolicies.createDraft('acme', { createdBy: 'ana', body });
    await expect(
      store.consentPolicies.createDraft('acme', { createdBy: 'bo', body }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await store.consentPolicies.list('acme')).toHaveLength(1);
    await store.close();
  });

  it('refuses a body the policy schema rejects, naming the field, and keeps the draft as it was', async () => {
    const { store } = await setup();
    const draft = await store.consentPolicies.createDraft('acme', { createdBy: 'ana', body });
    await expect(
      store.consentPolicies.updateDraft('acme', 1, {
        updatedBy: 'bo',
        body: { ...body, noticeEmail: { enabled: true, leadMinutes: -5 } },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'noticeEmail.leadMinutes' });
    expect(await store.consentPolicies.get('acme', 1)).toEqual(draft);
    await expect(
      store.consentPolicies.createDraft('acme', { createdBy: '', body }),
    ).rejects.toMatchObject({
      field: 'createdBy',
    });
    await store.close();
  });

  it('needs a body for the first version, and reports unknown versions as not found', async () => {
    const { store } = await setup();
    await expect(
      store.consentPolicies.createDraft('acme', { createdBy: 'ana' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'body',
    });
    await expect(
      store.consentPolicies.approve('acme', 7, { approvedBy: 'co' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await store.consentPolicies.latestApproved('acme')).toBeNull();
    await store.close();
  });

  it('keeps the reason an approver gives with the version; without one it is null', async () => {
    const { store } = await setup();
    await store.consentPolicies.createDraft('acme', { createdBy: 'ana', body });
    const v1 = await store.consentPolicies.approve('acme', 1, { approvedBy: 'co' });
    expect(v1.approvalReason).toBeNull();
    await store.consentPolicies.createDraft('acme', { createdBy: 'ana' });
    const v2 = await store.consentPolicies.approve('acme', 2, {
      approvedBy: 'co',
      reason: '  Counsel signed off on the German calls  ',
    });
    expect(v2.approvalReason).toBe('Counsel signed off on the German calls');
    expect(await store.consentPolicies.get('acme', 2)).toEqual(v2);
    await store.consentPolicies.createDraft('acme', { createdBy: 'ana' });
    await expect(
      store.consentPolicies.approve('acme', 3, { approvedBy: 'co', reason: ' ' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'reason' });
    await store.close();
  });
});
