// @internal: a part of the API's own wiring, not used outside apps/api.
import {
  AlertRecipient,
  NewWebhookEndpoint,
  PageQuery,
  WebhookEndpointChange,
} from '@capture-doctor/store';
import { z } from 'zod';
import { AlertEventType, describeAlertEvents } from './alert-events.js';

/** Request and response bodies of the alert routes; the OpenAPI document is generated from these. */

const Events = z
  .array(AlertEventType)
  .min(1)
  .max(50)
  .describe(`the alerts to receive:\n${describeAlertEvents()}`);

export const WebhookBody = NewWebhookEndpoint.extend({
  url: NewWebhookEndpoint.shape.url.describe(
    'where alerts are POSTed; a private, loopback or link-local address is refused unless the operator allows it',
  ),
  events: Events,
  description: z.string().trim().max(500).optional().describe('a note for people'),
});

export const WebhookChangeBody = WebhookEndpointChange.extend({ events: Events.optional() });

export const Webhook = z.object({
  id: z.string(),
  companyId: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const WebhookCreated = Webhook.extend({
  secret: z
    .string()
    .describe(
      'the signing secret (Standard Webhooks, whsec_<base64>), shown in this answer only: keep it now',
    ),
});

export const WebhookList = z.object({ items: z.array(Webhook), nextCursor: z.string().optional() });

export const Delivery = z.object({
  id: z.string().describe('also the webhook-id header of every attempt'),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable().describe('why the last attempt failed, secrets removed'),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});

export const DeliveryList = z.object({
  items: z.array(Delivery),
  nextCursor: z.string().optional(),
});

export const RecipientsBody = z.strictObject({
  items: z
    .array(AlertRecipient.extend({ events: Events }))
    .max(200)
    .describe('the whole list: it replaces the one before'),
});

export const RecipientList = z.object({
  items: z.array(z.object({ email: z.string(), events: z.array(z.string()) })),
});

export { PageQuery };
