import type { ChainCheck, ConsentEvidenceEvent, Store } from '@capture-doctor/store';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { csvCell } from '../../csv-export/csv-export.js';
import { notFound } from '../../problem/problem.js';
import { parseWith } from '../../read-body/read-body.js';
import type { EvidenceEvent } from './meeting-schemas.js';

type EvidenceStore = Pick<Store, 'meetings' | 'consentEvidence'>;

async function requireMeeting(store: EvidenceStore, companyId: string, meetingId: string) {
  const meeting = await store.meetings.get(companyId, meetingId);
  if (!meeting) throw notFound('meeting', meetingId);
  return meeting;
}

const evidenceEvent = (e: ConsentEvidenceEvent): EvidenceEvent => ({
  seq: e.seq ?? 0,
  at: e.at,
  kind: e.kind,
  participantId: e.participant,
  policyVersion: e.policyVersion,
  details: e.details,
  recordedAt: e.recordedAt,
  prevHash: e.prevHash,
  hash: e.hash ?? '',
});

/**
 * A meeting's consent evidence in chain order, a page at a time; `nextCursor` is absent on
 * the last page.
 * @example const { items, nextCursor } = await meetingEvidence(store, 'acme', id, { limit: 50 })
 */
export async function meetingEvidence(
  store: EvidenceStore,
  companyId: string,
  meetingId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: EvidenceEvent[]; nextCursor?: string }> {
  await requireMeeting(store, companyId, meetingId);
  const afterSeq = page.cursor === undefined ? 0 : readSeqCursor(page.cursor);
  const rows = await store.consentEvidence.chain(companyId, meetingId, {
    afterSeq,
    limit: page.limit + 1,
  });
  const items = rows.slice(0, page.limit).map(evidenceEvent);
  const last = items.at(-1);
  return rows.length > page.limit && last
    ? { items, nextCursor: Buffer.from(String(last.seq)).toString('base64url') }
    : { items };
}

function readSeqCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return parseWith(
    z.coerce.number().int().min(0).describe('cursor'),
    /^\d+$/.test(text) ? text : null,
    'query:cursor',
  );
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'kind',
  'participant_id',
  'participant_email',
  'policy_version',
  'method',
  'details',
  'recorded_at',
  'prev_hash',
  'hash',
];

/**
 * Every consent-evidence event of a meeting as CSV, one row per event in chain order, with
 * the participant's address beside their id and how consent was given in its own column.
 * @example const csv = await evidenceCsv(store, 'acme', meetingId) // "seq,at,kind,...\r\n1,..."
 */
export async function evidenceCsv(
  store: EvidenceStore,
  companyId: string,
  meetingId: string,
): Promise<string> {
  const meeting = await requireMeeting(store, companyId, meetingId);
  const emails = new Map(meeting.participants.map((p) => [p.id, p.email]));
  const rows: string[][] = [];
  for (let afterSeq = 0; ; ) {
    const batch = await store.consentEvidence.chain(companyId, meetingId, {
      afterSeq,
      limit: 1000,
    });
    for (const e of batch) {
      const { method, ...details } = e.details;
      rows.push(
        [
          String(e.seq ?? ''),
          e.at,
          e.kind,
          e.participant ?? '',
          e.participant === null ? '' : (emails.get(e.participant) ?? ''),
          e.policyVersion === null ? '' : String(e.policyVersion),
          typeof method === 'string' ? method : '',
          JSON.stringify(details),
          e.recordedAt,
          e.prevHash ?? '',
          e.hash ?? '',
        ].map(csvCell),
      );
    }
    const last = batch.at(-1);
    if (batch.length < 1000 || !last) break;
    afterSeq = last.seq ?? afterSeq + batch.length;
  }
  return stringify(rows, { header: true, columns: CSV_COLUMNS, record_delimiter: '\r\n' });
}

/**
 * Checks a meeting's evidence chain: `{ valid: true }`, or the first link that does not hold.
 * @example await verifyEvidence(store, 'acme', meetingId) // { valid: true }
 */
export async function verifyEvidence(
  store: EvidenceStore,
  companyId: string,
  meetingId: string,
): Promise<{ valid: true } | Extract<ChainCheck, { valid: false }>> {
  await requireMeeting(store, companyId, meetingId);
  const check = await store.consentEvidence.verify(companyId, meetingId);
  return check.valid ? { valid: true } : check;
}
