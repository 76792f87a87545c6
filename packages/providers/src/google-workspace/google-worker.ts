// A worker thread of the Google adapter: probes the members it is given and reports back.
import { parentPort, workerData } from 'node:worker_threads';
import { type GoogleWorkerInput, probeGoogleMembers } from './google-reads.js';

const controller = new AbortController();
parentPort?.on('message', (message: { type?: unknown }) => {
  if (message.type === 'abort') controller.abort();
});
await probeGoogleMembers(
  workerData as GoogleWorkerInput,
  (message) => parentPort?.postMessage(message),
  controller.signal,
);
parentPort?.close();
