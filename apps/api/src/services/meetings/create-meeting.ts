import { randomUUID } from 'node:crypto';
import { ConsentPolicy } from '@capture-doctor/domain';
import { startConsentActor } from '@capture-doctor/machines';
import type { MeetingParticipant, Store, StoredMeeting } from '@capture-doctor/store';
import { ProblemError } from '../../problem/problem.js';
import { type ConsentLinkSettings, queueConsentNotices } from '../consent-notice/queue-notices.js';
import { appendMachineEvidence, consentInput } from './consent-step.js';
import type { MeetingRequest, MeetingView, ParticipantRequest } from './meeting-schemas.js';
import { meetingView } from './meeting-view.js';

/**
 * Registers a meeting under the company's policy in force: participants' `internal` from the
 * company's email domains and `jurisdiction` from its jurisdiction map where the caller left
 * them out, and the meeting's consent machine started and stored with its first evidence.
 * Refuses a meeting that has ended, ends before it starts, lists a participant id or email
 * twice, or has no approved policy to run under. Each participant's notice email (with their
 * own consent link) is queued in the same transaction, due at the policy's lead time.
 * @example const meeting = await createMeeting(store, 'acme', request, new Date().toISOString(), deps.consentLinks)
 */
export async function createMeeting(
  store: Store,
  companyId: string,
  request: MeetingRequest,
  now: string,
  links: ConsentLinkSettings,
): Promise<MeetingView> {
  checkTimes(request, now);
  checkDuplicates(request.participants);
  const approved = await store.consentPolicies.latestApproved(companyId);
  if (!approved) {
    throw new ProblemError(
      409,
      'no-policy-in-force',
      'No consent policy in force',
      'approve a consent policy before registering meetings: every meeting runs under one',
      { code: 'no_policy_in_force' },
    );
  }
  const policy: ConsentPolicy = {
    ...ConsentPolicy.parse(approved.body),
    version: approved.version,
  };
  const participants = await resolveParticipants(store, companyId, request.participants);
  return startMeeting(
    store,
    companyId,
    {
      id: randomUUID(),
      title: request.title,
      startsAt: new Date(request.startsAt).toISOString(),
      endsAt: request.endsAt,
      conferenceUrl: request.conferenceUrl,
      hostMemberId: request.hostMemberId ?? null,
      source: 'api',
      participants,
    },
    { policy, now, links },
  );
}

/** A meeting about to join the consent flow, its participants already resolved. */
export type MeetingToStart = Pick<
  StoredMeeting,
  'id' | 'title' | 'startsAt' | 'endsAt' | 'conferenceUrl' | 'hostMemberId' | 'source'
> & { participants: MeetingParticipant[] };

/**
 * Starts a meeting's consent flow under a policy, in one transaction: its consent machine
 * started and stored with its first evidence, and each participant's notice email (with their
 * own consent link) queued, due at the policy's lead time. Meetings registered through the API
 * and meetings found on the calendars both start here.
 * @example await startMeeting(store, 'acme', meeting, { policy, now, links })
 */
export function startMeeting(
  store: Pick<Store, 'transaction'>,
  companyId: string,
  input: MeetingToStart,
  { policy, now, links }: { policy: ConsentPolicy; now: string; links: ConsentLinkSettings },
): Promise<MeetingView> {
  const started = startConsentActor(consentInput(input, policy, now));
  return store.transaction(async (tx) => {
    const meeting = await tx.meetings.create(companyId, {
      ...input,
      recorderName: policy.recorderName,
      policyVersion: policy.version,
      consentState: started.persisted,
    });
    await appendMachineEvidence(
      tx,
      companyId,
      started.context,
      started.context.evidence,
      'not_asked',
    );
    await queueConsentNotices(tx, {
      meeting,
      duties: started.context.participants,
      policy,
      links,
      now,
    });
    return meetingView(meeting, started.persisted);
  });
}

function checkTimes(request: MeetingRequest, now: string): void {
  const ends = Date.parse(request.endsAt);
  if (ends <= Date.parse(request.startsAt)) {
    throw invalid('endsAt', 'the meeting must end after it starts', 'ends_before_start');
  }
  if (ends <= Date.parse(now)) {
    throw invalid('endsAt', 'the meeting has already ended', 'meeting_ended');
  }
}

function checkDuplicates(participants: readonly ParticipantRequest[]): void {
  const ids = new Set<string>();
  const emails = new Set<string>();
  for (const [index, p] of participants.entries()) {
    if (p.id !== undefined) {
      if (ids.has(p.id)) {
        throw invalid(
          `participants[${index}].id`,
          `"${p.id}" is listed twice`,
          'duplicate_participant',
        );
      }
      ids.add(p.id);
    }
    const email = p.email.toLowerCase();
    if (emails.has(email)) {
      throw invalid(
        `participants[${index}].email`,
        `${p.email} is listed twice`,
        'duplicate_participant',
      );
    }
    emails.add(email);
  }
}

function invalid(field: string, message: string, code: string): ProblemError {
  return new ProblemError(400, 'invalid-body', 'Invalid meeting', `${field}: ${message}`, {
    field,
    code,
    errors: [{ field, message }],
  });
}

async function resolveParticipants(
  store: Store,
  companyId: string,
  requested: readonly ParticipantRequest[],
): Promise<MeetingParticipant[]> {
  const needsDomains = requested.some((p) => p.internal === undefined);
  const domains = needsDomains ? await companyDomains(store, companyId) : new Set<string>();
  const map = requested.some((p) => p.jurisdiction === undefined)
    ? await store.jurisdictionMap.get(companyId)
    : {};
  const taken = new Set(requested.flatMap((p) => (p.id === undefined ? [] : [p.id])));
  let next = 1;
  const freshId = () => {
    while (taken.has(`p${next}`)) next += 1;
    taken.add(`p${next}`);
    return `p${next}`;
  };
  return requested.map((p) => {
    const domain = domainOf(p.email);
    return {
      id: p.id ?? freshId(),
      email: p.email,
      name: p.name ?? null,
      internal: p.internal ?? domains.has(domain),
      jurisdiction: p.jurisdiction === undefined ? mappedJurisdiction(map, domain) : p.jurisdiction,
    };
  });
}

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** The mapped code of the domain or of its nearest parent (`eu.customer.de` → `customer.de`). */
function mappedJurisdiction(map: Record<string, string>, domain: string): string | null {
  const labels = domain.split('.');
  for (let start = 0; start < labels.length - 1; start += 1) {
    const code = map[labels.slice(start).join('.')];
    if (code !== undefined) return code;
  }
  return null;
}

/** The company's own email domains: its provider tenants' and its team members' addresses. */
async function companyDomains(store: Store, companyId: string): Promise<Set<string>> {
  const latest = await store.snapshots.latest(companyId);
  const members = await store.members.list(companyId);
  return new Set([
    ...(latest?.snapshot.company.tenants ?? []).flatMap((t) =>
      t.domain ? [t.domain.toLowerCase()] : [],
    ),
    ...(latest?.snapshot.members ?? []).map((m) => domainOf(m.email)),
    ...members.map((m) => domainOf(m.email)),
  ]);
}
