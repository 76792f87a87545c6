import type { CompanyFacts, MemberFacts } from '@capture-doctor/domain';
import type { CaptureFactName } from './fact-names.js';

export type FactScalar = string | number | boolean | null;
/** A value a fact holds, or a value a condition compares it with. */
export type FactValue = FactScalar | readonly FactScalar[];
export type CaptureFacts = Record<CaptureFactName, FactValue>;
export type CompanyFactValues = Pick<CaptureFacts, Extract<CaptureFactName, `company.${string}`>>;
export type MemberFactValues = Pick<CaptureFacts, Extract<CaptureFactName, `member.${string}`>>;

/** The company's facts as rules read them. */
export function flattenCompanyFacts(company: CompanyFacts): CompanyFactValues {
  return {
    'company.provider': company.provider,
    'company.connectionMode': company.connectionMode,
    'company.connectedByProviderAdmin': company.connectedByProviderAdmin,
    'company.tenantCount': company.tenants.length,
    'company.providerPermissionGranted': company.providerPermissionGranted,
    'company.emailAccessAuthorized': company.emailAccessAuthorized,
    'company.crmConnected': company.crmConnected,
    'company.import.meetings': company.import.meetings,
    'company.import.calendar': company.import.calendar,
    'company.import.nonRecordedMeetings': company.import.nonRecordedMeetings,
    'company.import.emails': company.import.emails,
    'company.grantedScopes': company.grantedScopes,
    'company.health': company.health,
    'company.lastError.code': company.lastError?.code ?? null,
  };
}

/** A member's facts as rules read them; absent objects read as null, never as a default. */
export function flattenMemberFacts(member: MemberFacts): MemberFactValues {
  return {
    'member.seat.name': member.seat?.name ?? null,
    'member.seat.includesRecording': member.seat?.includesRecording ?? null,
    'member.settings.recording': member.settings.recording,
    'member.settings.calendarImport': member.settings.calendarImport,
    'member.settings.nonRecordedMeetings': member.settings.nonRecordedMeetings,
    'member.settings.emailImport': member.settings.emailImport,
    'member.inScope': member.inScope,
    'member.connection': member.connection,
    'member.access.mailbox': member.access.mailbox,
    'member.access.calendar': member.access.calendar,
    'member.lastError.code': member.lastError?.code ?? null,
    'member.lastError.status': member.lastError?.status ?? null,
  };
}

/**
 * Reads one member fact straight from the member, without building the whole fact object;
 * the evaluator uses it to tell members apart cheaply.
 * @example memberFactReader('member.access.mailbox')(member) // 'ok'
 */
export function memberFactReader(name: keyof MemberFactValues): (member: MemberFacts) => FactValue {
  const readers: { [K in keyof MemberFactValues]: (m: MemberFacts) => FactValue } = {
    'member.seat.name': (m) => m.seat?.name ?? null,
    'member.seat.includesRecording': (m) => m.seat?.includesRecording ?? null,
    'member.settings.recording': (m) => m.settings.recording,
    'member.settings.calendarImport': (m) => m.settings.calendarImport,
    'member.settings.nonRecordedMeetings': (m) => m.settings.nonRecordedMeetings,
    'member.settings.emailImport': (m) => m.settings.emailImport,
    'member.inScope': (m) => m.inScope,
    'member.connection': (m) => m.connection,
    'member.access.mailbox': (m) => m.access.mailbox,
    'member.access.calendar': (m) => m.access.calendar,
    'member.lastError.code': (m) => m.lastError?.code ?? null,
    'member.lastError.status': (m) => m.lastError?.status ?? null,
  };
  return readers[name];
}
