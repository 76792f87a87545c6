/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { StoredAcknowledgement } from '@capture-doctor/store';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { screenText } from '../screen-text/screen-text.js';
import { When } from '../when/when.js';

/** Where an acknowledgement stands at a moment. */
export type AcknowledgementState = 'active' | 'expired' | 'revoked';

/**
 * Whether an acknowledgement still holds a finding back at `now`.
 * @example acknowledgementState(ack, new Date()) // "active"
 */
export function acknowledgementState(ack: StoredAcknowledgement, now: Date): AcknowledgementState {
  if (ack.revokedAt !== null) return 'revoked';
  return Date.parse(ack.expiresAt) <= now.getTime() ? 'expired' : 'active';
}

/**
 * Every acknowledgement of the company, newest first, with revoke on the active ones (admins).
 * @example <AcknowledgementListView acknowledgements={list} titles={titles} now={new Date()} canAct csrfToken="" />
 */
export function AcknowledgementListView(props: {
  acknowledgements: StoredAcknowledgement[];
  /** each rule's title, by id */
  titles: ReadonlyMap<string, string>;
  now: Date;
  canAct: boolean;
  csrfToken: string;
}) {
  const list = [...props.acknowledgements].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <>
      <p class="sub">{screenText('ack-intro')}</p>
      {list.length === 0 ? (
        <div class="empty">{screenText('ack-none')}</div>
      ) : (
        <table class="cards acknowledgements">
          <thead>
            <tr>
              <th>{screenText('col-member')}</th>
              <th>{screenText('col-finding')}</th>
              <th>{screenText('col-reason')}</th>
              <th>{screenText('col-by')}</th>
              <th>{screenText('col-until')}</th>
              <th>{screenText('col-state')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((ack) => {
              const state = acknowledgementState(ack, props.now);
              return (
                <tr data-acknowledgement={ack.id} data-state={state}>
                  <td data-label={screenText('col-member')}>
                    <a href={`/team/members/${encodeURIComponent(ack.memberId)}`}>{ack.memberId}</a>
                  </td>
                  <td data-label={screenText('col-finding')}>
                    {props.titles.get(ack.ruleId) ?? ack.ruleId}
                  </td>
                  <td data-label={screenText('col-reason')}>{ack.reason}</td>
                  <td data-label={screenText('col-by')}>{ack.createdBy}</td>
                  <td data-label={screenText('col-until')}>
                    <When iso={ack.expiresAt} />
                  </td>
                  <td data-label={screenText('col-state')}>
                    {state}
                    {state === 'active' && props.canAct ? (
                      <form
                        method="post"
                        action={`/team/acknowledgements/${encodeURIComponent(ack.id)}/revoke`}
                      >
                        <CsrfField token={props.csrfToken} />
                        <button class="btn secondary" type="submit">
                          {screenText('ack-revoke')}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

/**
 * The form under a member's finding that acknowledges it: a reason and a date.
 * @example <AcknowledgeForm memberId="m13" ruleId="calendar-not-available" defaultUntil="2026-12-30" csrfToken="" />
 */
export function AcknowledgeForm(props: {
  memberId: string;
  ruleId: string;
  /** the date the form offers, YYYY-MM-DD */
  defaultUntil: string;
  csrfToken: string;
}) {
  const id = `ack-${props.ruleId}`;
  return (
    <details class="acknowledge">
      <summary>{screenText('ack-summary')}</summary>
      <form
        class="stack"
        method="post"
        action={`/team/members/${encodeURIComponent(props.memberId)}/acknowledgements`}
      >
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="ruleId" value={props.ruleId} />
        <p class="sub">{screenText('ack-form-help')}</p>
        <label for={`${id}-reason`}>
          {screenText('ack-reason')}
          <input id={`${id}-reason`} name="reason" required maxlength={500} />
        </label>
        <label for={`${id}-until`}>
          {screenText('ack-until')}
          <input id={`${id}-until`} name="until" type="date" required value={props.defaultUntil} />
        </label>
        <span>
          <button class="btn" type="submit">
            {screenText('ack-submit')}
          </button>
        </span>
      </form>
    </details>
  );
}
