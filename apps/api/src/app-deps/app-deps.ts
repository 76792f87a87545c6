import type { SyncManager } from '@capture-doctor/sync';
import type { ConnectionPort } from '../connection-port/connection-port.js';
import type { ConsentPort } from '../consent-port/consent-port.js';
import type { EnginePort } from '../engine-port/engine-port.js';
import type { LatestCache } from '../latest-cache/latest-cache.js';
import type { Mailer } from '../mailer/mailer.js';
import type { ApiStore } from '../store-port/store-port.js';

/** Everything the routes use, built once by createApp. */
export interface AppDeps {
  store: ApiStore;
  engine: EnginePort;
  connection: ConnectionPort;
  consent: ConsentPort;
  /** null: reminders stay in the outbox */
  mailer: Mailer | null;
  cache: LatestCache;
  /** runs provider syncs in the background, one at a time per company */
  syncs: SyncManager;
  log: (line: string) => void;
  clock: () => Date;
  /** where the built docs site lives, served under /docs when present */
  docsDir: string | null;
}
