import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import { decodeCursor, type Page, PageQuery, pageOf } from '../cursor-page/cursor-page.js';
import type { WebhookEndpointTable } from '../database/database.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import { newId } from '../new-id/new-id.js';
import { readAll } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { StoreError } from '../store-error/store-error.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

/** Standard Webhooks secrets start with this; the rest is the key in base64. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** The event types an endpoint or recipient listens to; which names exist is the caller's. */
export const AlertEventTypes = z.array(z.string().min(1).max(100)).min(1).max(50);

export const NewWebhookEndpoint = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: AlertEventTypes,
  description: z.string().trim().max(500).nullable().default(null),
});
export type NewWebhookEndpoint = z.input<typeof NewWebhookEndpoint>;

export const WebhookEndpointChange = z.strictObject({
  url: NewWebhookEndpoint.shape.url.optional(),
  events: AlertEventTypes.optional(),
  enabled: z.boolean().optional(),
  description: z.string().trim().max(500).nullable().optional(),
});
export type WebhookEndpointChange = z.input<typeof WebhookEndpointChange>;

/** An endpoint as listed: never its secret, which exists in the answer to `create` only. */
export interface WebhookEndpoint {
  id: string;
  companyId: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEndpointRepository {
  /** Makes an endpoint with a new signing secret, returned this once and stored sealed. */
  create(
    companyId: string,
    input: NewWebhookEndpoint,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }>;
  /** The company's endpoints, oldest first, a page at a time. */
  list(companyId: string, page?: z.input<typeof PageQuery>): Promise<Page<WebhookEndpoint>>;
  /** The enabled endpoints of a company listening to `eventType`. */
  listening(companyId: string, eventType: string): Promise<WebhookEndpoint[]>;
  get(companyId: string, endpointId: string): Promise<WebhookEndpoint | null>;
  update(
    companyId: string,
    endpointId: string,
    change: WebhookEndpointChange,
  ): Promise<WebhookEndpoint>;
  /** Deletes the endpoint and its deliveries. */
  remove(companyId: string, endpointId: string): Promise<void>;
  /** DECRYPTS the signing secret, for signing a delivery only: never into a response or a log. */
  revealSecret(endpointId: string): Promise<string>;
}

/**
 * The webhook_endpoints table: where a company's alerts are posted, each signed with the
 * endpoint's secret (AES-256-GCM at rest, bound to the endpoint id).
 * @example const { endpoint, secret } = await store.webhooks.create('acme', { url, events: ['sync.failed'] });
 */
export function webhookEndpointRepository(ctx: RepositoryContext): WebhookEndpointRepository {
  const { db } = ctx;
  const ofCompany = (companyId: string) =>
    db.selectFrom('webhook_endpoints').selectAll().where('company_id', '=', companyId);
  const get = async (companyId: string, endpointId: string) => {
    const row = await ofCompany(companyId).where('id', '=', endpointId).executeTakeFirst();
    return row === undefined ? null : toEndpoint(row);
  };
  const require = async (companyId: string, endpointId: string) => {
    const found = await get(companyId, endpointId);
    if (found === null) throw endpointNotFound(endpointId);
    return found;
  };
  return {
    async create(companyId, input) {
      const parsed = validateInput(NewWebhookEndpoint, input, 'webhook endpoint');
      await requireCompany(ctx, companyId);
      const id = newId();
      const now = ctx.now();
      const secret = `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
      const row: WebhookEndpointTable = {
        id,
        company_id: companyId,
        url: parsed.url,
        events: JSON.stringify([...new Set(parsed.events)]),
        description: parsed.description,
        enabled: 1,
        secret_ciphertext: ctx.cipher.encrypt(secret, sealContext(id)),
        created_at: now,
        updated_at: now,
      };
      return { endpoint: toEndpoint(await insertRow(db, 'webhook_endpoints', row)), secret };
    },
    async list(companyId, page = {}) {
      const { limit, cursor } = validateInput(PageQuery, page, 'page');
      let query = ofCompany(companyId);
      if (cursor !== undefined) query = query.where('id', '>', String(decodeCursor(cursor, 1)[0]));
      const rows = await readAll(query.orderBy('id').limit(limit + 1), toEndpoint);
      return pageOf(rows, limit, (endpoint) => [endpoint.id]);
    },
    async listening(companyId, eventType) {
      const rows = await readAll(
        ofCompany(companyId).where('enabled', '=', 1).orderBy('id'),
        toEndpoint,
      );
      return rows.filter((endpoint) => endpoint.events.includes(eventType));
    },
    get,
    async update(companyId, endpointId, change) {
      const parsed = validateInput(WebhookEndpointChange, change, 'webhook endpoint');
      await require(companyId, endpointId);
      await db
        .updateTable('webhook_endpoints')
        .set({
          ...(parsed.url === undefined ? {} : { url: parsed.url }),
          ...(parsed.events === undefined
            ? {}
            : { events: JSON.stringify([...new Set(parsed.events)]) }),
          ...(parsed.enabled === undefined ? {} : { enabled: parsed.enabled ? 1 : 0 }),
          ...(parsed.description === undefined ? {} : { description: parsed.description }),
          updated_at: ctx.now(),
        })
        .where('id', '=', endpointId)
        .execute();
      return require(companyId, endpointId);
    },
    async remove(companyId, endpointId) {
      const result = await db
        .deleteFrom('webhook_endpoints')
        .where('company_id', '=', companyId)
        .where('id', '=', endpointId)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw endpointNotFound(endpointId);
    },
    async revealSecret(endpointId) {
      const row = await db
        .selectFrom('webhook_endpoints')
        .select(['id', 'secret_ciphertext'])
        .where('id', '=', endpointId)
        .executeTakeFirst();
      if (row === undefined) throw endpointNotFound(endpointId);
      return ctx.cipher.decrypt(row.secret_ciphertext, sealContext(row.id));
    },
  };
}

/** The `not_found` refusal for an endpoint id the company does not have. */
export function endpointNotFound(endpointId: string): StoreError {
  return new StoreError('not_found', `webhook endpoint "${endpointId}" does not exist`, {
    field: 'webhookId',
  });
}

// The endpoint id is the GCM associated data: a sealed secret copied onto another row fails to open.
function sealContext(endpointId: string): string {
  return `webhook:${endpointId}`;
}

// Never the ciphertext: a listing must not carry even the sealed secret.
function toEndpoint(row: WebhookEndpointTable): WebhookEndpoint {
  return {
    id: row.id,
    companyId: row.company_id,
    url: row.url,
    events: parseStored(z.array(z.string()), row.events, `webhook endpoint ${row.id}`),
    description: row.description,
    enabled: Number(row.enabled) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
