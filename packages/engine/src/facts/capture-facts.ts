import type { CompanyFacts, MemberFacts } from '@capture-doctor/domain';
import {
  AccessState,
  ConnectionMode,
  ErrorCode,
  MemberConnection,
  Provider,
  ProviderHealth,
} from '@capture-doctor/domain';
import { z } from 'zod';

export type FactScalar = string | number | boolean | null;
/** A value a fact holds, or a value a condition compares it with. */
export type FactValue = FactScalar | readonly FactScalar[];
/** Facts by name, as conditions read them. */
export type Facts = Readonly<Record<string, FactValue>>;

/** One fact a rule may read: the type of its values and how to read it. */
export interface FactDefinition<From> {
  type: z.ZodType<FactValue>;
  read: (from: From) => FactValue;
}

// The reader must return what the type says: declared together so the two cannot drift.
const fact =
  <From>() =>
  <Type extends z.ZodType<FactValue>>(
    type: Type,
    read: (from: From) => z.output<Type>,
  ): FactDefinition<From> => ({ type, read });
const company = fact<CompanyFacts>();
const member = fact<MemberFacts>();
const flag = z.boolean();
const nullableFlag = z.boolean().nullable();
const count = z.number().int();

/**
 * Every company fact a capture rule may read, by the dotted name rules use. Absent objects
 * read as null, never as a default.
 */
export const companyFactTable = {
  'company.provider': company(Provider.nullable(), (c) => c.provider),
  'company.connectionMode': company(ConnectionMode.nullable(), (c) => c.connectionMode),
  'company.connectedByProviderAdmin': company(nullableFlag, (c) => c.connectedByProviderAdmin),
  'company.tenantCount': company(count, (c) => c.tenants.length),
  'company.providerPermissionGranted': company(flag, (c) => c.providerPermissionGranted),
  'company.emailAccessAuthorized': company(flag, (c) => c.emailAccessAuthorized),
  'company.crmConnected': company(flag, (c) => c.crmConnected),
  'company.import.meetings': company(flag, (c) => c.import.meetings),
  'company.import.calendar': company(flag, (c) => c.import.calendar),
  'company.import.nonRecordedMeetings': company(flag, (c) => c.import.nonRecordedMeetings),
  'company.import.emails': company(flag, (c) => c.import.emails),
  'company.grantedScopes': company(z.array(z.string()), (c) => c.grantedScopes),
  'company.health': company(ProviderHealth, (c) => c.health),
  'company.lastError.code': company(ErrorCode.nullable(), (c) => c.lastError?.code ?? null),
};

/** Every member fact a capture rule may read, by the dotted name rules use. */
export const memberFactTable = {
  'member.seat.name': member(z.string().nullable(), (m) => m.seat?.name ?? null),
  'member.seat.includesRecording': member(nullableFlag, (m) => m.seat?.includesRecording ?? null),
  'member.settings.recording': member(flag, (m) => m.settings.recording),
  'member.settings.calendarImport': member(flag, (m) => m.settings.calendarImport),
  'member.settings.nonRecordedMeetings': member(flag, (m) => m.settings.nonRecordedMeetings),
  'member.settings.emailImport': member(flag, (m) => m.settings.emailImport),
  'member.inScope': member(flag, (m) => m.inScope),
  'member.connection': member(MemberConnection.nullable(), (m) => m.connection),
  'member.access.mailbox': member(AccessState, (m) => m.access.mailbox),
  'member.access.calendar': member(AccessState, (m) => m.access.calendar),
  'member.lastError.code': member(ErrorCode.nullable(), (m) => m.lastError?.code ?? null),
  'member.mailboxError.code': member(ErrorCode.nullable(), (m) =>
    probeErrorCode(m, m.mailboxError, m.access.mailbox),
  ),
  'member.calendarError.code': member(ErrorCode.nullable(), (m) =>
    probeErrorCode(m, m.calendarError, m.access.calendar),
  ),
  'member.directoryError.code': member(ErrorCode.nullable(), (m) => m.directoryError?.code ?? null),
  'member.lastError.status': member(
    z.number().int().nullable(),
    (m) => m.lastError?.status ?? null,
  ),
};

const FAILED_ACCESS: ReadonlySet<AccessState> = new Set<AccessState>([
  'denied',
  'not_found',
  'error',
]);

/**
 * The code of the error that stopped one probe: its own, else the step both probes need (the
 * directory lookup or token exchange). A snapshot written before per-probe errors has only
 * `lastError`: it is read as the error of each probe that failed, so old snapshots evaluate
 * as they would with the per-probe fields filled in.
 * @example probeErrorCode(member, member.mailboxError, member.access.mailbox) // 'timeout'
 */
export function probeErrorCode(
  m: MemberFacts,
  own: MemberFacts['mailboxError'],
  access: AccessState,
): ErrorCode | null {
  if (own) return own.code;
  if (m.directoryError) return m.directoryError.code;
  const perProbe = own !== undefined || m.directoryError !== undefined;
  if (perProbe || !FAILED_ACCESS.has(access)) return null;
  return m.lastError?.code ?? null;
}

export type CompanyFactName = keyof typeof companyFactTable;
export type MemberFactName = keyof typeof memberFactTable;
export type CaptureFactName = CompanyFactName | MemberFactName;

const companyReads = Object.entries(companyFactTable);
const memberReads = Object.entries(memberFactTable);

/**
 * Every fact a capture rule may read. Rules name facts by these dotted paths; a rule naming
 * anything else is refused when rules are loaded.
 */
export const captureFactNames: readonly string[] = [...companyReads, ...memberReads].map(
  ([name]) => name,
);

/** The company's facts as rules read them. */
export function flattenCompanyFacts(from: CompanyFacts): Facts {
  return Object.fromEntries(companyReads.map(([name, { read }]) => [name, read(from)]));
}

/** A member's facts as rules read them. */
export function flattenMemberFacts(from: MemberFacts): Facts {
  return Object.fromEntries(memberReads.map(([name, { read }]) => [name, read(from)]));
}

/**
 * Whether a fact name is a member fact, so `memberFactTable[name].read` reads it straight
 * from a member; the evaluator uses that to tell members apart cheaply.
 * @example isMemberFact('member.access.mailbox') // true
 */
export function isMemberFact(name: string): name is MemberFactName {
  return Object.hasOwn(memberFactTable, name);
}

function isCompanyFact(name: string): name is CompanyFactName {
  return Object.hasOwn(companyFactTable, name);
}

/**
 * The values a fact can take when there are few (a boolean or one of an enum), else null;
 * the docs check they have words for each.
 * @example factOptions('member.access.mailbox') // ['ok', 'denied', 'not_found', 'error', 'unknown']
 */
export function factOptions(name: string): readonly FactScalar[] | null {
  const definition: FactDefinition<never> | undefined = isMemberFact(name)
    ? memberFactTable[name]
    : isCompanyFact(name)
      ? companyFactTable[name]
      : undefined;
  if (definition === undefined) return null;
  const type =
    definition.type instanceof z.ZodNullable ? definition.type.unwrap() : definition.type;
  if (type instanceof z.ZodBoolean) return [true, false];
  if (type instanceof z.ZodEnum) return type.options;
  return null;
}
