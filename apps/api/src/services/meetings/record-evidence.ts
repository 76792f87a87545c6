import { ConsentEvidenceKind } from '@capture-doctor/domain';
import type { ConsentEvidenceEvent, JsonObject, Store } from '@capture-doctor/store';
import { JsonValue } from '@capture-doctor/store';
import { z } from 'zod';
import { notFound, ProblemError } from '../../problem/problem.js';

/** The repositories a meeting step reads and writes: the store itself or a transaction's. */
export type MeetingStore = Pick<Store, 'meetings' | 'consentEvidence' | 'consentPolicies'>;

/**
 * How a participant came to be recorded, as evidence states it. A notice read or acknowledged
 * is never consent: only an answer on the consent page is `consent_page`.
 */
export const ConsentMethod = z.enum([
  'consent_page',
  'continued_after_notice',
  'verbal_announcement',
  'not_asked',
]);
export type ConsentMethod = z.infer<typeof ConsentMethod>;

/**
 * One step of a meeting that the consent machine does not write itself, e.g. a notice email
 * handed to SMTP, the consent page opened, a notice acknowledged.
 */
export const EvidenceStep = z.strictObject({
  kind: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z][a-z0-9_]*$/, 'a snake_case kind such as consent_page_opened')
    .refine(
      (kind) => !ConsentEvidenceKind.options.some((machineKind) => machineKind === kind),
      'this kind is written by the consent machine: send the machine its event instead',
    ),
  participantId: z.string().min(1).max(128).nullable().default(null),
  at: z.iso.datetime({ offset: true }),
  details: z.record(z.string(), JsonValue).default({}),
});
export type EvidenceStep = z.input<typeof EvidenceStep>;

/**
 * Appends steps to a meeting's hash-chained consent evidence, each naming the policy version
 * the meeting runs under. Every piece of evidence goes through here, the consent machine's
 * too, so there is one chain and one way to write it. Use it for steps the machine does not
 * write (it refuses the machine's own kinds); consent answers go through `answerConsent`.
 * @example await recordEvidence(store, 'acme', meetingId, [{ kind: 'consent_page_opened', participantId: 'p2', at }])
 */
export async function recordEvidence(
  store: MeetingStore,
  companyId: string,
  meetingId: string,
  steps: readonly EvidenceStep[],
): Promise<ConsentEvidenceEvent[]> {
  const parsed = z.array(EvidenceStep).safeParse(steps);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '(root)';
    throw new ProblemError(
      400,
      'invalid-evidence',
      'Invalid evidence',
      `${field}: ${issue?.message}`,
      {
        field,
      },
    );
  }
  return appendEvidence(store, companyId, meetingId, parsed.data);
}

/**
 * Appends already-checked steps (the consent machine's among them) to the meeting's chain.
 * @example await appendEvidence(tx, 'acme', meetingId, [{ kind: 'recorder_joined', participantId: null, at, details: {} }])
 */
export async function appendEvidence(
  store: MeetingStore,
  companyId: string,
  meetingId: string,
  steps: readonly { kind: string; participantId: string | null; at: string; details: JsonObject }[],
): Promise<ConsentEvidenceEvent[]> {
  const meeting = await store.meetings.get(companyId, meetingId);
  if (!meeting) throw notFound('meeting', meetingId);
  const known = new Set(meeting.participants.map((p) => p.id));
  const stranger = steps.findIndex((s) => s.participantId !== null && !known.has(s.participantId));
  if (stranger >= 0)
    throw unknownParticipant(`[${stranger}].participantId`, steps[stranger]?.participantId ?? '');
  return store.consentEvidence.appendMany(
    companyId,
    steps.map((step) => ({
      meetingId,
      policyVersion: meeting.policyVersion,
      participant: step.participantId,
      kind: step.kind,
      at: step.at,
      details: step.details,
    })),
  );
}

/**
 * The refusal for a participant id the meeting does not have.
 * @example throw unknownParticipant('participantId', 'p9')
 */
export function unknownParticipant(field: string, id: string): ProblemError {
  return new ProblemError(
    400,
    'unknown-participant',
    'Unknown participant',
    `${field}: "${id}" is not a participant of this meeting`,
    { field, code: 'unknown_participant' },
  );
}
