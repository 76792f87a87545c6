import { z } from 'zod';
import { Because } from '../report/report.js';
import { FindingColor } from '../vocabulary/vocabulary.js';

/** Who receives the notice email ahead of the call. */
export const NoticeAudience = z.enum(['external', 'everyone']);
export type NoticeAudience = z.infer<typeof NoticeAudience>;

/**
 * Who is shown the consent page: every participant, only external ones, or, with
 * `all_party_jurisdictions`, everyone as soon as anyone on the call is in a jurisdiction that
 * requires the consent of every party (that law reaches the whole conversation); team members
 * are then left out only when the policy says the company's own notice covers them.
 */
export const ConsentPageAudience = z.enum(['everyone', 'external', 'all_party_jurisdictions']);
export type ConsentPageAudience = z.infer<typeof ConsentPageAudience>;

/**
 * How a company tells meeting participants that the recorder records them. A compliance
 * officer approves one version of it; every consent-evidence event names that version.
 */
export const ConsentPolicy = z.strictObject({
  id: z.string().min(1),
  version: z.number().int().min(1).describe('increases on every approved change'),
  recorderName: z
    .string()
    .describe('the display name the recorder joins under; rules flag a blank or personal name'),
  noticeEmail: z.strictObject({
    enabled: z.boolean(),
    leadTimeHours: z.number().min(0).describe('how long before the meeting the email is sent'),
    audience: NoticeAudience,
  }),
  consentPage: z.strictObject({
    enabled: z.boolean(),
    audience: ConsentPageAudience,
  }),
  announcement: z.strictObject({
    enabled: z
      .boolean()
      .describe('the join message reminds the host to say aloud that the call is recorded'),
  }),
  staffCoveredByCompanyNotice: z
    .boolean()
    .optional()
    .describe(
      "team members are covered by the company's own recording notice, so a consent page for all-party jurisdictions asks only external participants; absent means false",
    ),
});
export type ConsentPolicy = z.infer<typeof ConsentPolicy>;

/**
 * One meeting participant. `jurisdiction` is an ISO 3166 code: a country (`DE`) or a
 * subdivision (`US-CA`, `AU-NSW`); null when unknown.
 */
export const Participant = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  internal: z.boolean().describe('a team member of the company, as opposed to a guest'),
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as US-CA, DE or AU-NSW')
    .nullable(),
  joinsByPhone: z
    .boolean()
    .default(false)
    .describe('dials in by phone; some laws (Nevada) treat phone calls differently'),
});
export type Participant = z.infer<typeof Participant>;
export type ParticipantInput = z.input<typeof Participant>;

/** What a consent-evidence event records. */
export const ConsentEvidenceKind = z.enum([
  'meeting_scheduled',
  'notice_email_sent',
  'recorder_joined',
  'host_reminded_to_announce',
  'consent_page_shown',
  'consent_accepted',
  'consent_declined',
  'participant_joined',
  'participant_left',
  'recording_started',
  'recording_stopped',
  'recorder_removed',
  'meeting_ended',
]);
export type ConsentEvidenceKind = z.infer<typeof ConsentEvidenceKind>;

/**
 * One step of a meeting's consent flow, kept so a compliance officer can later prove what
 * each participant was told and accepted, when, and under which policy version.
 */
export const ConsentEvidence = z.strictObject({
  seq: z.number().int().min(1).describe('order within the meeting, from 1'),
  at: z.iso.datetime({ offset: true }).describe('when it happened, from the clock of the caller'),
  meetingId: z.string().min(1),
  policyId: z.string().min(1),
  policyVersion: z.number().int().min(1),
  kind: ConsentEvidenceKind,
  participantId: z
    .string()
    .nullable()
    .describe('who it concerns or who acted; null for the meeting as a whole'),
  detail: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .default({})
    .describe('what exactly was shown or sent, e.g. the recorder display name'),
});
export type ConsentEvidence = z.infer<typeof ConsentEvidence>;

/** Who can act on a consent-policy finding. */
export const ConsentFixBy = z.enum(['compliance_officer', 'platform_admin', 'host']);
export type ConsentFixBy = z.infer<typeof ConsentFixBy>;

/** A consent-policy rule that fired for a policy and a meeting's participants. */
export const ConsentFinding = z.strictObject({
  ruleId: z.string(),
  title: z.string(),
  color: FindingColor,
  message: z.string(),
  fix: z.string(),
  fixBy: z.array(ConsentFixBy),
  because: z.array(Because),
});
export type ConsentFinding = z.infer<typeof ConsentFinding>;
