/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ReminderCandidate } from '../../services/remind/queue-reminders.js';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { screenText } from '../screen-text/screen-text.js';
import { When } from '../when/when.js';

/**
 * The members to remind, each with the reason, when they were last reminded, whether the next
 * click reminds them, and the email they would receive.
 * @example <ReminderView candidates={list} previews={emails} titles={titles} cooldownHours={24} canAct csrfToken="" />
 */
export function ReminderView(props: {
  candidates: ReminderCandidate[];
  previews: ReadonlyMap<string, { subject: string; text: string }>;
  titles: ReadonlyMap<string, string>;
  cooldownHours: number;
  canAct: boolean;
  csrfToken: string;
}) {
  const ready = props.candidates.filter((c) => !c.coolingDown).length;
  return (
    <>
      <p class="sub cooldown">{screenText('reminders-intro', { hours: props.cooldownHours })}</p>
      {props.candidates.length === 0 ? (
        <div class="empty">{screenText('reminders-none')}</div>
      ) : (
        <>
          {props.canAct ? (
            <form method="post" action="/team/reminders">
              <CsrfField token={props.csrfToken} />
              <button class="btn" type="submit" disabled={ready === 0}>
                {screenText('send-reminders', { count: ready })}
              </button>
            </form>
          ) : null}
          <table class="cards reminders">
            <thead>
              <tr>
                <th>{screenText('col-member')}</th>
                <th>{screenText('col-why')}</th>
                <th>{screenText('col-last-reminded')}</th>
                <th>{screenText('col-next-click')}</th>
                <th>{screenText('col-email')}</th>
              </tr>
            </thead>
            <tbody>
              {props.candidates.map((c) => {
                const email = props.previews.get(c.member.id);
                return (
                  <tr data-member={c.member.id} data-cooling={String(c.coolingDown)}>
                    <td data-label={screenText('col-member')}>
                      <a href={`/team/members/${encodeURIComponent(c.member.id)}`}>
                        {c.member.name ?? c.member.email}
                      </a>
                    </td>
                    <td data-label={screenText('col-why')}>
                      {props.titles.get(c.reason) ?? c.reason}
                    </td>
                    <td data-label={screenText('col-last-reminded')} class="last-reminded">
                      {c.lastRemindedAt ? (
                        <When iso={c.lastRemindedAt} />
                      ) : (
                        screenText('reminders-never')
                      )}
                    </td>
                    <td data-label={screenText('col-next-click')}>
                      {c.coolingDown
                        ? screenText('reminders-cooling', { hours: props.cooldownHours })
                        : screenText('reminders-ready')}
                    </td>
                    <td data-label={screenText('col-email')}>
                      {email ? (
                        <details class="preview">
                          <summary>
                            {screenText('reminders-preview', {
                              name: c.member.name ?? c.member.email,
                            })}
                          </summary>
                          <p>
                            <b>{screenText('email-to')}</b> {c.member.email}
                            <br />
                            <b>{screenText('email-subject')}</b>{' '}
                            <span class="subject">{email.subject}</span>
                          </p>
                          <pre class="email">{email.text}</pre>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
