import {
  type Acknowledgement,
  CalendarEvent,
  ConsentPolicy,
  MemberFacts,
  type Report,
} from '@capture-doctor/domain';
import {
  createEvaluator,
  createMeetingEvaluator,
  type Evaluator,
  loadCaptureRules,
  loadMeetingRules,
  type MeetingEvaluator,
} from '@capture-doctor/engine';
import {
  type ProviderMemberFacts,
  type ProviderRead,
  type ProviderSource,
  type ProviderSync,
  providerModule,
  redactSecrets,
  type SyncLogEvent,
} from '@capture-doctor/providers';
import { isStoreError, type JsonValue, type Store } from '@capture-doctor/store';
import { z } from 'zod';
import { buildCaptureSnapshot } from '../build-capture-snapshot/build-capture-snapshot.js';
import { calendarMeetings } from '../calendar-meetings/calendar-meetings.js';
import { asJson, claimRun } from '../claim-run/claim-run.js';
import { auditRead } from '../ingestion-reads/ingestion-reads.js';
import { mergeCompanyFacts } from '../merge-company-facts/merge-company-facts.js';
import { platformFacts } from '../platform-facts/platform-facts.js';
import { type AuditedRead, progressWriter } from '../progress-writer/progress-writer.js';
import {
  type PlanMember,
  type ProviderPlan,
  providerPlan,
} from '../provider-plan/provider-plan.js';
import { isSyncError, SyncError } from '../sync-error/sync-error.js';
import {
  type PlatformSettings,
  type ProviderEndpointSettings,
  parseSyncSettings,
} from '../sync-settings/sync-settings.js';

/** Where a sync stands: preparing, reading members, evaluating, then how it ended. */
export const SyncPhase = z.enum([
  'preparing',
  'reading',
  'evaluating',
  'completed',
  'cancelled',
  'failed',
]);
export type SyncPhase = z.infer<typeof SyncPhase>;

/** A progress report: members read (saved) so far out of the members to read. */
export interface SyncProgressEvent {
  phase: SyncPhase;
  runId: string | null;
  done: number;
  /** Null while the directory decides how many members there are. */
  total: number | null;
}

/** A log line of the sync; every text in it has been cleared of the credentials' secrets. */
export type SyncLogLine = SyncLogEvent;

/** How hard the provider modules push the provider; the defaults suit a real tenant. */
export interface AdapterTuning {
  concurrency?: number | undefined;
  /**
   * Threads that sign the per-member token exchanges where that is CPU-bound (Google
   * company-wide); by default the module's `defaultProbeThreads` (1 on a 2-core machine).
   */
  workers?: number | undefined;
  /** Batched requests sent at once, where the provider batches (Microsoft Graph $batch). */
  batchConcurrency?: number | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  maxRetryWaitMs?: number | undefined;
}

export interface RunSyncOptions {
  store: Store;
  companyId: string;
  /** Default: the capture rules of rules/capture. */
  evaluator?: Evaluator | undefined;
  /** Default: the meeting rules of rules/meetings. */
  meetingEvaluator?: MeetingEvaluator | undefined;
  /**
   * The company's acknowledgements in force, read when the run starts and given to the
   * evaluation of its snapshot. None when absent.
   */
  acknowledgementsFor?: ((companyId: string) => Promise<Acknowledgement[]>) | undefined;
  /**
   * The time of the snapshot. Default: the system clock. Audit rows carry the time each read's
   * answer came, as the adapter saw it.
   */
  clock?: (() => Date) | undefined;
  /** Aborting stops reading new members; what was read stays saved and the next run resumes. */
  signal?: AbortSignal | undefined;
  /**
   * When this sync was asked for (ISO time; default: when it starts). A stop asked of a run a
   * dead process left is this sync's when asked after then (it is that run's own job, taken
   * over), else that run's alone: it ends `cancelled` and this sync carries its members forward.
   */
  requestedAt?: string | undefined;
  onProgress?: ((event: SyncProgressEvent) => void) | undefined;
  /** Called once the run exists (started or resumed), before any member is read. */
  onStarted?: ((started: SyncStarted) => void) | undefined;
  log?: ((line: SyncLogLine) => void) | undefined;
  /** Platform facts known elsewhere (e.g. the connection machine), over the connection's settings. */
  platform?: PlatformSettings | undefined;
  /** Replaces the endpoints of the connection's settings (e.g. a proxy). */
  endpoints?: ProviderEndpointSettings | undefined;
  tuning?: AdapterTuning | undefined;
  /** Members saved per transaction at most (default 25). */
  saveBatch?: number | undefined;
  /** Who started the sync, for the audit log (default `system:sync`). */
  actor?: string | undefined;
  /** A run left `running` by another machine is taken over after this long idle (default 5 min). */
  staleAfterMs?: number | undefined;
  /** An interrupted run idle for longer is not resumed: its facts are too old (default 24 h). */
  resumeWithinMs?: number | undefined;
  /**
   * Called once the run has stored the calendars' meetings (e.g. to bring them into the consent
   * flow); awaited before the run ends. Its failure is logged and does not fail the sync.
   */
  onMeetingsStored?: ((companyId: string) => Promise<unknown>) | undefined;
}

export interface SyncStarted {
  runId: string;
  /** The run whose saved members this one carries on from, when it resumed. */
  resumedFrom: string | null;
  resumedMembers: number;
  total: number | null;
}

export interface SyncOutcome {
  runId: string;
  status: 'completed' | 'cancelled';
  resumedFrom: string | null;
  /** Members read by earlier runs and not read again. */
  membersResumed: number;
  /** Members read by this run. */
  membersRead: number;
  snapshotId: string | null;
  evaluationId: string | null;
  report: Report | null;
  /** Upcoming meetings found on the calendars and stored with their verdicts (0 when not read). */
  meetings: number;
}

const SavedFacts = MemberFacts.pick({
  id: true,
  email: true,
  name: true,
  inScope: true,
  connection: true,
  access: true,
  lastError: true,
  mailboxError: true,
  calendarError: true,
  directoryError: true,
}).extend({ events: z.array(CalendarEvent).optional() });

/**
 * Syncs a company with its provider: reads the directory, probes every member with bounded
 * concurrency, saves each member's facts and reads as it goes, then stores the snapshot and its
 * evaluated report. A run killed or cancelled mid-way is resumed by the next one.
 * @example const outcome = await runSync({ store, companyId: 'acme', onProgress: (p) => bar.update(p) });
 */
export async function runSync(options: RunSyncOptions): Promise<SyncOutcome> {
  const { store, companyId } = options;
  const clock = options.clock ?? (() => new Date());
  const state: RunState = { runId: null, done: 0, total: null, membersRead: 0 };
  const progress = (phase: SyncPhase) =>
    options.onProgress?.({
      phase,
      runId: state.runId,
      done: state.done,
      total: phase === 'completed' ? state.done : state.total,
    });
  progress('preparing');
  const source = await loadSource(store, companyId, options.endpoints);
  const clean = (text: string) => redactSecrets(text, source.plan.secrets);
  const claimed = await claimRun({
    store,
    companyId,
    connectionId: source.connectionId,
    now: clock(),
    requestedAt: options.requestedAt === undefined ? clock() : new Date(options.requestedAt),
    staleAfterMs: options.staleAfterMs ?? 300_000,
    resumeWithinMs: options.resumeWithinMs ?? 86_400_000,
  }).catch((error: unknown) => {
    // Two processes starting at once: the store lets one in and refuses the other.
    if (isStoreError(error) && error.code === 'conflict')
      throw new SyncError('conflict', clean(error.message), 'companyId');
    throw error;
  });
  const { run, resumedFrom } = claimed;
  const window = meetingWindow(clock(), source.meetingWindowDays);
  // Stopped by the caller, or by a request kept on the run: another process may have asked, and
  // a run taken over from a dead process ends as it was asked to.
  const stop = new AbortController();
  const abort = () => stop.abort();
  if (options.signal?.aborted === true || run.cancelRequestedAt !== null) abort();
  options.signal?.addEventListener('abort', abort, { once: true });

  const actor = options.actor ?? 'system:sync';
  const record = (action: string, details: Record<string, JsonValue>) =>
    store.auditLog.record({ companyId, actor, action, target: `sync-run:${run.id}`, details });
  state.runId = run.id;

  try {
    // The company is ours now: reads still `started` were in flight when their run died. They
    // stay as evidence that the provider may have served them; members not saved are read again.
    await store.ingestionAudit.interruptStarted(companyId);
    const acknowledgements = await options.acknowledgementsFor?.(companyId);
    const saved = await savedFacts(store, run.id);
    const { known } = source;
    state.total = known === null ? null : known.length;
    state.done = known === null ? saved.size : known.filter((m) => saved.has(m.id)).length;
    options.onStarted?.({
      runId: run.id,
      resumedFrom,
      resumedMembers: saved.size,
      total: state.total,
    });
    progress('reading');
    const sync = await readMembers(
      { ...options, signal: stop.signal },
      source,
      run.id,
      saved,
      window,
      clean,
      {
        onSaved: (count) => {
          state.done += count;
          state.membersRead += count;
          progress('reading');
        },
        onCancelRequested: abort,
      },
    );
    const counts = { membersRead: state.membersRead, membersResumed: saved.size, resumedFrom };

    if (stop.signal.aborted) {
      const cursor = { ...claimed.cursor, company: sync.company };
      await store.syncRuns.saveProgress(run.id, { cursor: asJson(cursor) });
      await store.syncRuns.finish(run.id, { status: 'cancelled' });
      await record('sync.cancel', counts);
      progress('cancelled');
      const nothing = { snapshotId: null, evaluationId: null, report: null, meetings: 0 };
      return { runId: run.id, status: 'cancelled', ...counts, ...nothing };
    }

    progress('evaluating');
    // This run's members are in memory (and saved); earlier runs' were read when it started.
    const all = new Map(saved);
    for (const facts of sync.members) all.set(facts.id, facts);
    const probedNow = new Set(sync.members.map((facts) => facts.id));
    const company = mergeCompanyFacts({
      current: sync.company,
      currentMembers: sync.members,
      earlierMembers: [...saved.values()].filter((facts) => !probedNow.has(facts.id)),
      earlier: claimed.cursor.company ?? null,
    });
    const members = known ?? [...all.values()].sort(byEmailThenId);
    const previous = (await store.snapshots.latest(companyId))?.snapshot ?? null;
    const platform = platformFacts({
      companyId,
      companyName: source.companyName,
      mode: source.plan.mode,
      platform: overPlatform(source.plan.settings.platform, options.platform),
      previous,
      members,
    });
    const snapshot = buildCaptureSnapshot(
      platform.company,
      platform.members,
      { company, members: [...all.values()] },
      clock(),
    );
    const report = (options.evaluator ?? defaultEvaluator()).evaluateSnapshot(
      snapshot,
      acknowledgements === undefined
        ? undefined
        : { acknowledgements, asOf: clock().toISOString() },
    );
    const meetings =
      window === null
        ? null
        : calendarMeetings(eventsOf(all.values()), {
            domain: source.domain,
            snapshot,
            report,
            policy: await policyInForce(store, companyId),
            jurisdictionMap: await store.jurisdictionMap.get(companyId),
            evaluator: options.meetingEvaluator ?? defaultMeetingEvaluator(),
          });
    const stored = await store.transaction(async (repositories) => {
      if (window !== null && meetings !== null)
        await repositories.calendarMeetings.replaceWindow(companyId, window, meetings);
      const storedSnapshot = await repositories.snapshots.add(companyId, snapshot);
      const evaluation = await repositories.evaluations.add(companyId, {
        snapshotId: storedSnapshot.id,
        report,
      });
      // Read from the directory: the members it listed become the company's team members.
      if (known === null) {
        await repositories.members.upsertMany(
          companyId,
          members.map(({ id, email, name }) => ({ id, email, name: name ?? null })),
        );
      }
      await repositories.syncRuns.finish(run.id, { status: 'completed' });
      const ids = { snapshotId: storedSnapshot.id, evaluationId: evaluation.id };
      await repositories.auditLog.record({
        companyId,
        actor,
        action: 'sync.complete',
        target: `sync-run:${run.id}`,
        details: {
          provider: source.plan.provider,
          members: snapshot.members.length,
          ...counts,
          ...ids,
        },
      });
      return ids;
    });
    if (meetings !== null && options.onMeetingsStored !== undefined) {
      await options.onMeetingsStored(companyId).catch((error: unknown) => {
        const detail = clean(error instanceof Error ? error.message : String(error));
        options.log?.({ level: 'warn', event: 'meetings_hook_failed', detail });
      });
    }
    state.total = snapshot.members.length;
    state.done = state.total;
    progress('completed');
    const meetingCount = meetings?.length ?? 0;
    return {
      runId: run.id,
      status: 'completed',
      ...counts,
      ...stored,
      report,
      meetings: meetingCount,
    };
  } catch (error) {
    const message = clean(error instanceof Error ? error.message : String(error)).slice(0, 4000);
    const current = await store.syncRuns.byId(companyId, run.id).catch(() => null);
    if (current?.status === 'running') {
      await store.syncRuns.finish(run.id, { status: 'failed', error: message }).catch(() => {});
      await record('sync.fail', { error: message }).catch(() => {});
    }
    progress('failed');
    // The original error may quote a secret (a library's message): only its cleaned text leaves.
    if (isSyncError(error)) throw new SyncError(error.code, message, error.field);
    throw new SyncError('failed', `sync of company "${companyId}" failed: ${message}`);
  }
}

interface RunState {
  runId: string | null;
  done: number;
  total: number | null;
  membersRead: number;
}

/** What a sync reads from the store before it starts: the company, its connection and plan. */
interface SyncSource {
  companyName: string;
  connectionId: string;
  plan: ProviderPlan;
  /** The company's team members; null when there are none yet and the directory decides. */
  known: PlanMember[] | null;
  /** The company's primary domain (its team members' addresses). */
  domain: string;
  /** Days of upcoming meetings to read; 0 reads none. */
  meetingWindowDays: number;
}

async function loadSource(
  store: Store,
  companyId: string,
  endpoints: ProviderEndpointSettings | undefined,
): Promise<SyncSource> {
  const company = await store.companies.get(companyId);
  if (company === null)
    throw new SyncError('not_found', `company "${companyId}" does not exist`, 'companyId');
  const [connection] = await store.connections.list(companyId);
  if (connection === undefined) {
    throw new SyncError(
      'not_found',
      `company "${companyId}" has no provider connection to sync`,
      'companyId',
    );
  }
  const credentials = await store.credentials.reveal(connection.id);
  const members = (await store.members.list(companyId)).map(({ id, email, name }) => ({
    id,
    email,
    name,
  }));
  const known = members.length === 0 && connection.mode !== 'user_by_user' ? null : members;
  const plan = providerPlan(connection, credentials, known ?? undefined, endpoints);
  const settings = parseSyncSettings(connection.settings, connection.id);
  return {
    companyName: company.name,
    connectionId: connection.id,
    plan,
    known,
    domain: settings.domain ?? connection.tenantId,
    meetingWindowDays: settings.meetingWindowDays ?? DEFAULT_MEETING_WINDOW_DAYS,
  };
}

/** Runs the provider's reads over the members not yet saved, saving each one's facts and reads. */
async function readMembers(
  options: RunSyncOptions,
  source: SyncSource,
  runId: string,
  saved: ReadonlyMap<string, ProviderMemberFacts>,
  window: { from: string; to: string } | null,
  clean: (text: string) => string,
  on: { onSaved: (count: number) => void; onCancelRequested: () => void },
): Promise<ProviderSync> {
  const { plan } = source;
  const writer = progressWriter({
    store: options.store,
    companyId: options.companyId,
    runId,
    maxBatch: options.saveBatch,
    ...on,
  });
  // A read's start is on disk before it is sent (the module waits for it); its end comes
  // before the member's facts, and is saved with them.
  const ended = new Map<string, AuditedRead[]>();
  const onRead = (read: ProviderRead): Promise<void> | undefined => {
    const audited = {
      readId: read.readId,
      read: auditRead(read, plan.credentialOf(read.memberId)),
    };
    if (read.outcome === 'started') return writer.start(audited);
    ended.set(read.memberId, [...(ended.get(read.memberId) ?? []), audited]);
    return undefined;
  };
  const onMember = (facts: ProviderMemberFacts) => {
    const ends = ended.get(facts.id) ?? [];
    ended.delete(facts.id);
    return writer.add(facts, ends);
  };
  const log = (event: SyncLogEvent) =>
    options.log?.({
      ...event,
      ...(event.detail === undefined ? {} : { detail: clean(event.detail) }),
    });
  const sync = await readProvider(plan, {
    ...options.tuning,
    skipMemberIds: new Set(saved.keys()),
    eventWindow: window ?? undefined,
    signal: options.signal,
    onRead,
    onMember,
    log,
  });
  await writer.drain();
  return sync;
}

/** Upcoming meetings are read for a week unless the connection's settings say otherwise. */
const DEFAULT_MEETING_WINDOW_DAYS = 7;

/** The window of upcoming meetings a run reads, from its start; null when none are read. */
function meetingWindow(now: Date, days: number): { from: string; to: string } | null {
  if (days <= 0) return null;
  return { from: now.toISOString(), to: new Date(now.getTime() + days * 86_400_000).toISOString() };
}

function eventsOf(facts: Iterable<ProviderMemberFacts>): Map<string, CalendarEvent[]> {
  const events = new Map<string, CalendarEvent[]>();
  for (const member of facts) if (member.events !== undefined) events.set(member.id, member.events);
  return events;
}

/** The approved consent policy; null when none is (or it no longer reads as a policy). */
/** The approved consent policy of the company, or null when none is in force. */
export async function policyInForce(
  store: Store,
  companyId: string,
): Promise<ConsentPolicy | null> {
  const approved = await store.consentPolicies.latestApproved(companyId);
  const parsed = ConsentPolicy.safeParse(approved?.body);
  return parsed.success ? parsed.data : null;
}

let sharedMeetingEvaluator: MeetingEvaluator | undefined;
/** The meeting rules of rules/meetings, compiled once per process. */
export function defaultMeetingEvaluator(): MeetingEvaluator {
  sharedMeetingEvaluator ??= createMeetingEvaluator(loadMeetingRules());
  return sharedMeetingEvaluator;
}

let sharedEvaluator: Evaluator | undefined;
function defaultEvaluator(): Evaluator {
  sharedEvaluator ??= createEvaluator(loadCaptureRules());
  return sharedEvaluator;
}

type AdapterCall = AdapterTuning & {
  skipMemberIds: ReadonlySet<string>;
  eventWindow: { from: string; to: string } | undefined;
  signal: AbortSignal | undefined;
  onRead: (read: ProviderRead) => Promise<void> | undefined;
  onMember: (facts: ProviderMemberFacts) => Promise<void>;
  log: (event: SyncLogEvent) => void;
};

function readProvider<K extends ProviderSource['provider']>(
  source: ProviderSource<K>,
  call: AdapterCall,
): Promise<ProviderSync> {
  return providerModule(source.provider).sync({ ...source.input, ...call });
}

async function savedFacts(store: Store, runId: string): Promise<Map<string, ProviderMemberFacts>> {
  const results = await store.syncRuns.memberResults(runId);
  const facts = new Map<string, ProviderMemberFacts>();
  for (const { memberId, result } of results) {
    const parsed = SavedFacts.safeParse(result);
    // A result that no longer reads (an older format) is read again rather than trusted.
    if (parsed.success) facts.set(memberId, stripUndefinedName(parsed.data));
  }
  return facts;
}

function stripUndefinedName(facts: z.infer<typeof SavedFacts>): ProviderMemberFacts {
  const { name, ...rest } = facts;
  return name === undefined ? rest : { ...rest, name };
}

function overPlatform(
  base: PlatformSettings | undefined,
  over: PlatformSettings | undefined,
): PlatformSettings | undefined {
  if (over === undefined) return base;
  return {
    company: { ...base?.company, ...over.company },
    defaultMember: over.defaultMember ?? base?.defaultMember,
    members: { ...base?.members, ...over.members },
  };
}

function byEmailThenId(a: PlanMember, b: PlanMember): number {
  return a.email.localeCompare(b.email) || a.id.localeCompare(b.id);
}
