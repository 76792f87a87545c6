import type { CaptureRuleSet, Evaluator } from '@capture-doctor/engine';
import type { Store } from '@capture-doctor/store';
import type { SyncManager } from '@capture-doctor/sync';
import type { LatestCache } from '../latest-cache/latest-cache.js';
import type { Mailer } from '../mailer/mailer.js';
import type { ConsentLinkSettings } from '../services/consent-notice/queue-notices.js';

/** Everything the routes and services use, built once by startServer. */
export interface AppDeps {
  store: Store;
  /** the capture rules and their catalog (colours, icons, providers) */
  rules: CaptureRuleSet;
  evaluator: Evaluator;
  /** null: reminders stay in the outbox */
  mailer: Mailer | null;
  cache: LatestCache;
  /** runs provider syncs in the background, one at a time per company */
  syncs: SyncManager;
  log: (line: string) => void;
  clock: () => Date;
  /** where the built docs site lives, served under /docs when present */
  docsDir: string | null;
  /** where participants' consent links point, and how long after its meeting a link works */
  consentLinks: ConsentLinkSettings;
}
