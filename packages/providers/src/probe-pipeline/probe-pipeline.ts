// The directory → decide → probe → report steps every provider module runs, written once.
import { randomUUID } from 'node:crypto';
import type { CalendarEvent, MemberConnection, ProviderError } from '@capture-doctor/domain';
import type { Outcome } from '../attempt-call/attempt-call.js';
import { providerError } from '../provider-error/provider-error.js';
import {
  AUTHORIZATION_CODES,
  accessOfCode,
  CONNECTIVITY_CODES,
  memberFailed,
  memberNotProbed,
  type ProviderMember,
  type ProviderMemberFacts,
  type ProviderRead,
  readOf,
  type SyncOptions,
} from '../provider-facts/provider-facts.js';

/** One account as a provider's directory lists it. */
export interface DirectoryUser {
  id: string;
  email: string;
  name?: string | undefined;
  /** Why the directory says the account cannot be read (suspended, disabled); null when it can. */
  blocked: string | null;
}

/** A directory read: its users, and the ids a scoped connection covers (null: everyone). */
export interface Directory {
  users: DirectoryUser[];
  scope: Set<string> | null;
}

/** A member left to probe, with its directory entry when the directory lists it. */
export interface MemberToProbe {
  member: ProviderMember;
  entry: DirectoryUser | undefined;
}

/** What a company-wide run found: every member's facts in order, and a company-wide failure. */
export interface CompanyWideRun {
  members: ProviderMemberFacts[];
  companyError: ProviderError | null;
}

/**
 * The company-wide pipeline: decides from the directory which members need no probe
 * (provider unreachable, out of scope, blocked), reports them, lets `probe` read the others
 * (it reports them itself), and works out the failure common to the whole company.
 * @example const run = await companyWideRun(input, directory, (todo) => probeAll(todo));
 */
export async function companyWideRun(
  options: SyncOptions,
  directory: Outcome<Directory>,
  probe: (todo: MemberToProbe[]) => Promise<ProviderMemberFacts[]>,
): Promise<CompanyWideRun> {
  const known = directory.ok ? directory.value.users : [];
  const byEmail = new Map(known.map((user) => [user.email.toLowerCase(), user]));
  const members: ProviderMember[] =
    options.members !== undefined
      ? [...options.members]
      : known.map(({ id, email, name }) => ({ id, email, name }));
  const scope = directory.ok ? directory.value.scope : null;
  const directoryError = directory.ok ? null : directory.error;
  const unreachable = directoryError !== null && CONNECTIVITY_CODES.has(directoryError.code);
  const settled: ProviderMemberFacts[] = [];
  const todo: MemberToProbe[] = [];
  for (const member of unread(options, members)) {
    const entry = byEmail.get(member.email.toLowerCase());
    const named = { ...member, name: member.name ?? entry?.name };
    // Someone the directory does not list is probed anyway: the provider's own answer says why.
    const inScope = scope === null || entry === undefined || scope.has(entry.id);
    if (unreachable && directoryError !== null)
      settled.push(memberFailed(named, inScope, null, directoryError));
    else if (!inScope) settled.push(memberNotProbed(named, false, null));
    else if (entry !== undefined && entry.blocked !== null) {
      const error = providerError(
        { code: 'user_suspended', message: entry.blocked, source: 'directory.users' },
        [],
      );
      settled.push(memberFailed(named, true, null, error));
    } else todo.push({ member: named, entry });
  }
  const facts = [...(await reportAll(options, settled)), ...(await probe(todo))];
  const byId = new Map(facts.map((item) => [item.id, item]));
  const ordered = members.flatMap((member) => byId.get(member.id) ?? []);
  return { members: ordered, companyError: directoryError ?? companyWideFailure(ordered) };
}

/**
 * The members a run still has to read: those an earlier run read are left out.
 * @example for (const member of unread(input, input.members ?? [])) ...
 */
export function unread(options: SyncOptions, members: readonly ProviderMember[]): ProviderMember[] {
  return members.filter((member) => options.skipMemberIds?.has(member.id) !== true);
}

/**
 * Hands each member's facts on, in order (see `report`).
 * @example const reported = await reportAll(input, facts);
 */
export async function reportAll(
  options: SyncOptions,
  facts: ProviderMemberFacts[],
): Promise<ProviderMemberFacts[]> {
  for (const item of facts) await report(options, item);
  return facts;
}

/**
 * Hands one member's facts on: a log line when a read failed, then `onMember`.
 * @example return report(input, facts);
 */
export async function report(
  options: SyncOptions,
  facts: ProviderMemberFacts,
): Promise<ProviderMemberFacts> {
  if (facts.lastError !== null) {
    options.log?.({
      level: 'warn',
      event: 'probe_failed',
      memberId: facts.id,
      detail: `${facts.lastError.code}: ${facts.lastError.message}`,
    });
  }
  await options.onMember?.(facts);
  return facts;
}

/**
 * A failure that touched the whole company: the app not let in, or nothing reachable at all.
 * @example companyWideFailure(members) // the first authorization failure, if any
 */
export function companyWideFailure(facts: readonly ProviderMemberFacts[]): ProviderError | null {
  const errors = facts
    .map((member) => member.lastError)
    .filter((error): error is ProviderError => error !== null);
  const authorization = errors.find((error) => AUTHORIZATION_CODES.has(error.code));
  if (authorization !== undefined) return authorization;
  const probed = facts.filter(
    (member) => member.lastError !== null || member.access.mailbox !== 'unknown',
  );
  const allUnreachable =
    probed.length > 0 &&
    probed.every(
      (member) => member.lastError !== null && CONNECTIVITY_CODES.has(member.lastError.code),
    );
  return allUnreachable ? (probed[0]?.lastError ?? null) : null;
}

/**
 * Every secret a run holds (the app's own, each member's refresh token), to remove from texts.
 * @example secretsOf(input.credentials.clientSecret, input.members)
 */
export function secretsOf(
  appSecret: string,
  members: readonly ProviderMember[] | undefined,
): string[] {
  const secrets = [appSecret];
  for (const member of members ?? [])
    if (typeof member.refreshToken === 'string') secrets.push(member.refreshToken);
  return secrets;
}

/**
 * A user-by-user member's refresh token; null when the member never connected.
 * @example const token = refreshTokenOf(member); if (token === null) return notConnected(member);
 */
export function refreshTokenOf(member: ProviderMember): string | null {
  const token = member.refreshToken;
  return token === null || token === undefined || token === '' ? null : token;
}

/**
 * Facts of a user-by-user member who never connected: nothing to probe.
 * @example if (refreshTokenOf(member) === null) return report(input, notConnected(member));
 */
export function notConnected(member: ProviderMember): ProviderMemberFacts {
  return memberNotProbed(member, true, 'not_connected');
}

/**
 * Facts of a user-by-user member whose token exchange failed: revoked, or connected but failing.
 * @example if (!token.ok) return tokenFailed(member, token.error);
 */
export function tokenFailed(member: ProviderMember, error: ProviderError): ProviderMemberFacts {
  const connection: MemberConnection = error.code === 'token_revoked' ? 'revoked' : 'connected';
  return memberFailed(member, true, connection, error);
}

/**
 * A probed member's facts from the answers of its mailbox and calendar reads (undefined: not
 * answered); each failure is kept under its read, and the first is also the member's `lastError`.
 * `events` when the calendar read was the window of upcoming events.
 * @example probedFacts(member, true, 'connected', mailbox, calendar)
 */
export function probedFacts(
  member: ProviderMember,
  inScope: boolean,
  connection: MemberConnection | null,
  mailbox: Outcome<unknown> | undefined,
  calendar: Outcome<unknown> | undefined,
  events?: CalendarEvent[] | undefined,
): ProviderMemberFacts {
  const state = (answer: Outcome<unknown> | undefined) =>
    answer === undefined ? 'unknown' : answer.ok ? 'ok' : accessOfCode(answer.error.code);
  const mailboxError = mailbox?.ok === false ? mailbox.error : null;
  const calendarError = calendar?.ok === false ? calendar.error : null;
  return {
    id: member.id,
    email: member.email,
    ...(member.name === undefined ? {} : { name: member.name }),
    inScope,
    connection,
    access: { mailbox: state(mailbox), calendar: state(calendar) },
    lastError: mailboxError ?? calendarError,
    mailboxError,
    calendarError,
    directoryError: null,
    ...(events === undefined ? {} : { events }),
  };
}

/**
 * Reports a read as started and waits until the caller has kept it: only then may it be sent,
 * so a read the provider serves is in the audit trail even if this process dies mid-read.
 * @example const started = await startRead(input, member.id, 'mailbox', 'gmail.users.getProfile');
 */
export async function startRead(
  options: SyncOptions,
  memberId: string,
  resource: ProviderRead['resource'],
  readKind: string,
): Promise<ProviderRead> {
  const read: ProviderRead = {
    readId: randomUUID(),
    memberId,
    resource,
    readKind,
    outcome: 'started',
    errorCode: null,
    itemCount: 0,
    at: new Date().toISOString(),
  };
  await options.onRead?.(read);
  return read;
}

/**
 * Reports how a started read ended.
 * @example await endRead(input, started, mailbox, () => 0);
 */
export async function endRead<T>(
  options: SyncOptions,
  started: ProviderRead,
  outcome: { ok: true; value: T } | { ok: false; error: { code: string } },
  itemsIn: (value: T) => number,
): Promise<void> {
  await options.onRead?.(readOf(started, outcome, itemsIn));
}

/**
 * One audited read: reported as started (and kept) before `send`, then with its outcome.
 * @example const mailbox = await auditedRead(input, member.id, 'mailbox', 'gmail.users.getProfile', () => attempt(...), () => 0);
 */
export async function auditedRead<T>(
  options: SyncOptions,
  memberId: string,
  resource: ProviderRead['resource'],
  readKind: string,
  send: () => Promise<Outcome<T>>,
  itemsIn: (value: T) => number,
): Promise<Outcome<T>> {
  const started = await startRead(options, memberId, resource, readKind);
  const outcome = await send();
  await endRead(options, started, outcome, itemsIn);
  return outcome;
}
