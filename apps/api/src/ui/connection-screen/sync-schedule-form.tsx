/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SyncScheduleView } from '../../services/sync-schedule/sync-schedule.js';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { screenText } from '../screen-text/screen-text.js';

/**
 * The company's sync schedule on the connection screen: when syncs start on their own, and for
 * admins a form to change it (the same service as PUT /v1/companies/{companyId}/sync-schedule).
 * @example <SyncScheduleForm schedule={view} canAct csrfToken="" />
 */
export function SyncScheduleForm(props: {
  schedule: SyncScheduleView;
  canAct: boolean;
  csrfToken: string;
}) {
  const { schedule } = props;
  return (
    <>
      <h2>{screenText('schedule-title')}</h2>
      <section class="card" data-change="sync-schedule">
        <p class="sub">{screenText('schedule-intro')}</p>
        <p class="schedule-next">
          {schedule.nextRunAt === null
            ? screenText('schedule-off')
            : screenText('schedule-next', { at: schedule.nextRunAt })}
        </p>
        {props.canAct ? (
          <form class="form-grid" method="post" action="/team/connection/sync-schedule">
            <CsrfField token={props.csrfToken} />
            <label for="schedule-cron">
              {screenText('schedule-cron')}
              <input id="schedule-cron" name="cron" value={schedule.cron} required />
            </label>
            <label for="schedule-timezone">
              {screenText('schedule-timezone')}
              <input id="schedule-timezone" name="timezone" value={schedule.timezone} required />
            </label>
            <label for="schedule-enabled">
              <input
                id="schedule-enabled"
                name="enabled"
                type="checkbox"
                value="on"
                checked={schedule.enabled}
              />
              {screenText('schedule-enabled')}
            </label>
            <span>
              <button class="btn" type="submit">
                {screenText('schedule-save')}
              </button>
            </span>
          </form>
        ) : (
          <p>
            <code>{schedule.cron}</code> ({schedule.timezone})
          </p>
        )}
      </section>
    </>
  );
}
