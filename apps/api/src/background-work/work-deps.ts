import { CaptureSnapshot } from '@capture-doctor/domain';
import type { Evaluator } from '@capture-doctor/engine';
import type { Store } from '@capture-doctor/store';
import { createSyncManager, type SyncManager, type SyncStatus } from '@capture-doctor/sync';
import { createMailer, DEFAULT_FROM, type Mailer, type SmtpConfig } from '../mailer/mailer.js';
import { alertsAfterSync } from '../services/alerts/alerts-after-sync.js';
import { recordNoticeSent } from '../services/consent-notice/notice-sent.js';
import type { ConsentLinkSettings } from '../services/consent-notice/queue-notices.js';
import { acknowledgementsInForce } from '../services/evaluate/acknowledgements-in-force.js';
import {
  type CalendarJoin,
  joinCalendarMeetings,
} from '../services/meetings/join-calendar-meetings.js';
import { lockedSyncs } from '../services/sync/locked-syncs.js';

/**
 * The sync manager `serve` and `worker` run syncs with: a synced snapshot is evaluated with the
 * given rules and the company's acknowledgements in force, and each sync holds its company's
 * lock across processes. When a sync ends its alerts are raised, and the calendars' meetings it
 * stored join the consent flow. A cancel asked through any process on the database stops the
 * company's sync here when it runs here.
 * @example const syncs = createSyncs({ store, evaluator, clock, log, consentLinks });
 */
export function createSyncs(input: {
  store: Store;
  evaluator: Evaluator;
  clock: () => Date;
  log: (line: string) => void;
  /** where the notices of calendar meetings that join the consent flow link to */
  consentLinks: ConsentLinkSettings;
  onFinished?: (status: SyncStatus) => void;
}): SyncManager {
  const { store, clock, log } = input;
  // One sync's alerts at a time, awaited on close so none is cut off mid-way.
  let alertsRaised: Promise<unknown> = Promise.resolve();
  const evaluator: Evaluator = {
    evaluate: (raw, opts) => evaluator.evaluateSnapshot(CaptureSnapshot.parse(raw), opts),
    evaluateSnapshot: (snapshot, opts) =>
      input.evaluator.evaluateSnapshot(snapshot, { asOf: clock().toISOString(), ...opts }),
  };
  const syncs = createSyncManager({
    store,
    evaluator,
    acknowledgementsFor: (companyId) => acknowledgementsInForce(store, companyId),
    clock,
    // The sync has already cleared these lines of the credentials' secrets.
    log: (line) =>
      log(
        `sync ${line.level}: ${line.event}${line.memberId === undefined ? '' : ` member ${line.memberId}`}${line.detail === undefined ? '' : `: ${line.detail}`}`,
      ),
    // Alerts: turned red, new banner, failed, meetings that will not record.
    onFinished: (status) => {
      input.onFinished?.(status);
      alertsRaised = alertsRaised
        .then(() => alertsAfterSync(store, status))
        .catch((error: unknown) =>
          log(
            `alerts: raising a sync's alerts failed (${error instanceof Error ? error.name : 'error'})`,
          ),
        );
    },
    onMeetingsStored: joinMeetingsAfterSync(store, clock, input.consentLinks),
  });
  const locked = lockedSyncs(store, syncs);
  // A cancel asked through another process reaches the sync here (see cancelSync); only the run
  // it names, since a late notice may come when the company's next sync already runs here.
  const unsubscribe = store.changes.subscribe((change) => {
    if (change.topic === 'sync_cancel') locked.cancel(change.companyId, change.runId);
  });
  return {
    ...locked,
    async close() {
      unsubscribe();
      await locked.close();
      await alertsRaised;
    },
  };
}

/**
 * What follows a sync that stored the calendars' meetings, the same in `serve`, `worker` and
 * the CLI's `sync`: the meetings join the consent flow (new ones start, moved or cancelled ones
 * follow, as their consent machines decide).
 * @example await runSync({ store, companyId, onMeetingsStored: joinMeetingsAfterSync(store, clock, links) })
 */
export function joinMeetingsAfterSync(
  store: Store,
  clock: () => Date,
  links: ConsentLinkSettings,
): (companyId: string) => Promise<CalendarJoin> {
  return (companyId) =>
    joinCalendarMeetings(store, companyId, { now: clock().toISOString(), links });
}

/**
 * The mailer due emails go out through: SMTP when configured, else a mail drop folder when
 * given, else none. A participant's notice handed over is evidence and tells its meeting's
 * consent machine.
 * @example const mailer = createOutboxMailer(store, smtpConfigFromEnv(process.env), './data/mail');
 */
export function createOutboxMailer(
  store: Store,
  smtp: SmtpConfig | null,
  mailDir: string | undefined,
): Mailer | null {
  const target =
    smtp ??
    (mailDir ? { dir: mailDir, from: process.env.CAPTURE_DOCTOR_MAIL_FROM ?? DEFAULT_FROM } : null);
  return target
    ? createMailer(target, { onSent: (email) => recordNoticeSent(store, email) })
    : null;
}
