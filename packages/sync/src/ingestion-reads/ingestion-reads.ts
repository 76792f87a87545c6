import type { ProviderRead } from '@capture-doctor/providers';
import type { NewIngestionRead } from '@capture-doctor/store';

/**
 * The ingestion audit rows of the reads an adapter reported for one member: every mailbox or
 * calendar read it sent, answered or not, under the credential it used.
 * @example auditReads(readsOfMember, 'cred-1')[0]?.outcome // 'ok'
 */
export function auditReads(
  reads: readonly ProviderRead[],
  credentialId: string | null,
): NewIngestionRead[] {
  return reads.map(({ memberId, resource, readKind, outcome, errorCode, itemCount, at }) => ({
    memberId,
    resource,
    readKind,
    outcome,
    errorCode,
    itemCount,
    at,
    credentialId,
  }));
}
