import type { Store, WebhookEndpoint } from '@capture-doctor/store';
import type { z } from 'zod';
import { ProblemError } from '../../problem/problem.js';
import type { WebhookBody, WebhookChangeBody } from './alert-schemas.js';
import { webhookUrlRefusal } from './webhook-url.js';

/**
 * Registers a webhook endpoint after checking its URL; the secret is in this answer only.
 * @example const created = await createWebhook(store, 'acme', { url, events: ['sync.failed'] })
 */
export async function createWebhook(
  store: Store,
  companyId: string,
  body: z.output<typeof WebhookBody>,
): Promise<WebhookEndpoint & { secret: string }> {
  await requireUsableUrl(body.url);
  const { endpoint, secret } = await store.webhooks.create(companyId, body);
  return { ...endpoint, secret };
}

/**
 * Changes an endpoint's URL (checked again), events, description or whether it is enabled.
 * @example await updateWebhook(store, 'acme', id, { enabled: false })
 */
export async function updateWebhook(
  store: Store,
  companyId: string,
  webhookId: string,
  change: z.output<typeof WebhookChangeBody>,
): Promise<WebhookEndpoint> {
  if (change.url !== undefined) await requireUsableUrl(change.url);
  return store.webhooks.update(companyId, webhookId, change);
}

async function requireUsableUrl(url: string): Promise<void> {
  const refusal = await webhookUrlRefusal(url);
  if (refusal === null) return;
  throw new ProblemError(400, 'invalid-body', 'Invalid request', `url: ${refusal}`, {
    field: 'url',
    code: 'webhook_url_refused',
    errors: [{ field: 'url', message: refusal }],
  });
}
