// @internal: a part of the API's own wiring, not used outside apps/api.
import {
  Acknowledgement,
  CaptureSnapshot,
  ConsentEvidence,
  ConsentFinding,
  ConsentPolicy,
  IconColor,
  IconName,
  MemberIcons,
  MemberReport,
  ProviderError,
  Report,
} from '@capture-doctor/domain';
import { ApiKeyRole, PageQuery } from '@capture-doctor/store';
import { IngestionAuditQuerySchema, SyncPhase } from '@capture-doctor/sync';
import { z } from 'zod';
import { PolicyChange } from '../services/consent/policy-diff.js';
import { cronProblem, isTimeZone } from '../services/sync-schedule/sync-schedule.js';

/** Request and response bodies of the API; the OpenAPI document is generated from these. */

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    field: z
      .string()
      .optional()
      .describe('the field at fault: a body path, header:<name>, query:<name> or path:<name>'),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    code: z
      .string()
      .optional()
      .describe('a machine-readable reason, e.g. the connection machine refusal code'),
  })
  .describe('RFC 9457 problem details');

export const Company = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const CompanyList = z.object({ companies: z.array(Company) });
export const CompanyPatch = z.strictObject({ name: z.string().trim().min(1).max(200) });

export const CredentialBody = z.strictObject({
  kind: z
    .enum(['service_account_key', 'client_secret', 'refresh_token'])
    .describe('which provider secret this is'),
  secret: z.string().min(8).max(20_000).describe('stored encrypted; never returned'),
});
export const CredentialKinds = z.object({ kinds: z.array(z.string()) });

export const SnapshotStored = z.object({
  id: z.string(),
  takenAt: z.string(),
  members: z.number().int(),
});

export const EvaluationSummary = z.object({
  id: z.string(),
  snapshotId: z.string(),
  createdAt: z.string(),
  summary: Report.shape.summary,
});
export const Evaluation = z.object({
  id: z.string(),
  snapshotId: z.string(),
  createdAt: z.string(),
  report: Report,
});
/**
 * A page of a list: `nextCursor` is absent on the last page; pass it as `cursor` for the next.
 * @example pageOf(EvaluationSummary) // { items: EvaluationSummary[], nextCursor?: string }
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().optional().describe('absent on the last page'),
  });
}

export const EvaluationHistory = pageOf(EvaluationSummary);
export const EvaluationsQuery = PageQuery;
/** `limit` and `cursor` alone, for a list with no filters. */
export const PagedQuery = PageQuery;
export const HistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const DiffQuery = z.strictObject({
  from: z
    .string()
    .min(1)
    .optional()
    .describe("older evaluation id; default: the evaluation of the snapshot before `to`'s"),
  to: z.string().min(1).optional().describe('newer evaluation id; default: the latest'),
});
export const IconChange = z.object({
  memberId: z.string(),
  email: z.string(),
  icon: z.string(),
  from: z.string(),
  to: z.string(),
  rulesAdded: z.array(z.string()),
  rulesRemoved: z.array(z.string()),
  because: z.array(
    z.object({ ruleId: z.string(), message: z.string(), because: z.array(z.unknown()) }),
  ),
});
export const EvaluationDiff = z.object({
  from: z.string(),
  to: z.string(),
  changes: z.array(IconChange),
  membersAdded: z.array(z.string()),
  membersRemoved: z.array(z.string()),
  bannersAdded: z.array(z.string()),
  bannersRemoved: z.array(z.string()),
});

export const MemberDetail = z.object({
  evaluationId: z.string(),
  evaluatedAt: z.string(),
  member: MemberReport,
  docs: z.record(z.string(), z.string()).describe('docs page of each finding, by rule id'),
  lastError: ProviderError.nullable()
    .optional()
    .describe('the raw provider error of the first failure; support role only'),
  mailboxError: ProviderError.nullable()
    .optional()
    .describe('the raw provider error of the mailbox read; support role only'),
  calendarError: ProviderError.nullable()
    .optional()
    .describe('the raw provider error of the calendar read; support role only'),
  directoryError: ProviderError.nullable()
    .optional()
    .describe(
      'the raw provider error of the directory lookup or token exchange before both reads; support role only',
    ),
});
export const MemberList = pageOf(
  MemberReport.pick({ id: true, email: true, name: true, icons: true }),
).extend({
  evaluationId: z.string().describe('the evaluation listed; every page of a walk lists the same'),
  evaluatedAt: z.string(),
});
/** `csv` exports every row matching the filters as text/csv (limit and cursor do not apply). */
export const ExportFormat = z
  .enum(['json', 'csv'])
  .optional()
  .describe('csv: every row matching the filters as text/csv, streamed; limit and cursor ignored');
export const MemberQuery = PageQuery.extend({
  color: IconColor.optional().describe(
    "only members whose worst icon has this colour (the summary's count); with `icon`, whose icon has it",
  ),
  icon: IconName.optional().describe('with `color`: filter on this icon alone'),
  q: z.string().max(200).optional().describe('part of a name or an email address'),
  rule: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/)
    .optional()
    .describe(
      "only the members this rule's banner counts (its `memberIds`), acknowledgements included",
    ),
  format: ExportFormat,
});
export const MemberHistory = z.object({
  memberId: z.string(),
  history: z.array(
    z.object({
      evaluationId: z.string(),
      createdAt: z.string(),
      takenAt: z.string().nullable(),
      icons: MemberIcons.nullable(),
    }),
  ),
});

export const AcknowledgementBody = Acknowledgement.omit({ by: true });
export const StoredAcknowledgement = Acknowledgement.extend({
  id: z.string(),
  companyId: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
export const AcknowledgementList = pageOf(StoredAcknowledgement);

export const RemindersBody = z.strictObject({
  memberIds: z
    .array(z.string().min(1))
    .max(10_000)
    .optional()
    .describe('a subset of the members the banner counts'),
});
export const OutboxEmail = z.object({
  id: z.string(),
  memberId: z.string().nullable(),
  to: z.string().describe('the recipient'),
  subject: z.string(),
  text: z.string().describe('the plain-text body, as sent'),
  status: z
    .enum(['queued', 'sending', 'sent', 'failed', 'cancelled'])
    .describe('sending: a sender has claimed it and is sending it now'),
  attempts: z.number().int(),
  createdAt: z.string(),
  notBefore: z
    .string()
    .nullable()
    .describe('not sent before this moment (a consent notice waits for its lead time)'),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable().describe('why the last send failed, if it did'),
  meetingId: z.string().nullable().describe('the meeting a consent notice is for'),
  participantId: z.string().nullable().describe('the participant a consent notice is for'),
});
export const RemindersQueued = z.object({
  queued: z.number().int(),
  emails: z.array(OutboxEmail),
  delivery: z.enum(['smtp', 'kept_in_outbox']),
});
export const Outbox = pageOf(OutboxEmail);

export const ConsentPolicyVersion = z.object({
  version: z.number().int(),
  status: z.enum(['draft', 'approved']),
  body: ConsentPolicy.describe('the policy document'),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvalReason: z
    .string()
    .nullable()
    .describe('why it was approved despite red findings; null when no reason was given'),
});
export const ConsentPolicyVersions = z.object({ versions: z.array(ConsentPolicyVersion) });
const PolicyVersionNumber = z.coerce.number().int().min(1);
export const PolicyDiffQuery = z.strictObject({
  from: PolicyVersionNumber.describe('the older version'),
  to: PolicyVersionNumber.describe('the newer version'),
});
export const PolicyDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(PolicyChange),
});
export const SimulateQuery = z.strictObject({
  version: PolicyVersionNumber.optional().describe(
    'the version to simulate, draft included; default: the policy in force, else the draft',
  ),
});
export const UsualJurisdictionsInput = z.strictObject({
  jurisdictions: z
    .array(z.string())
    .max(500)
    .describe('ISO 3166 codes: a country (DE) or a subdivision (US-CA)'),
});
export const UsualJurisdictions = z.object({
  jurisdictions: z.array(z.string()),
  source: z.enum(['meetings', 'configured', 'none']),
});

export const RuleSummary = z.object({
  id: z.string(),
  title: z.string(),
  scope: z.string(),
  icons: z.array(z.string()),
  color: z.string(),
  docs: z.string(),
});
export const RuleList = z.object({ rules: z.array(RuleSummary) });

export const Connection = z
  .object({
    state: z.string().describe('the connection machine state, e.g. connected_company_wide'),
    configuration: z.record(z.string(), z.unknown()),
    credentials: z.array(z.string()).describe('the kinds of credential stored, never a secret'),
  })
  .describe('the provider connection as the connection machine holds it');

const SimulatedParticipant = z.object({
  id: z.string(),
  internal: z.boolean(),
  jurisdiction: z.string().nullable(),
  jurisdictionName: z.string().nullable(),
  allPartyJurisdiction: z.boolean(),
  disputedJurisdiction: z.boolean(),
  noticeAtCollection: z.boolean(),
  noticeEmail: z.boolean(),
  consentPage: z.boolean(),
  announcement: z.boolean(),
  consent: z.string(),
});
export const PolicySimulation = z.object({
  policyVersion: z.number().int().nullable(),
  policyStatus: z.string().describe('draft, approved, superseded, or default before any draft'),
  result: z.object({
    wouldRecord: z.boolean(),
    recordedFrom: z.string().nullable(),
    finalState: z.string(),
    recorderDisplayName: z.string(),
    hostRemindedToAnnounce: z.boolean(),
    participants: z.array(SimulatedParticipant),
    findings: z.array(ConsentFinding),
    approvable: z.boolean(),
    evidence: z.array(ConsentEvidence),
    refusals: z.array(z.object({ code: z.string(), message: z.string(), eventType: z.string() })),
  }),
});

export const AuditEntry = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export const AuditLog = pageOf(AuditEntry);
export const AuditQuery = PageQuery.extend({ format: ExportFormat });

export const SyncStatus = z
  .object({
    companyId: z.string(),
    runId: z.string().nullable(),
    phase: SyncPhase.describe(
      'preparing, reading (members), evaluating, then completed, cancelled or failed',
    ),
    done: z.number().int().describe('members read and saved so far'),
    total: z
      .number()
      .int()
      .nullable()
      .describe('members to read; null while the directory decides'),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable().describe('why it failed; never holds a secret'),
    snapshotId: z.string().nullable(),
    evaluationId: z.string().nullable(),
    resumedFrom: z.string().nullable().describe('the interrupted run this one carried on'),
  })
  .describe('a provider sync of the company: its progress, or how it ended');

export const IngestionAuditQuery = IngestionAuditQuerySchema.omit({ after: true })
  .extend(PageQuery.shape)
  .extend({ format: ExportFormat });
export const MemberIngestionAuditQuery = IngestionAuditQuery.omit({ memberId: true });
export const IngestionRead = z
  .object({
    id: z.string(),
    memberId: z.string(),
    resource: z.enum(['mailbox', 'calendar']),
    readKind: z.string().describe('the API call that read, e.g. gmail.users.getProfile'),
    outcome: z
      .enum(['ok', 'failed', 'started', 'interrupted'])
      .describe(
        'failed when the read was sent but refused or unanswered; started while it is in flight (kept before it is sent); interrupted when its sync died before the answer came, so the provider may have served it',
      ),
    errorCode: z
      .string()
      .nullable()
      .describe('the normalized error code of a failed read, e.g. mailbox_not_enabled'),
    itemCount: z.number().int(),
    at: z.string(),
    credentialId: z
      .string()
      .nullable()
      .describe('the id (never the secret) of the credential used'),
  })
  .describe('one mailbox or calendar read the product made');
export const IngestionAudit = pageOf(IngestionRead);

export const Health = z.object({ status: z.literal('ok'), rules: z.number().int() });

export const ApiKeyBody = z.strictObject({
  role: ApiKeyRole.describe('what the key may do'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('a label for people, e.g. "ci pipeline"; default "api key"'),
});
export const ApiKeyInfo = z
  .object({
    id: z.string().describe('the id the audit log names the key by'),
    companyId: z.string(),
    role: ApiKeyRole,
    name: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .describe('an API key as listed; never the key itself');
export const ApiKeyCreated = z.object({
  key: z.string().describe('the key, shown in this answer only: keep it now'),
  info: ApiKeyInfo,
});
export const ApiKeyList = z.object({ keys: z.array(ApiKeyInfo) });

export { CaptureSnapshot, Report };

/**
 * Checks that a snapshot belongs to the company of the path, so the refusal names `company.id`.
 * @example parseWith(CompanyIdMatch('acme'), snapshot, 'body')
 */
export function CompanyIdMatch(companyId: string) {
  return z.object({
    company: z.object({
      id: z.literal(companyId, { error: `must be "${companyId}", the company of the path` }),
    }),
  });
}

export const SyncScheduleBody = z
  .strictObject({
    cron: z
      .string()
      .max(200)
      .superRefine((cron, ctx) => {
        const problem = cronProblem(cron);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe('five-field cron expression: minute hour day-of-month month day-of-week'),
    timezone: z
      .string()
      .max(100)
      .refine(isTimeZone, 'expected an IANA time zone such as Europe/Paris')
      .default('UTC')
      .describe('the time zone the cron expression is read in; default UTC'),
    enabled: z.boolean(),
  })
  .describe("the company's sync schedule");

export const SyncScheduleView = z
  .object({
    cron: z.string(),
    timezone: z.string(),
    enabled: z.boolean(),
    nextRunAt: z
      .string()
      .nullable()
      .describe(
        "when the next scheduled sync starts: the cron moment plus this company's fixed delay (up to 10 minutes), so that companies do not all start together; null while off",
      ),
  })
  .describe("when the company's syncs start on their own (default every 6 hours, UTC)");
