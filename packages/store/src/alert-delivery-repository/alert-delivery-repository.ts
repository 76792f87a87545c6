import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import { decodeCursor, type Page, PageQuery, pageOf } from '../cursor-page/cursor-page.js';
import type { AlertDeliveryTable, AlertEventTable } from '../database/database.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { asJson, JsonObject } from '../json-value/json-value.js';
import { newId } from '../new-id/new-id.js';
import { readAll } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { StoreError } from '../store-error/store-error.js';
import { validateInput } from '../validate-input/validate-input.js';
import {
  endpointNotFound,
  webhookEndpointRepository,
} from '../webhook-endpoint-repository/webhook-endpoint-repository.js';

/** `pending`: waiting for its next attempt; `delivered`: answered 2xx; `failed`: given up. */
export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

const Instant = z.iso.datetime({ offset: true }).transform((at) => new Date(at).toISOString());

export const NewAlert = z.strictObject({
  companyId: z.string().min(1),
  type: z.string().min(1).max(100),
  /** The webhook body, sent as it is stored. */
  payload: JsonObject,
  /** Raises the alert only if no alert of the company already has this key. */
  dedupeKey: z.string().min(1).max(500).nullable().default(null),
});
export type NewAlert = z.input<typeof NewAlert>;

/** One alert raised for a company. */
export interface AlertEvent {
  id: string;
  companyId: string;
  type: string;
  dedupeKey: string | null;
  payload: string;
  createdAt: string;
}

/** One alert's delivery to one endpoint, as the delivery log shows it. */
export interface AlertDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  /** Why the last attempt failed; the caller stores it already cleared of secrets. */
  lastError: string | null;
  firstAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** A delivery due now, with what sending it needs. */
export interface DueDelivery extends AlertDelivery {
  companyId: string;
  url: string;
  /** The exact body to send and sign. */
  payload: string;
}

/** How one attempt ended; `nextAttemptAt` null on a failure means give up. */
export const AttemptOutcome = z.strictObject({
  at: Instant,
  delivered: z.boolean(),
  statusCode: z.number().int().min(100).max(599).nullable(),
  error: z
    .string()
    .min(1)
    .transform((text) => text.slice(0, 1000))
    .nullable(),
  nextAttemptAt: Instant.nullable(),
});
export type AttemptOutcome = z.input<typeof AttemptOutcome>;

export interface AlertDeliveryRepository {
  /**
   * Stores an alert and one pending delivery to each enabled endpoint listening to its type,
   * due at once; null when an alert with the same dedupe key was raised before.
   */
  raise(alert: NewAlert): Promise<{ event: AlertEvent; deliveries: AlertDelivery[] } | null>;
  /** The company's alerts of a type, oldest first. */
  events(companyId: string, type?: string): Promise<AlertEvent[]>;
  /** Pending deliveries to enabled endpoints whose next attempt has come by `now`, oldest first. */
  due(now: string, limit?: number): Promise<DueDelivery[]>;
  /**
   * Claims a due delivery for one attempt by moving its next attempt to `leaseUntil`: true
   * when this caller won it. A sender that dies mid-attempt leaves it due again at `leaseUntil`.
   */
  claim(delivery: Pick<DueDelivery, 'id' | 'nextAttemptAt'>, leaseUntil: string): Promise<boolean>;
  /** Counts an attempt and keeps how it ended. */
  recordAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<AlertDelivery>;
  /** An endpoint's deliveries, newest first, a page at a time. */
  list(
    companyId: string,
    endpointId: string,
    page?: z.input<typeof PageQuery>,
  ): Promise<Page<AlertDelivery>>;
  /** Queues a new attempt at `now`, with a fresh retry window, whatever the delivery's status. */
  replay(
    companyId: string,
    endpointId: string,
    deliveryId: string,
    now: string,
  ): Promise<AlertDelivery>;
}

/**
 * The alert_events and alert_deliveries tables: every alert raised, and its delivery to each
 * webhook endpoint with its attempts.
 * @example const raised = await store.alertDeliveries.raise({ companyId: 'acme', type: 'sync.failed', payload });
 */
export function alertDeliveryRepository(ctx: RepositoryContext): AlertDeliveryRepository {
  const { db } = ctx;
  const withEvent = () =>
    db
      .selectFrom('alert_deliveries')
      .innerJoin('alert_events', 'alert_events.id', 'alert_deliveries.event_id')
      .selectAll('alert_deliveries')
      .select('alert_events.type as event_type');
  // The delivery, of the company and endpoint when given; `not_found` when there is none.
  const require = async (deliveryId: string, of?: { companyId: string; endpointId: string }) => {
    let query = withEvent().where('alert_deliveries.id', '=', deliveryId);
    if (of !== undefined) {
      query = query
        .where('alert_deliveries.company_id', '=', of.companyId)
        .where('alert_deliveries.endpoint_id', '=', of.endpointId);
    }
    const row = await query.executeTakeFirst();
    if (row === undefined) {
      throw new StoreError('not_found', `delivery "${deliveryId}" does not exist`, {
        field: 'deliveryId',
      });
    }
    return toDelivery(row);
  };
  return {
    async raise(alert) {
      const parsed = validateInput(NewAlert, asJson(alert, 'alert'), 'alert');
      await requireCompany(ctx, parsed.companyId);
      const now = ctx.now();
      const event: AlertEventTable = {
        id: newId(),
        company_id: parsed.companyId,
        type: parsed.type,
        dedupe_key: parsed.dedupeKey,
        payload: JSON.stringify(parsed.payload),
        created_at: now,
      };
      return inTransaction(db, async (trx) => {
        const inserted = await trx
          .insertInto('alert_events')
          .values(event)
          .onConflict((oc) => oc.columns(['company_id', 'dedupe_key']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return null;
        const endpoints = await webhookEndpointRepository({ ...ctx, db: trx }).listening(
          parsed.companyId,
          parsed.type,
        );
        const rows: AlertDeliveryTable[] = endpoints.map((endpoint) => ({
          id: newId(),
          company_id: parsed.companyId,
          endpoint_id: endpoint.id,
          event_id: event.id,
          status: 'pending',
          attempts: 0,
          last_status_code: null,
          last_error: null,
          first_attempt_at: null,
          next_attempt_at: now,
          delivered_at: null,
          created_at: now,
          updated_at: now,
        }));
        await insertRows(trx, 'alert_deliveries', rows);
        return {
          event: toEvent(event),
          deliveries: rows.map((row) => toDelivery({ ...row, event_type: event.type })),
        };
      });
    },
    async events(companyId, type) {
      let query = db.selectFrom('alert_events').selectAll().where('company_id', '=', companyId);
      if (type !== undefined) query = query.where('type', '=', type);
      return readAll(query.orderBy('created_at').orderBy('id'), toEvent);
    },
    async due(now, limit = 100) {
      const at = validateInput(Instant, now, 'now');
      const rows = await withEvent()
        .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'alert_deliveries.endpoint_id')
        .select(['webhook_endpoints.url as url', 'alert_events.payload as payload'])
        .where('alert_deliveries.status', '=', 'pending')
        .where('alert_deliveries.next_attempt_at', '<=', at)
        // A turned-off endpoint's deliveries wait until it is on again.
        .where('webhook_endpoints.enabled', '=', 1)
        .orderBy('alert_deliveries.next_attempt_at')
        .orderBy('alert_deliveries.id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        ...toDelivery(row),
        companyId: row.company_id,
        url: row.url,
        payload: row.payload,
      }));
    },
    async claim(delivery, leaseUntil) {
      if (delivery.nextAttemptAt === null) return false;
      const result = await db
        .updateTable('alert_deliveries')
        .set({ next_attempt_at: validateInput(Instant, leaseUntil, 'leaseUntil') })
        .where('id', '=', delivery.id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', delivery.nextAttemptAt)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async recordAttempt(deliveryId, outcome) {
      const parsed = validateInput(AttemptOutcome, outcome, 'attempt');
      const status: DeliveryStatus = parsed.delivered
        ? 'delivered'
        : parsed.nextAttemptAt === null
          ? 'failed'
          : 'pending';
      await db
        .updateTable('alert_deliveries')
        .set((eb) => ({
          status,
          attempts: eb('attempts', '+', 1),
          last_status_code: parsed.statusCode,
          last_error: parsed.delivered ? null : parsed.error,
          first_attempt_at: eb.fn.coalesce('first_attempt_at', eb.val(parsed.at)),
          next_attempt_at: status === 'pending' ? parsed.nextAttemptAt : null,
          ...(parsed.delivered ? { delivered_at: parsed.at } : {}),
          updated_at: ctx.now(),
        }))
        .where('id', '=', deliveryId)
        .execute();
      return require(deliveryId);
    },
    async list(companyId, endpointId, page = {}) {
      const { limit, cursor } = validateInput(PageQuery, page, 'page');
      const endpoint = await webhookEndpointRepository(ctx).get(companyId, endpointId);
      if (endpoint === null) throw endpointNotFound(endpointId);
      let query = withEvent().where('alert_deliveries.endpoint_id', '=', endpointId);
      if (cursor !== undefined) {
        query = query.where('alert_deliveries.id', '<', String(decodeCursor(cursor, 1)[0]));
      }
      const rows = await readAll(
        query.orderBy('alert_deliveries.id', 'desc').limit(limit + 1),
        toDelivery,
      );
      return pageOf(rows, limit, (delivery) => [delivery.id]);
    },
    async replay(companyId, endpointId, deliveryId, now) {
      const at = validateInput(Instant, now, 'now');
      await require(deliveryId, { companyId, endpointId });
      await db
        .updateTable('alert_deliveries')
        .set({ status: 'pending', next_attempt_at: at, first_attempt_at: null, updated_at: at })
        .where('id', '=', deliveryId)
        .execute();
      return require(deliveryId, { companyId, endpointId });
    },
  };
}

function toEvent(row: AlertEventTable): AlertEvent {
  return {
    id: row.id,
    companyId: row.company_id,
    type: row.type,
    dedupeKey: row.dedupe_key,
    payload: row.payload,
    createdAt: row.created_at,
  };
}

function toDelivery(row: AlertDeliveryTable & { event_type: string }): AlertDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: DeliveryStatus.parse(row.status),
    attempts: Number(row.attempts),
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastError: row.last_error,
    firstAttemptAt: row.first_attempt_at,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}
