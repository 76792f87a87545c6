// A worker thread of the Google adapter: probes the members it is given and reports back.
import { parentPort, workerData } from 'node:worker_threads';
import type { ProviderRead } from '../provider-facts/provider-facts.js';
import { type GoogleWorkerInput, probeGoogleMembers } from './google-reads.js';

const controller = new AbortController();
// Started reads waiting for the parent to say they are kept (only then are they sent).
const waiting = new Map<number, () => void>();
let nextAck = 0;
parentPort?.on('message', (message: { type?: unknown; ack?: unknown }) => {
  if (message.type === 'abort') controller.abort();
  if (message.type === 'kept' && typeof message.ack === 'number') {
    waiting.get(message.ack)?.();
    waiting.delete(message.ack);
  }
});
const keep = (read: ProviderRead) =>
  new Promise<void>((resolve) => {
    const ack = nextAck++;
    waiting.set(ack, resolve);
    parentPort?.postMessage({ type: 'read', read, ack });
  });
await probeGoogleMembers(
  workerData as GoogleWorkerInput,
  (message) => parentPort?.postMessage(message),
  controller.signal,
  keep,
);
parentPort?.close();
