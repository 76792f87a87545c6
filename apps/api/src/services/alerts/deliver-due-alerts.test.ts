import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AlertTestStore, openAlertTestStore } from './alert-test-store.js';
import { deliverDueAlerts } from './deliver-due-alerts.js';
import { raiseAlert } from './raise-alert.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

// A receiver on 127.0.0.1 answering each request with the next status of `answers` (then 200).
let receiver: Server;
let url: string;
let received: Received[] = [];
let answers: number[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

let t: AlertTestStore;
afterEach(async () => {
  received = [];
  answers = [];
  await t?.close();
});

const HOUR = 60 * 60 * 1000;
// Jitter fixed at its midpoint: waits of 0.75 × 30 s, 60 s, 120 s, ...
const random = () => 0.5;

async function endpointAndAlert(events = ['sync.failed']) {
  const { endpoint, secret } = await t.store.webhooks.create('acme', { url, events });
  await raiseAlert(t.store, {
    companyId: 'acme',
    type: 'sync.failed',
    data: { runId: 'r1', error: 'the provider timed out' },
    words: { error: 'the provider timed out', startedAt: t.now().toISOString() },
  });
  return { endpoint, secret };
}

const pass = () => deliverDueAlerts({ store: t.store, now: t.now(), allowPrivate: true, random });

describe('deliverDueAlerts', () => {
  it('posts each due alert signed the Standard Webhooks way, verified by the reference library', async () => {
    t = await openAlertTestStore();
    const { endpoint, secret } = await endpointAndAlert();
    expect(await pass()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const [request] = received;
    const headers = {
      'webhook-id': String(request!.headers['webhook-id']),
      'webhook-timestamp': String(request!.headers['webhook-timestamp']),
      'webhook-signature': String(request!.headers['webhook-signature']),
    };
    const verified = new Webhook(secret).verify(request!.body, headers);
    expect(verified).toMatchObject({
      type: 'sync.failed',
      data: { companyId: 'acme', runId: 'r1', error: 'the provider timed out' },
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(request!.body, headers),
    ).toThrow();
    const [delivery] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
    expect(headers['webhook-id']).toBe(delivery!.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(await pass()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
  });

  it('retries a receiver answering 500 after a jittered, growing wait, and keeps the same webhook-id', async () => {
    t = await openAlertTestStore(new Date('2026-03-01T09:00:00.000Z'));
    const { endpoint } = await endpointAndAlert();
    answers = [500, 500];
    expect(await pass()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    let [delivery] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
    expect(delivery).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'the receiver answered 500',
      nextAttemptAt: '2026-03-01T09:00:22.500Z',
    });
    t.advance(20_000);
    expect(await pass()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    t.advance(2_500);
    expect(await pass()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    [delivery] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
    expect(delivery?.nextAttemptAt).toBe('2026-03-01T09:01:07.500Z');
    t.advance(45_000);
    expect(await pass()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    [delivery] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
      deliveredAt: '2026-03-01T09:01:07.500Z',
    });
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery!.id]));
    expect(received.map((r) => r.headers['webhook-timestamp'])).toEqual(
      ['2026-03-01T09:00:00.000Z', '2026-03-01T09:00:22.500Z', '2026-03-01T09:01:07.500Z'].map(
        (at) => String(Math.floor(Date.parse(at) / 1000)),
      ),
    );
  });

  it('gives up 24 hours after the first attempt, the last try at the end of the window', async () => {
    t = await openAlertTestStore(new Date('2026-03-01T09:00:00.000Z'));
    const { endpoint } = await endpointAndAlert();
    answers = Array.from({ length: 100 }, () => 503);
    let passes = 0;
    let outcome = await pass();
    while (outcome.failed === 0 && passes < 200) {
      const [delivery] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
      // Waits grow, never past an hour, and never past the end of the window.
      t.advance(Date.parse(delivery!.nextAttemptAt!) - t.now().getTime());
      outcome = await pass();
      passes += 1;
    }
    const [delivery] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
    expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null, lastStatusCode: 503 });
    expect(t.now().toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(delivery!.attempts).toBe(received.length);
    expect(received.length).toBeGreaterThan(20);
    expect(received.length).toBeLessThan(40);
    t.advance(HOUR);
    expect(await pass()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
  });

  it('a replayed failed delivery is sent again at once, with the same webhook-id', async () => {
    t = await openAlertTestStore(new Date('2026-03-01T09:00:00.000Z'));
    const { endpoint } = await endpointAndAlert();
    const [queued] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
    await t.store.alertDeliveries.recordAttempt(queued!.id, {
      at: t.now().toISOString(),
      delivered: false,
      statusCode: 500,
      error: 'the receiver answered 500',
      nextAttemptAt: null,
    });
    expect(await pass()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    t.advance(3 * 24 * HOUR);
    await t.store.alertDeliveries.replay('acme', endpoint.id, queued!.id, t.now().toISOString());
    expect(await pass()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([queued!.id]);
  });

  it('dates each signature when its request is sent, so slow receivers before it do not age it', async () => {
    t = await openAlertTestStore();
    await t.store.webhooks.create('acme', { url, events: ['sync.failed'] });
    await endpointAndAlert();
    const stamps: number[] = [];
    const outcome = await deliverDueAlerts({
      store: t.store,
      now: t.now(),
      allowPrivate: true,
      random,
      // Each receiver takes 2 s to answer.
      fetch: async (_input, init) => {
        stamps.push(Number(new Headers(init?.headers).get('webhook-timestamp')));
        await new Promise((resolve) => setTimeout(resolve, 2_100));
        return new Response('ok');
      },
    });
    expect(outcome).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    expect(stamps[0]).toBe(Math.floor(t.now().getTime() / 1000));
    expect((stamps[1] ?? 0) - (stamps[0] ?? 0)).toBeGreaterThanOrEqual(2);
  });

  it('refuses at delivery time a host that now resolves to a private address, and says why', async () => {
    t = await openAlertTestStore();
    const { endpoint } = await t.store.webhooks.create('acme', {
      url: 'https://hooks.acme.example/in',
      events: ['sync.failed'],
    });
    await raiseAlert(t.store, {
      companyId: 'acme',
      type: 'sync.failed',
      data: {},
      words: { error: 'x', startedAt: 'y' },
    });
    const calls: string[] = [];
    const outcome = await deliverDueAlerts({
      store: t.store,
      now: t.now(),
      allowPrivate: false,
      lookup: async () => [{ address: '127.0.0.1' }],
      fetch: async (input) => {
        calls.push(String(input));
        return new Response('ok');
      },
      random,
    });
    expect(outcome).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(calls).toEqual([]);
    const [delivery] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
    expect(delivery?.lastError).toContain('127.0.0.1');
    expect(delivery?.lastStatusCode).toBeNull();
  });

  it('keeps a network error as the last error, without the secret', async () => {
    t = await openAlertTestStore();
    const { endpoint, secret } = await endpointAndAlert();
    await deliverDueAlerts({
      store: t.store,
      now: t.now(),
      allowPrivate: true,
      random,
      fetch: async () => {
        throw new Error(`connect failed with ${secret} in the message`);
      },
    });
    const [delivery] = (await t.store.alertDeliveries.list('acme', endpoint.id)).items;
    expect(delivery?.lastError).toContain('connect failed');
    expect(delivery?.lastError).not.toContain(secret);
    expect(delivery?.lastError).not.toContain(secret.slice('whsec_'.length));
  });
});

describe('raiseAlert', () => {
  it('queues an email from the data file for each recipient listening, and a delivery per endpoint', async () => {
    t = await openAlertTestStore();
    await t.store.alertRecipients.replace('acme', [
      { email: 'ops@acme.example', events: ['sync.failed'] },
      { email: 'cfo@acme.example', events: ['banner.new'] },
    ]);
    await endpointAndAlert(['sync.failed']);
    await t.store.webhooks.create('acme', { url, events: ['banner.new'] });
    const emails = await t.store.outbox.list('acme');
    expect(emails.map((e) => [e.to, e.subject])).toEqual([
      ['ops@acme.example', 'Acme: the sync failed'],
    ]);
    expect(emails[0]?.text).toContain('the provider timed out');
    expect(await t.store.alertDeliveries.due(t.now().toISOString())).toHaveLength(1);
  });
});
