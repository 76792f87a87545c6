import { createHash } from 'node:crypto';
import type { Store, SyncSchedule, SyncScheduleSetting } from '@capture-doctor/store';
import { CronExpressionParser } from 'cron-parser';

/** The schedule of a company that has not set one: every 6 hours, UTC. */
export const DEFAULT_SYNC_SCHEDULE: SyncScheduleSetting = {
  cron: '0 */6 * * *',
  timezone: 'UTC',
  enabled: true,
};

/** The longest a company's scheduled sync waits after its cron moment. */
export const MAX_JITTER_MS = 10 * 60_000;

/**
 * Why a cron expression cannot be a schedule, or null when it can: five fields (minute, hour,
 * day of month, month, day of week), as cron-parser reads them.
 * @example cronProblem('0 *\/6 * * *') // null
 */
export function cronProblem(cron: string): string | null {
  // Six fields would add seconds: a schedule that could start a sync every second.
  if (cron.trim().split(/\s+/).length !== 5) {
    return 'expected five fields: minute hour day-of-month month day-of-week, e.g. "0 */6 * * *"';
  }
  try {
    CronExpressionParser.parse(cron);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'not a cron expression';
  }
}

/**
 * True for an IANA time zone name the runtime knows.
 * @example isTimeZone('Europe/Paris') // true
 */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * How long after each cron moment the company's sync starts: the same for a company every time
 * (a hash of its id), at most MAX_JITTER_MS and less than half the time between two moments, so
 * that many companies on one schedule do not start together.
 * @example jitterMs('acme', '0 *\/6 * * *') // e.g. 312_417
 */
export function jitterMs(
  companyId: string,
  setting: Pick<SyncScheduleSetting, 'cron' | 'timezone'>,
): number {
  const moments = CronExpressionParser.parse(setting.cron, { tz: setting.timezone });
  const first = moments.next().getTime();
  const gap = moments.next().getTime() - first;
  const bound = Math.min(MAX_JITTER_MS, Math.floor(gap / 2));
  if (bound <= 0) return 0;
  return createHash('sha256').update(companyId).digest().readUInt32BE(0) % bound;
}

/**
 * The latest moment at or before `now` at which the company's sync was due (its cron moment plus
 * its jitter), given as the cron moment itself; the scheduler claims it once.
 * @example dueMoment('acme', DEFAULT_SYNC_SCHEDULE, new Date()) // 2026-03-01T06:00:00.000Z
 */
export function dueMoment(companyId: string, setting: SyncScheduleSetting, now: Date): Date {
  const jitter = jitterMs(companyId, setting);
  const moments = CronExpressionParser.parse(setting.cron, {
    currentDate: new Date(now.getTime() - jitter + 1),
    tz: setting.timezone,
  });
  return moments.prev().toDate();
}

/**
 * When the company's next scheduled sync starts (cron moment plus jitter).
 * @example nextRunAt('acme', DEFAULT_SYNC_SCHEDULE, new Date())
 */
export function nextRunAt(companyId: string, setting: SyncScheduleSetting, now: Date): Date {
  const jitter = jitterMs(companyId, setting);
  const moments = CronExpressionParser.parse(setting.cron, {
    currentDate: new Date(now.getTime() - jitter),
    tz: setting.timezone,
  });
  return new Date(moments.next().getTime() + jitter);
}

/** A schedule as the API shows it. */
export interface SyncScheduleView extends SyncScheduleSetting {
  /** when the next scheduled sync starts; null while the schedule is off */
  nextRunAt: string | null;
}

/**
 * The company's schedule, its own or the default.
 * @example await syncScheduleOf(store, 'acme', new Date()) // { cron: '0 *\/6 * * *', ... }
 */
export async function syncScheduleOf(
  store: Pick<Store, 'syncSchedules'>,
  companyId: string,
  now: Date,
): Promise<SyncScheduleView> {
  const stored = await store.syncSchedules.get(companyId);
  return viewOf(companyId, stored ?? DEFAULT_SYNC_SCHEDULE, now);
}

/**
 * Sets the company's schedule (the caller has checked it).
 * @example await saveSyncSchedule(store, 'acme', { cron: '0 3 * * *', timezone: 'UTC', enabled: true }, new Date())
 */
export async function saveSyncSchedule(
  store: Pick<Store, 'syncSchedules'>,
  companyId: string,
  setting: SyncScheduleSetting,
  now: Date,
): Promise<SyncScheduleView> {
  const saved: SyncSchedule = await store.syncSchedules.save(companyId, setting);
  return viewOf(companyId, saved, now);
}

function viewOf(companyId: string, setting: SyncScheduleSetting, now: Date): SyncScheduleView {
  const { cron, timezone, enabled } = setting;
  const next = enabled ? nextRunAt(companyId, setting, now).toISOString() : null;
  return { cron, timezone, enabled, nextRunAt: next };
}
