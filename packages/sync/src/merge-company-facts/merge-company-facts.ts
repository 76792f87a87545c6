import { isDeepStrictEqual } from 'node:util';
import type { ErrorCode, ProviderError } from '@capture-doctor/domain';
import {
  AUTHORIZATION_CODES,
  CONNECTIVITY_CODES,
  GOOGLE_SCOPES,
  healthOf,
  type ProviderCompanyFacts,
  type ProviderMemberFacts,
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
    !isDeepStrictEqual(current.lastError, commonFailure(currentMembers))
      ? current.lastError
      : null;
  const lastError = companyLevel ?? commonFailure([...earlierMembers, ...currentMembers]);
  const scopes = new Set([
    ...current.grantedScopes,
    ...(earlier?.grantedScopes ?? []),
    ...provenScopes(current.provider, current.connectionMode, earlierMembers),
  ]);
  return {
    ...current,
    grantedScopes: [...scopes].sort(),
    health: healthOf(lastError?.code as ErrorCode | undefined),
    lastError,
  };
}

/**
 * A failure that touched every member: the app not let in, or nothing reachable at all.
 * The same reading as the adapters' own, applied to every member of the sync.
 */
function commonFailure(facts: readonly ProviderMemberFacts[]): ProviderError | null {
  const errors = facts
    .map((member) => member.lastError)
    .filter((error): error is ProviderError => error !== null);
  const authorization = errors.find((error) => AUTHORIZATION_CODES.has(error.code as ErrorCode));
  if (authorization !== undefined) return authorization;
  const probed = facts.filter(
    (member) => member.lastError !== null || member.access.mailbox !== 'unknown',
  );
  const allUnreachable =
    probed.length > 0 &&
    probed.every(
      (member) =>
        member.lastError !== null && CONNECTIVITY_CODES.has(member.lastError.code as ErrorCode),
    );
  return allUnreachable ? (probed[0]?.lastError ?? null) : null;
}

/** Scopes a successful read proves granted, for members read by an earlier run. */
function provenScopes(
  provider: ProviderCompanyFacts['provider'],
  mode: ProviderCompanyFacts['connectionMode'],
  members: readonly ProviderMemberFacts[],
): string[] {
  const mailbox = members.some((member) => member.access.mailbox === 'ok');
  const calendar = members.some((member) => member.access.calendar === 'ok');
  const scopes: string[] = [];
  if (provider === 'google_workspace' && mode === 'company_wide') {
    // Delegation grants both read scopes in one token: any successful read proves both.
    if (mailbox || calendar) scopes.push(GOOGLE_SCOPES.gmail, GOOGLE_SCOPES.calendar);
  } else if (provider === 'google_workspace') {
    if (mailbox) scopes.push(GOOGLE_SCOPES.gmail);
    if (calendar) scopes.push(GOOGLE_SCOPES.calendar);
  } else if (provider === 'microsoft_365' && mode === 'user_by_user') {
    // Company-wide, Microsoft's scopes are the app token's roles: every run reads them whole.
    if (mailbox) scopes.push('Mail.Read');
    if (calendar) scopes.push('Calendars.Read');
  }
  return scopes;
}
