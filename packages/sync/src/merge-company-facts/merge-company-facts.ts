import { isDeepStrictEqual } from 'node:util';
import {
  companyWideFailure,
  healthOf,
  type ProviderCompanyFacts,
  type ProviderMemberFacts,
  providerModule,
} from '@capture-doctor/providers';

/**
 * The company facts of a sync that resumed: the last adapter call only saw the members it
 * probed, so what depends on every member (a failure common to all, the scopes their reads
 * prove) is worked out again over every member read, by this run or an earlier one.
 * @example mergeCompanyFacts({ current: sync.company, currentMembers: sync.members, earlierMembers, earlier: null })
 */
export function mergeCompanyFacts(input: {
  current: ProviderCompanyFacts;
  currentMembers: readonly ProviderMemberFacts[];
  earlierMembers: readonly ProviderMemberFacts[];
  /** Company facts an earlier, cancelled call of the same sync returned. */
  earlier: ProviderCompanyFacts | null;
}): ProviderCompanyFacts {
  const { current, currentMembers, earlierMembers, earlier } = input;
  if (earlierMembers.length === 0 && earlier === null) return current;
  // A failure the members do not explain (the token or directory of the company) stands first.
  const companyLevel =
    current.lastError !== null &&
    !isDeepStrictEqual(current.lastError, companyWideFailure(currentMembers))
      ? current.lastError
      : null;
  // The same reading as the provider modules' own, applied to every member of the sync.
  const lastError = companyLevel ?? companyWideFailure([...earlierMembers, ...currentMembers]);
  const scopes = new Set([
    ...current.grantedScopes,
    ...(earlier?.grantedScopes ?? []),
    ...provenScopes(current.provider, current.connectionMode, earlierMembers),
  ]);
  return {
    ...current,
    grantedScopes: [...scopes].sort(),
    health: healthOf(lastError?.code),
    lastError,
  };
}

/** Scopes a successful read proves granted, for members read by an earlier run. */
function provenScopes(
  provider: ProviderCompanyFacts['provider'],
  mode: ProviderCompanyFacts['connectionMode'],
  members: readonly ProviderMemberFacts[],
): string[] {
  if (provider === null || mode === null) return [];
  return providerModule(provider).provenScopes(mode, {
    mailbox: members.some((member) => member.access.mailbox === 'ok'),
    calendar: members.some((member) => member.access.calendar === 'ok'),
  });
}
