import { z } from 'zod';
import { EntityId, requireCompany } from '../company-repository/company-repository.js';
import type { EmailOutboxTable } from '../database/database.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { newId } from '../new-id/new-id.js';
import { oldestFirst } from '../paging/oldest-first.js';
import { readAll, readFirst } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { validateInput } from '../validate-input/validate-input.js';

/**
 * `sending`: claimed by a sender, so no other sender (or a restart) sends it again.
 * `cancelled`: never to be sent (its meeting was called off or moved, and a new one queued).
 */
export const OutboxStatus = z.enum(['queued', 'sending', 'sent', 'failed', 'cancelled']);
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export const NewOutboxEmail = z.strictObject({
  companyId: z.string().min(1).nullable().default(null),
  /** The member a reminder is for, so the page can show who was reminded. */
  memberId: EntityId.nullable().default(null),
  to: z.email(),
  subject: z.string().trim().min(1).max(500),
  text: z.string().min(1).max(100_000),
  /** Not sent before this moment (a notice waits for its lead time); null: as soon as possible. */
  notBefore: z.iso
    .datetime({ offset: true })
    .transform((at) => new Date(at).toISOString())
    .nullable()
    .default(null),
  /** The meeting and participant a consent notice is for. */
  meetingId: z.string().min(1).max(256).nullable().default(null),
  participantId: z.string().min(1).max(256).nullable().default(null),
});
export type NewOutboxEmail = z.input<typeof NewOutboxEmail>;

export interface OutboxEmail {
  id: string;
  companyId: string | null;
  memberId: string | null;
  to: string;
  subject: string;
  text: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  notBefore: string | null;
  meetingId: string | null;
  participantId: string | null;
}

export interface OutboxRepository {
  enqueue(email: NewOutboxEmail): Promise<OutboxEmail>;
  /** Queues several emails in one transaction: all or nothing. */
  enqueueMany(emails: readonly NewOutboxEmail[]): Promise<OutboxEmail[]>;
  byId(emailId: string): Promise<OutboxEmail | null>;
  /** A company's emails, oldest first, optionally of one status or of one meeting. */
  list(
    companyId: string,
    filter?: { status?: OutboxStatus; meetingId?: string },
  ): Promise<OutboxEmail[]>;
  /**
   * What a sender should try next: queued, or failed fewer than `maxAttempts` times, and due
   * (no `notBefore`, or it has come by the store's clock). Oldest first.
   */
  pending(options?: { limit?: number; maxAttempts?: number }): Promise<OutboxEmail[]>;
  /**
   * Claims a pending email for one send: true when this caller won it (it is now `sending`),
   * false when another sender has it or it was sent. Claim before sending, mark after.
   */
  claim(emailId: string): Promise<boolean>;
  /**
   * Emails claimed longer ago than `olderThanSeconds` whose sender never came back (a process
   * killed mid-send) become `failed`, to be tried again; answers how many.
   */
  releaseStale(olderThanSeconds: number): Promise<number>;
  markSent(emailId: string): Promise<OutboxEmail>;
  /**
   * Cancels a meeting's emails not yet sent nor being sent (queued or failed), so no sender
   * picks them up; answers those it cancelled. Emails already claimed go out as they are.
   */
  cancelUnsent(companyId: string, meetingId: string): Promise<OutboxEmail[]>;
  /** Counts a failed attempt and keeps the error text (which must hold no secret). */
  markFailed(emailId: string, error: string): Promise<OutboxEmail>;
}

/**
 * The email_outbox table: emails wait here until a transport sends them; nothing is lost
 * when no SMTP server is configured.
 * @example await store.outbox.enqueue({ companyId: 'acme', to: 'ana@acme.example', subject, text });
 */
export function outboxRepository(ctx: RepositoryContext): OutboxRepository {
  const { db } = ctx;
  const emails = () => db.selectFrom('email_outbox').selectAll();
  const byId = (emailId: string) => readFirst(emails().where('id', '=', emailId), toEmail);
  const require = async (emailId: string) => {
    const found = await byId(emailId);
    if (found === null) {
      throw new StoreError('not_found', `outbox email "${emailId}" does not exist`, {
        field: 'emailId',
      });
    }
    return found;
  };
  const enqueueMany = async (emails: readonly NewOutboxEmail[]) => {
    const parsed = validateInput(z.array(NewOutboxEmail), emails, 'outbox email');
    for (const companyId of new Set(parsed.map((e) => e.companyId))) {
      if (companyId !== null) await requireCompany(ctx, companyId);
    }
    const now = ctx.now();
    const rows: EmailOutboxTable[] = parsed.map((email) => ({
      id: newId(),
      company_id: email.companyId,
      member_id: email.memberId,
      to_address: email.to,
      subject: email.subject,
      body_text: email.text,
      status: 'queued',
      attempts: 0,
      last_error: null,
      created_at: now,
      updated_at: now,
      sent_at: null,
      not_before: email.notBefore,
      meeting_id: email.meetingId,
      participant_id: email.participantId,
    }));
    return (await insertRows(db, 'email_outbox', rows)).map(toEmail);
  };
  return {
    async enqueue(email) {
      const [stored] = await enqueueMany([validateInput(NewOutboxEmail, email, 'outbox email')]);
      return stored!;
    },
    enqueueMany,
    byId,
    async list(companyId, filter = {}) {
      let query = emails().where('company_id', '=', companyId);
      if (filter.status !== undefined) {
        query = query.where('status', '=', validateInput(OutboxStatus, filter.status, 'status'));
      }
      if (filter.meetingId !== undefined) query = query.where('meeting_id', '=', filter.meetingId);
      return readAll(oldestFirst(query), toEmail);
    },
    async pending(options = {}) {
      const { limit, maxAttempts } = validateInput(
        z.strictObject({
          limit: z.number().int().min(1).max(10_000).default(100),
          maxAttempts: z.number().int().min(1).max(1000).default(5),
        }),
        options,
        'outbox query',
      );
      const now = ctx.now();
      const due = emails()
        .where((eb) =>
          eb.or([
            eb('status', '=', 'queued'),
            eb.and([eb('status', '=', 'failed'), eb('attempts', '<', maxAttempts)]),
          ]),
        )
        .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', now)]));
      return readAll(oldestFirst(due).limit(limit), toEmail);
    },
    async claim(emailId) {
      const result = await db
        .updateTable('email_outbox')
        .set({ status: 'sending', updated_at: ctx.now() })
        .where('id', '=', emailId)
        .where('status', 'in', ['queued', 'failed'])
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async releaseStale(olderThanSeconds) {
      const seconds = validateInput(z.number().int().min(0), olderThanSeconds, 'olderThanSeconds');
      const before = new Date(Date.parse(ctx.now()) - seconds * 1000).toISOString();
      const result = await db
        .updateTable('email_outbox')
        .set((eb) => ({
          status: 'failed',
          attempts: eb('attempts', '+', 1),
          last_error: 'interrupted while sending',
          updated_at: ctx.now(),
        }))
        .where('status', '=', 'sending')
        .where('updated_at', '<=', before)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async cancelUnsent(companyId, meetingId) {
      const rows = await db
        .updateTable('email_outbox')
        .set({ status: 'cancelled', updated_at: ctx.now() })
        .where('company_id', '=', companyId)
        .where('meeting_id', '=', meetingId)
        .where('status', 'in', ['queued', 'failed'])
        .returningAll()
        .execute();
      return rows
        .map(toEmail)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    async markSent(emailId) {
      const found = await require(emailId);
      if (found.status === 'sent') {
        throw new StoreError('conflict', `outbox email "${emailId}" was already sent`, {
          field: 'emailId',
        });
      }
      const now = ctx.now();
      await db
        .updateTable('email_outbox')
        .set({ status: 'sent', attempts: found.attempts + 1, sent_at: now, updated_at: now })
        .where('id', '=', emailId)
        .execute();
      return require(emailId);
    },
    async markFailed(emailId, error) {
      const message = validateInput(z.string().min(1), error, 'send error').slice(0, 2000);
      const found = await require(emailId);
      await db
        .updateTable('email_outbox')
        .set({
          status: 'failed',
          attempts: found.attempts + 1,
          last_error: message,
          updated_at: ctx.now(),
        })
        .where('id', '=', emailId)
        .execute();
      return require(emailId);
    },
  };
}

function toEmail(row: EmailOutboxTable): OutboxEmail {
  return {
    ...camelRow(row, 'to_address', 'body_text'),
    to: row.to_address,
    text: row.body_text,
    status: OutboxStatus.parse(row.status),
    attempts: Number(row.attempts),
  };
}
