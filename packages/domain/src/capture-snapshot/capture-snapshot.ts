import { z } from 'zod';
import { ErrorCode } from '../error-codes/error-codes.js';
import {
  AccessState,
  ConnectionMode,
  MemberConnection,
  Provider,
  ProviderHealth,
} from '../vocabulary/vocabulary.js';

/** A raw provider error kept for support; never shown to admins as the diagnosis itself. */
export const ProviderError = z.strictObject({
  code: ErrorCode.describe('normalized code, e.g. delegation_not_authorized'),
  providerCode: z
    .string()
    .optional()
    .describe('the raw code the provider gave, e.g. unauthorized_client'),
  message: z.string().describe('the provider text, secrets removed'),
  status: z.number().int().optional().describe('HTTP status when there was one'),
  source: z.string().optional().describe('which call failed, e.g. token, gmail.profile'),
});
export type ProviderError = z.infer<typeof ProviderError>;

export const ProviderTenant = z.strictObject({
  id: z.string().min(1),
  provider: Provider,
  domain: z.string().optional(),
});
export type ProviderTenant = z.infer<typeof ProviderTenant>;

export const ImportSettings = z.strictObject({
  meetings: z.boolean(),
  calendar: z.boolean(),
  nonRecordedMeetings: z.boolean(),
  emails: z.boolean(),
});
export type ImportSettings = z.infer<typeof ImportSettings>;

export const CompanyFacts = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  provider: Provider.nullable(),
  connectionMode: ConnectionMode.nullable(),
  connectedByProviderAdmin: z
    .boolean()
    .nullable()
    .describe('whether the person who connected is an admin of the provider; null when unknown'),
  tenants: z.array(ProviderTenant),
  providerPermissionGranted: z.boolean(),
  emailAccessAuthorized: z.boolean(),
  crmConnected: z.boolean(),
  import: ImportSettings,
  grantedScopes: z.array(z.string()),
  health: ProviderHealth,
  lastError: ProviderError.nullable().default(null),
});
export type CompanyFacts = z.infer<typeof CompanyFacts>;

export const Seat = z.strictObject({
  name: z.string().min(1),
  includesRecording: z.boolean(),
});
export type Seat = z.infer<typeof Seat>;

export const MemberSettings = z.strictObject({
  recording: z.boolean(),
  calendarImport: z.boolean(),
  nonRecordedMeetings: z.boolean(),
  emailImport: z.boolean(),
});
export type MemberSettings = z.infer<typeof MemberSettings>;

export const MemberFacts = z.strictObject({
  id: z.string().min(1),
  email: z.string().min(3),
  name: z.string().optional(),
  seat: Seat.nullable().describe('null when no seat is assigned'),
  settings: MemberSettings,
  inScope: z.boolean().describe('inside the groups the company-wide connection covers'),
  connection: MemberConnection.nullable().describe('user-by-user only; null otherwise'),
  access: z.strictObject({ mailbox: AccessState, calendar: AccessState }),
  lastError: ProviderError.nullable()
    .default(null)
    .describe('the first failure of the last check; kept for snapshots without per-probe errors'),
  mailboxError: ProviderError.nullable()
    .optional()
    .describe('why the mailbox read failed; null when it did not fail'),
  calendarError: ProviderError.nullable()
    .optional()
    .describe('why the calendar read failed; null when it did not fail'),
  directoryError: ProviderError.nullable()
    .optional()
    .describe(
      'why the step before both reads failed (the directory lookup or the token exchange), so neither read ran; null when it did not fail',
    ),
});
export type MemberFacts = z.infer<typeof MemberFacts>;

/** When a snapshot was taken: an ISO 8601 date-time with its offset. */
export const TakenAt = z.iso.datetime({ offset: true });

/** CaptureSnapshot v1: everything known about a company's capture at one moment. */
export const CaptureSnapshot = z
  .strictObject({
    version: z.literal(1),
    takenAt: TakenAt.optional(),
    company: CompanyFacts,
    members: z.array(MemberFacts),
  })
  .superRefine((snapshot, ctx) => {
    const seen = new Set<string>();
    snapshot.members.forEach((member, index) => {
      if (seen.has(member.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['members', index, 'id'],
          message: `duplicate member id "${member.id}": each member must appear once`,
        });
      }
      seen.add(member.id);
    });
  });
export type CaptureSnapshot = z.infer<typeof CaptureSnapshot>;
/** The snapshot as written by hand or by a script, before defaults are filled in. */
export type CaptureSnapshotInput = z.input<typeof CaptureSnapshot>;
