// @internal: part of the Microsoft 365 module.

/** Delegated permissions a member grants when connecting user-by-user. */
export const MICROSOFT_DELEGATED_SCOPES = ['Mail.Read', 'Calendars.Read', 'User.Read'];
/** Application permissions the company-wide connection needs. */
export const MICROSOFT_APP_ROLES = [
  'Mail.Read',
  'Calendars.Read',
  'User.Read.All',
  'GroupMember.Read.All',
];
/** The two read permissions a member's token must carry for every read to be possible. */
export const MICROSOFT_READ_SCOPES = { mailbox: 'Mail.Read', calendar: 'Calendars.Read' } as const;
