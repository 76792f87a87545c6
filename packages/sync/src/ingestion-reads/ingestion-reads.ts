import type { Provider } from '@capture-doctor/domain';
import type { ProviderMemberFacts } from '@capture-doctor/providers';
import type { NewIngestionRead } from '@capture-doctor/store';

/** A successful read as an adapter reports it through `onRead` (when it does). */
export interface ObservedRead {
  memberId: string;
  resource: 'mailbox' | 'calendar';
  readKind: string;
  itemCount: number;
  at: string;
}

/**
 * The calls that open a mailbox or a calendar (the `source` of a failure). A failure from any
 * other call (token, directory) means no mailbox or calendar was asked for.
 */
const READ_SOURCES = new Set([
  'gmail.profile',
  'calendar.events',
  'graph.mailFolders',
  'graph.events',
  'graph.batch',
]);

/** What each adapter reads to prove access; both reads are always sent together. */
const READ_KINDS: Record<Provider, { mailbox: string; calendar: string }> = {
  google_workspace: { mailbox: 'gmail.users.getProfile', calendar: 'calendar.events.list' },
  microsoft_365: { mailbox: 'graph.mailFolders.inbox', calendar: 'graph.events' },
};

/** Marks a read that was sent but refused or unanswered: the provider returned nothing. */
export const FAILED_READ_SUFFIX = ':failed';

/**
 * The mailbox and calendar reads made for one member, for the ingestion audit: the successful
 * reads the adapter reported, and the reads its facts prove were sent but failed (0 items).
 * An adapter that reports no reads gets them worked out from the facts: a successful mailbox
 * read returns a profile or a folder, never a message (0 items); a successful calendar read asks
 * for one event (counted as 1, the most it can return).
 * @example auditReads('google_workspace', facts, observed, 'cred-1', new Date().toISOString())
 */
export function auditReads(
  provider: Provider,
  facts: ProviderMemberFacts,
  observed: readonly ObservedRead[],
  credentialId: string | null,
  at: string,
): NewIngestionRead[] {
  const succeeded = facts.access.mailbox === 'ok' || facts.access.calendar === 'ok';
  const failedRead =
    facts.lastError !== null &&
    facts.lastError.source !== undefined &&
    READ_SOURCES.has(facts.lastError.source);
  if (!succeeded && !failedRead && observed.length === 0) return [];
  const kinds = READ_KINDS[provider];
  const reads: NewIngestionRead[] = [];
  for (const resource of ['mailbox', 'calendar'] as const) {
    const seen = observed.filter((read) => read.resource === resource);
    if (seen.length > 0) {
      for (const read of seen) {
        const { memberId: _member, ...rest } = read;
        reads.push({ memberId: facts.id, ...rest, credentialId });
      }
    } else if (facts.access[resource] === 'ok') {
      const itemCount = resource === 'calendar' ? 1 : 0;
      reads.push({
        memberId: facts.id,
        resource,
        readKind: kinds[resource],
        itemCount,
        at,
        credentialId,
      });
    } else {
      reads.push({
        memberId: facts.id,
        resource,
        readKind: `${kinds[resource]}${FAILED_READ_SUFFIX}`,
        itemCount: 0,
        at,
        credentialId,
      });
    }
  }
  return reads;
}
