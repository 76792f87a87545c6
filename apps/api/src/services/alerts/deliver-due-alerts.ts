import { redactSecrets } from '@capture-doctor/providers';
import type { DueDelivery, Store } from '@capture-doctor/store';
import { Webhook } from 'standardwebhooks';
import { type HostLookup, webhookUrlRefusal } from './webhook-url.js';

const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Options of {@link deliverDueAlerts}. */
export interface DeliverDueAlertsOptions {
  store: Pick<Store, 'alertDeliveries' | 'webhooks'>;
  /** the moment this pass starts: what is due, the next attempt; each signature is dated this plus the time the pass has taken */
  now: Date;
  /** default the global fetch */
  fetch?: typeof fetch;
  /** 0 ≤ x < 1, for the backoff's jitter; default Math.random */
  random?: () => number;
  /** default CAPTURE_DOCTOR_ALLOW_PRIVATE_WEBHOOKS=1 */
  allowPrivate?: boolean;
  lookup?: HostLookup;
  /** how long a receiver may take to answer; default 10 s */
  timeoutMs?: number;
  /** deliveries tried in this pass at most; default 50 */
  limit?: number;
}

/** What a pass did. */
export interface DeliveryPass {
  delivered: number;
  /** failed this time, tried again later */
  retrying: number;
  /** failed for good: still failing 24 h after the first attempt */
  failed: number;
}

/**
 * Sends every webhook delivery that is due, signed the Standard Webhooks way (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature` over the stored body with the endpoint's secret).
 * A 2xx answer delivers it; anything else is tried again after an exponential, jittered wait
 * until 24 h after the first attempt, when it is marked failed. The URL is checked again before
 * each attempt, since its DNS answer may now be a private address.
 * @example await deliverDueAlerts({ store, now: new Date() }) // { delivered: 2, retrying: 0, failed: 0 }
 */
export async function deliverDueAlerts(options: DeliverDueAlertsOptions): Promise<DeliveryPass> {
  const pass: DeliveryPass = { delivered: 0, retrying: 0, failed: 0 };
  const now = options.now.toISOString();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const due = await options.store.alertDeliveries.due(now, options.limit ?? 50);
  // Receivers refuse a signature whose timestamp is minutes old, and a pass of slow receivers
  // can last that long: each attempt is signed with the moment it is sent, not the pass's.
  const passStarted = performance.now();
  const sentAt = () => new Date(options.now.getTime() + (performance.now() - passStarted));
  for (const delivery of due) {
    // The lease outlives the attempt: a sender killed mid-attempt leaves it due again after.
    const lease = new Date(options.now.getTime() + timeoutMs + 60_000).toISOString();
    if (!(await options.store.alertDeliveries.claim(delivery, lease))) continue;
    const answer = await attempt(delivery, options, sentAt, timeoutMs);
    const next = answer.delivered ? null : nextAttempt(delivery, options);
    await options.store.alertDeliveries.recordAttempt(delivery.id, {
      at: now,
      ...answer,
      nextAttemptAt: next,
    });
    if (answer.delivered) pass.delivered += 1;
    else if (next === null) pass.failed += 1;
    else pass.retrying += 1;
  }
  return pass;
}

interface Answer {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

async function attempt(
  delivery: DueDelivery,
  options: DeliverDueAlertsOptions,
  sentAt: () => Date,
  timeoutMs: number,
): Promise<Answer> {
  const refusal = await webhookUrlRefusal(delivery.url, {
    ...(options.allowPrivate === undefined ? {} : { allowPrivate: options.allowPrivate }),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  if (refusal !== null) return { delivered: false, statusCode: null, error: refusal };
  const secret = await options.store.webhooks.revealSecret(delivery.endpointId);
  const at = sentAt();
  const signature = new Webhook(secret).sign(delivery.id, at, delivery.payload);
  try {
    const response = await (options.fetch ?? fetch)(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'capture-doctor-webhooks',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: delivery.payload,
      // A redirect could lead to a private address the check above never saw.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) {
      return { delivered: true, statusCode: response.status, error: null };
    }
    return {
      delivered: false,
      statusCode: response.status,
      error: `the receiver answered ${response.status}`,
    };
  } catch (error) {
    return { delivered: false, statusCode: null, error: redactSecrets(describe(error), [secret]) };
  }
}

// Exponential from 30 s, at most an hour apart, jittered so that many deliveries failing
// together do not come back together; never past the 24 h window, whose end is the last try.
function nextAttempt(delivery: DueDelivery, options: DeliverDueAlertsOptions): string | null {
  const now = options.now.getTime();
  const first = delivery.firstAttemptAt === null ? now : Date.parse(delivery.firstAttemptAt);
  const giveUpAt = first + RETRY_WINDOW_MS;
  if (now >= giveUpAt) return null;
  const exponential = Math.min(FIRST_RETRY_MS * 2 ** delivery.attempts, LONGEST_RETRY_MS);
  const jittered = exponential * (0.5 + (options.random ?? Math.random)() / 2);
  return new Date(Math.min(now + jittered, giveUpAt)).toISOString();
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'the request failed';
  if (error.name === 'TimeoutError') return 'the receiver did not answer in time';
  const cause = error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : null;
  return code === null ? error.message : `${error.message} (${code})`;
}
