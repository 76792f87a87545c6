import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { notFound } from '../problem/problem.js';
import { parseWith, readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import * as S from '../services/alerts/alert-schemas.js';
import { createWebhook, updateWebhook } from '../services/alerts/webhooks.js';
import { foundOr404 } from '../store-problem/store-problem.js';

const webhooks = '/v1/companies/{companyId}/webhooks';
const oneWebhook = `${webhooks}/{webhookId}`;

/**
 * Alerts: webhook endpoints with their delivery log and replay, and the email recipients; admin keys only.
 * @example alertRoutes(registry, deps) // POST /v1/companies/{companyId}/webhooks, ...
 */
export function alertRoutes(registry: RouteRegistry, deps: AppDeps): void {
  const admin = ['admin'] as const;
  registry.add(
    {
      method: 'post',
      path: webhooks,
      summary:
        'Register a webhook endpoint for alerts; its signing secret is in this answer only, so keep it now',
      tag: 'alerts',
      roles: admin,
      body: S.WebhookBody,
      response: S.WebhookCreated,
      status: 201,
    },
    async (c) => {
      const principal = c.get('principal');
      const body = await readBody(c, S.WebhookBody);
      const created = await createWebhook(deps.store, principal.companyId, body);
      await recordAudit(deps.store, principal, 'webhook.create', `webhook:${created.id}`, {
        url: created.url,
        events: created.events,
      });
      return c.json(created, 201);
    },
  );

  registry.add(
    {
      method: 'get',
      path: webhooks,
      summary: 'The company’s webhook endpoints, a page at a time; never a secret',
      tag: 'alerts',
      roles: admin,
      query: S.PageQuery,
      response: S.WebhookList,
    },
    async (c) => {
      const page = parseWith(S.PageQuery, c.req.query(), 'query');
      return c.json(await deps.store.webhooks.list(c.get('principal').companyId, page));
    },
  );

  registry.add(
    {
      method: 'get',
      path: oneWebhook,
      summary: 'One webhook endpoint; never its secret',
      tag: 'alerts',
      roles: admin,
      response: S.Webhook,
    },
    async (c) => {
      const webhookId = c.req.param('webhookId') ?? '';
      const found = await deps.store.webhooks.get(c.get('principal').companyId, webhookId);
      if (found === null) throw notFound('webhook', webhookId);
      return c.json(found);
    },
  );

  registry.add(
    {
      method: 'patch',
      path: oneWebhook,
      summary: 'Change a webhook endpoint’s URL, events, description, or turn it off and on',
      tag: 'alerts',
      roles: admin,
      body: S.WebhookChangeBody,
      response: S.Webhook,
    },
    async (c) => {
      const principal = c.get('principal');
      const webhookId = c.req.param('webhookId') ?? '';
      const change = await readBody(c, S.WebhookChangeBody);
      const changed = await foundOr404(
        updateWebhook(deps.store, principal.companyId, webhookId, change),
        'webhook',
        webhookId,
      );
      await recordAudit(deps.store, principal, 'webhook.update', `webhook:${webhookId}`, {
        fields: Object.keys(change),
      });
      return c.json(changed);
    },
  );

  registry.add(
    {
      method: 'delete',
      path: oneWebhook,
      summary: 'Delete a webhook endpoint and its delivery log; answers the endpoint as it was',
      tag: 'alerts',
      roles: admin,
      response: S.Webhook,
    },
    async (c) => {
      const principal = c.get('principal');
      const webhookId = c.req.param('webhookId') ?? '';
      const found = await deps.store.webhooks.get(principal.companyId, webhookId);
      if (found === null) throw notFound('webhook', webhookId);
      await foundOr404(
        deps.store.webhooks.remove(principal.companyId, webhookId),
        'webhook',
        webhookId,
      );
      await recordAudit(deps.store, principal, 'webhook.delete', `webhook:${webhookId}`, {
        url: found.url,
      });
      return c.json(found);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${oneWebhook}/deliveries`,
      summary:
        'The endpoint’s delivery log, newest first: each alert’s status, attempts, last answer and next attempt',
      tag: 'alerts',
      roles: admin,
      query: S.PageQuery,
      response: S.DeliveryList,
    },
    async (c) => {
      const webhookId = c.req.param('webhookId') ?? '';
      const page = parseWith(S.PageQuery, c.req.query(), 'query');
      const found = await foundOr404(
        deps.store.alertDeliveries.list(c.get('principal').companyId, webhookId, page),
        'webhook',
        webhookId,
      );
      return c.json(found);
    },
  );

  registry.add(
    {
      method: 'post',
      path: `${oneWebhook}/deliveries/{deliveryId}/replay`,
      summary:
        'Send a delivery again: a new attempt is queued now, with a fresh 24 h of retries (same webhook-id)',
      tag: 'alerts',
      roles: admin,
      response: S.Delivery,
      status: 202,
    },
    async (c) => {
      const principal = c.get('principal');
      const webhookId = c.req.param('webhookId') ?? '';
      const deliveryId = c.req.param('deliveryId') ?? '';
      const replayed = await foundOr404(
        deps.store.alertDeliveries.replay(
          principal.companyId,
          webhookId,
          deliveryId,
          deps.clock().toISOString(),
        ),
        'delivery',
        deliveryId,
      );
      await recordAudit(deps.store, principal, 'webhook.replay', `delivery:${deliveryId}`, {
        webhookId,
      });
      return c.json(replayed, 202);
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/v1/companies/{companyId}/alert-recipients',
      summary: 'Who is emailed which alerts',
      tag: 'alerts',
      roles: admin,
      response: S.RecipientList,
    },
    async (c) =>
      c.json({ items: await deps.store.alertRecipients.list(c.get('principal').companyId) }),
  );

  registry.add(
    {
      method: 'put',
      path: '/v1/companies/{companyId}/alert-recipients',
      summary:
        'Replace the list of alert email recipients (each address once); emails go through the outbox',
      tag: 'alerts',
      roles: admin,
      body: S.RecipientsBody,
      response: S.RecipientList,
    },
    async (c) => {
      const principal = c.get('principal');
      const body = await readBody(c, S.RecipientsBody);
      const items = await deps.store.alertRecipients.replace(principal.companyId, body.items);
      await recordAudit(deps.store, principal, 'alert-recipients.replace', 'alert-recipients', {
        count: items.length,
      });
      return c.json({ items });
    },
  );
}
