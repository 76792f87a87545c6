import {
  type ConsentPolicyVersion,
  type CredentialKind,
  isStoreError,
  type Store,
  type StoredAcknowledgement as StoreAcknowledgement,
  type OutboxEmail as StoreOutboxEmail,
} from '@capture-doctor/store';
import { queryIngestionAudit } from '@capture-doctor/sync';
import type {
  ApiStore,
  OutboxEmail,
  StoredAcknowledgement,
  StoredConsentPolicy,
  StoredSnapshot,
} from '../store-port/store-port.js';

/**
 * Binds the API's storage port to @capture-doctor/store.
 * @example const api = createApp({ store: storeAdapter(await openStore({ file })), ... })
 */
export function storeAdapter(store: Store): ApiStore {
  const connectionOf = async (companyId: string) =>
    (await store.connections.list(companyId))[0] ?? null;
  return {
    companies: {
      create: (input) => store.companies.create(input),
      get: (id) => store.companies.get(id),
      rename: (id, name) => store.companies.rename(id, name),
    },
    apiKeys: {
      async create({ companyId, role, label }) {
        const { key, info } = await store.apiKeys.create(companyId, {
          role,
          ...(label === undefined ? {} : { name: label }),
        });
        return { keyId: info.id, key, info };
      },
      verify: (key) => store.apiKeys.verify(key),
      list: (companyId) => store.apiKeys.list(companyId),
      async revoke(companyId, keyId) {
        try {
          return await store.apiKeys.revoke(companyId, keyId);
        } catch (error) {
          if (isStoreError(error, 'not_found')) return null;
          throw error;
        }
      },
    },
    connection: {
      load: async (companyId) => (await store.connectionStates.get(companyId))?.state ?? null,
      async save(companyId, persisted) {
        await store.connectionStates.save(companyId, persisted);
      },
      async recordTenant(companyId, tenant) {
        const existing = await connectionOf(companyId);
        if (!tenant) {
          if (existing) await store.connections.remove(companyId, existing.id);
          return;
        }
        const mode =
          tenant.mode === 'company_wide' || tenant.mode === 'user_by_user' ? tenant.mode : null;
        const provider = tenant.provider === 'microsoft_365' ? 'microsoft_365' : 'google_workspace';
        if (existing && existing.tenantId === tenant.id && existing.provider === provider) {
          if (existing.mode !== mode)
            await store.connections.update(companyId, existing.id, { mode });
          return;
        }
        if (existing) await store.connections.remove(companyId, existing.id);
        await store.connections.create(companyId, { provider, tenantId: tenant.id, mode });
      },
      async saveCredential(companyId, credential) {
        const connection = await connectionOf(companyId);
        if (!connection) return null;
        await store.credentials.put(companyId, connection.id, {
          kind: credential.kind as CredentialKind,
          secret: credential.secret,
        });
        return { kinds: await activeKinds(store, companyId, connection.id) };
      },
      async credentialKinds(companyId) {
        const connection = await connectionOf(companyId);
        return connection ? activeKinds(store, companyId, connection.id) : [];
      },
    },
    snapshots: {
      add: async (companyId, snapshot) =>
        toSnapshot(await store.snapshots.add(companyId, snapshot)),
      latest: async (companyId) => {
        const found = await store.snapshots.latest(companyId);
        return found ? toSnapshot(found) : null;
      },
      get: async (companyId, id) => {
        const found = await store.snapshots.byId(companyId, id);
        return found ? toSnapshot(found) : null;
      },
    },
    evaluations: {
      add: (companyId, snapshotId, report) =>
        store.evaluations.add(companyId, { snapshotId, report }),
      latest: (companyId) => store.evaluations.latest(companyId),
      get: (companyId, id) => store.evaluations.byId(companyId, id),
      async history(companyId, limit) {
        const entries = await store.evaluations.history(companyId, { limit });
        return entries.map(({ id, snapshotId, createdAt, summary }) => ({
          id,
          snapshotId,
          createdAt,
          summary,
        }));
      },
    },
    acknowledgements: {
      async create(companyId, ack) {
        const { by, ...rest } = ack;
        return toAcknowledgement(
          await store.acknowledgements.create(companyId, { ...rest, createdBy: by }),
        );
      },
      list: async (companyId) =>
        (await store.acknowledgements.list(companyId)).map(toAcknowledgement),
      async revoke(companyId, id, by) {
        try {
          return toAcknowledgement(
            await store.acknowledgements.revoke(companyId, id, { revokedBy: by }),
          );
        } catch (error) {
          if (isStoreError(error, 'not_found')) return null;
          throw error;
        }
      },
    },
    consentPolicies: {
      async current(companyId) {
        const newest = (await store.consentPolicies.list(companyId))[0];
        return newest ? toPolicy(newest) : null;
      },
      async inForce(companyId) {
        const found = await store.consentPolicies.latestApproved(companyId);
        return found ? toPolicy(found) : null;
      },
      async saveDraft(companyId, policy, by) {
        return store.transaction(async (tx) => {
          const draft = await tx.consentPolicies.draft(companyId);
          const saved = draft
            ? await tx.consentPolicies.updateDraft(companyId, draft.version, {
                updatedBy: by,
                body: policy,
              })
            : await tx.consentPolicies.createDraft(companyId, { createdBy: by, body: policy });
          return toPolicy(saved);
        });
      },
      async approve(companyId, by) {
        const draft = await store.consentPolicies.draft(companyId);
        if (!draft) return null;
        return toPolicy(
          await store.consentPolicies.approve(companyId, draft.version, { approvedBy: by }),
        );
      },
      versions: async (companyId) => (await store.consentPolicies.list(companyId)).map(toPolicy),
    },
    audit: {
      async append({ companyId, actor, action, target, detail }) {
        await store.auditLog.record({ companyId, actor, action, target, details: detail as never });
      },
      async list(companyId, limit) {
        const entries = await store.auditLog.list(companyId, {
          limit: Math.min(limit, 10_000),
          order: 'desc',
        });
        return entries.map((e) => ({
          id: e.id,
          companyId,
          actor: e.actor,
          action: e.action,
          target: e.target,
          at: e.at,
          detail: e.details,
        }));
      },
    },
    outbox: {
      enqueue: async (companyId, email) =>
        toEmail(await store.outbox.enqueue({ companyId, ...email })),
      list: async (companyId) => (await store.outbox.list(companyId)).map(toEmail),
      pending: async (limit) => (await store.outbox.pending({ limit })).map(toEmail),
      get: async (id) => {
        const found = await store.outbox.byId(id);
        return found ? toEmail(found) : null;
      },
      async markSent(id) {
        await store.outbox.markSent(id);
      },
      async markFailed(id, error) {
        await store.outbox.markFailed(id, error);
      },
    },
    ingestion: {
      async reads(companyId, query) {
        const defined = Object.fromEntries(
          Object.entries(query).filter(([, value]) => value !== undefined),
        );
        const reads = await queryIngestionAudit(store, companyId, defined);
        return reads.map(({ companyId: _company, ...read }) => read);
      },
    },
    close: () => store.close(),
  };
}

async function activeKinds(
  store: Store,
  companyId: string,
  connectionId: string,
): Promise<string[]> {
  const list = await store.credentials.list(companyId, connectionId);
  return [...new Set(list.filter((c) => c.revokedAt === null).map((c) => c.kind))].sort();
}

function toSnapshot(found: {
  id: string;
  companyId: string;
  takenAt: string | null;
  createdAt: string;
  snapshot: StoredSnapshot['snapshot'];
}): StoredSnapshot {
  return {
    id: found.id,
    companyId: found.companyId,
    takenAt: found.takenAt ?? found.createdAt,
    snapshot: found.snapshot,
  };
}

function toAcknowledgement(a: StoreAcknowledgement): StoredAcknowledgement {
  return {
    id: a.id,
    companyId: a.companyId,
    memberId: a.memberId,
    ruleId: a.ruleId,
    reason: a.reason,
    by: a.createdBy,
    expiresAt: a.expiresAt,
    createdAt: a.createdAt,
    revokedAt: a.revokedAt,
    revokedBy: a.revokedBy,
  };
}

function toPolicy(v: ConsentPolicyVersion): StoredConsentPolicy {
  return {
    companyId: v.companyId,
    version: v.version,
    status: v.status,
    policy: v.body,
    editedBy: v.updatedBy,
    editedAt: v.updatedAt,
    approvedBy: v.approvedBy,
    approvedAt: v.approvedAt,
  };
}

function toEmail(e: StoreOutboxEmail): OutboxEmail {
  return {
    id: e.id,
    companyId: e.companyId ?? '',
    memberId: e.memberId,
    to: e.to,
    subject: e.subject,
    text: e.text,
    status: e.status,
    attempts: e.attempts,
    createdAt: e.createdAt,
    sentAt: e.sentAt,
    error: e.lastError,
  };
}
