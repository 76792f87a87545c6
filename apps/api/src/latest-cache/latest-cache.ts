// @internal: a part of the API's own wiring, not used outside apps/api.
import { hash } from 'node:crypto';
import type { MemberReport, Report } from '@capture-doctor/domain';
import type { Evaluator } from '@capture-doctor/engine';
import {
  compareKeys,
  type Store,
  type StoredEvaluation,
  type StoredSnapshot,
} from '@capture-doctor/store';
import { docsUrl } from '../docs-url/docs-url.js';
import { colorRank, worstColor } from '../filter-members/filter-members.js';
import { acknowledgementsInForce } from '../services/evaluate/acknowledgements-in-force.js';

/** The latest evaluation of a company, indexed by member, as the member routes read it. */
export interface LatestView {
  evaluation: StoredEvaluation;
  members: Map<string, MemberReport>;
  /** when the earliest acknowledgement in the report expires (ms), or null */
  staleAt: number | null;
  /**
   * A member's answer as the member route sends it (without the support-only raw error),
   * serialized once per view with its ETag: the hot read then costs a map lookup, not a
   * JSON.stringify, an encoding and a hash.
   */
  memberAnswerBytes(member: MemberReport): SerializedAnswer;
  /** The members worst colour first, then by name (or email), then id; sorted once per view. */
  sorted(): readonly MemberReport[];
}

/** An answer's JSON as UTF-8 bytes, and the strong ETag naming exactly those bytes. */
export interface SerializedAnswer {
  body: Uint8Array;
  etag: string;
}

/**
 * Keeps each company's latest evaluation and snapshot parsed in memory, so reading one member
 * does not re-read a whole report from the database. Writers call `forget` after storing, which
 * tells the other processes on the database too.
 */
export interface LatestCache {
  evaluation(companyId: string): Promise<LatestView | null>;
  snapshot(companyId: string): Promise<StoredSnapshot | null>;
  forget(companyId: string): void;
}

/**
 * Creates the cache over a store. Once an acknowledgement in the latest report expires, the
 * report is worked out again in memory (nothing is written on a read), so the icon it held
 * back takes its colour again without waiting for the next stored evaluation.
 * @example (await createLatestCache(store, evaluator, () => new Date()).evaluation('acme'))?.members.get('m1')
 */
export function createLatestCache(
  store: Store,
  evaluator: Evaluator,
  clock: () => Date,
): LatestCache {
  const evaluations = new Map<string, Promise<LatestView | null>>();
  const snapshots = new Map<string, Promise<StoredSnapshot | null>>();
  const remember = <T>(map: Map<string, Promise<T>>, companyId: string, value: Promise<T>) => {
    value.catch(() => map.delete(companyId));
    map.set(companyId, value);
    return value;
  };
  const forgetHere = (companyId: string) => {
    evaluations.delete(companyId);
    snapshots.delete(companyId);
  };
  // Another process (a worker's sync, another serve) stored a newer evaluation.
  store.changes.subscribe((change) => {
    if (change.topic === 'latest') forgetHere(change.companyId);
    if (change.topic === 'everything') {
      evaluations.clear();
      snapshots.clear();
    }
  });
  const refresh = async (companyId: string, stale: LatestView): Promise<LatestView | null> => {
    const snapshot = await store.snapshots.byId(companyId, stale.evaluation.snapshotId);
    if (!snapshot) return stale;
    const asOf = clock().toISOString();
    const acknowledgements = await acknowledgementsInForce(store, companyId);
    return viewOf({
      ...stale.evaluation,
      report: evaluator.evaluateSnapshot(snapshot.snapshot, { acknowledgements, asOf }),
    });
  };
  return {
    async evaluation(companyId) {
      const cached = evaluations.get(companyId);
      const current = await (cached ??
        remember(
          evaluations,
          companyId,
          store.evaluations.latest(companyId).then((e) => (e ? viewOf(e) : null)),
        ));
      if (current?.staleAt !== null && current !== null && current.staleAt <= clock().getTime()) {
        return remember(evaluations, companyId, refresh(companyId, current));
      }
      return current;
    },
    snapshot(companyId) {
      return (
        snapshots.get(companyId) ??
        remember(snapshots, companyId, store.snapshots.latest(companyId))
      );
    },
    forget(companyId) {
      forgetHere(companyId);
      void store.changes.publish({ topic: 'latest', companyId }).catch(() => {});
    },
  };
}

/**
 * An evaluation indexed for the member routes (see LatestView); also for a page walk pinned to
 * an evaluation that is no longer the latest.
 * @example viewOf(await store.evaluations.byId('acme', id)).sorted()[0]
 */
export function viewOf(evaluation: StoredEvaluation): LatestView {
  const members = new Map(evaluation.report.members.map((m) => [m.id, m]));
  const serialized = new Map<string, SerializedAnswer>();
  let sorted: MemberReport[] | undefined;
  return {
    evaluation,
    members,
    staleAt: earliestExpiry(evaluation.report),
    sorted() {
      sorted ??= sortMembers(evaluation.report.members);
      return sorted;
    },
    memberAnswerBytes(member) {
      let answer = serialized.get(member.id);
      if (answer === undefined) {
        answer = serializedAnswer(memberAnswer(evaluation, member));
        serialized.set(member.id, answer);
      }
      return answer;
    },
  };
}

/**
 * What the member route answers for one member of an evaluation: its icons, findings and fixes,
 * and the docs page of each finding's rule.
 * @example memberAnswer(stored, report.members[0]).docs['recording-seat-missing']
 */
export function memberAnswer(evaluation: StoredEvaluation, member: MemberReport) {
  return {
    evaluationId: evaluation.id,
    evaluatedAt: evaluation.createdAt,
    member,
    docs: Object.fromEntries(
      member.findings.map((f) => [f.ruleId, docsUrl(f.ruleId, evaluation.report.provider)]),
    ),
  };
}

function serializedAnswer(answer: unknown): SerializedAnswer {
  const body = Buffer.from(JSON.stringify(answer));
  // A hash of the bytes, not the evaluation id: an expired acknowledgement changes the answer
  // of the same evaluation (see refresh), and its ETag must change with it.
  return { body, etag: `"${hash('sha256', body, 'base64url')}"` };
}

function earliestExpiry(report: Report): number | null {
  let earliest: number | null = null;
  for (const member of report.members) {
    for (const finding of member.findings) {
      if (!finding.acknowledgement) continue;
      const at = Date.parse(finding.acknowledgement.expiresAt);
      if (earliest === null || at < earliest) earliest = at;
    }
  }
  return earliest;
}

/**
 * The order members are listed in, as a key: worst colour first, then name (or email) without
 * regard to case, then id.
 * @example memberOrderKey(member) // [0, 'ada park', 'm01'] for a red member
 */
export function memberOrderKey(member: MemberReport): [number, string, string] {
  return [
    4 - colorRank(worstColor(member.icons)),
    (member.name ?? member.email).toLowerCase(),
    member.id,
  ];
}

function sortMembers(members: readonly MemberReport[]): MemberReport[] {
  const keyed = members.map((member) => ({ member, key: memberOrderKey(member) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map(({ member }) => member);
}
