/**
 * Every fact a capture rule may read, with the values it can take. Rules name facts by these
 * dotted paths; a rule naming anything else is refused when rules are loaded.
 */
export const captureFactNames = [
  'company.provider',
  'company.connectionMode',
  'company.connectedByProviderAdmin',
  'company.tenantCount',
  'company.providerPermissionGranted',
  'company.emailAccessAuthorized',
  'company.crmConnected',
  'company.import.meetings',
  'company.import.calendar',
  'company.import.nonRecordedMeetings',
  'company.import.emails',
  'company.grantedScopes',
  'company.health',
  'company.lastError.code',
  'member.seat.name',
  'member.seat.includesRecording',
  'member.settings.recording',
  'member.settings.calendarImport',
  'member.settings.nonRecordedMeetings',
  'member.settings.emailImport',
  'member.inScope',
  'member.connection',
  'member.access.mailbox',
  'member.access.calendar',
  'member.lastError.code',
  'member.lastError.status',
] as const;

export type CaptureFactName = (typeof captureFactNames)[number];
