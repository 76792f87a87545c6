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
  return reads.map((read) => auditRead(read, credentialId));
}

/**
 * The ingestion audit row of one read an adapter reported: its start, or how it ended.
 * @example auditRead(read, 'cred-1').outcome // 'started'
 */
export function auditRead(read: ProviderRead, credentialId: string | null): NewIngestionRead {
  const { memberId, resource, readKind, outcome, errorCode, itemCount, at } = read;
  return { memberId, resource, readKind, outcome, errorCode, itemCount, at, credentialId };
}
