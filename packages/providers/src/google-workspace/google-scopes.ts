// @internal: part of the Google Workspace module.

/** The read-only scopes Google Workspace reads ask for (domain-wide delegation or user consent). */
export const GOOGLE_SCOPES = {
  gmail: 'https://www.googleapis.com/auth/gmail.readonly',
  calendar: 'https://www.googleapis.com/auth/calendar.readonly',
  directory: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  groups: 'https://www.googleapis.com/auth/admin.directory.group.readonly',
} as const;
