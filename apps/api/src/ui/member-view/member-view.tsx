/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { IconName, type MemberReport, type Provider } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';
import { docsUrl } from '../../docs-url/docs-url.js';
import type { MemberHistoryEntry, ProviderErrors } from '../../services/evaluate/member-history.js';
import { AcknowledgeForm } from '../acknowledgement-screen/acknowledgement-list-view.js';
import { ColorPill, StatusIcon } from '../icons/icons.js';
import { screenText } from '../screen-text/screen-text.js';
import { FixLink } from '../team-view/team-view.js';
import { When } from '../when/when.js';

/**
 * One member's page: icons, findings with their reasons, the raw provider errors (support only)
 * and the colour history.
 * @example <MemberView member={member} catalog={catalog} history={history} rawError={undefined} />
 */
export function MemberView(props: {
  member: MemberReport;
  catalog: Catalog;
  /** the company's provider: the docs links open at its steps */
  provider?: Provider | null;
  history: MemberHistoryEntry[];
  /** The support role's raw provider errors; undefined for other roles. */
  rawError: ProviderErrors | undefined;
  /** the screen where each rule's fix is made, by rule id */
  fixLinks?: ReadonlyMap<string, string>;
  /** admins acknowledge findings from here */
  canAct?: boolean;
  csrfToken?: string;
  /** the date the acknowledge form offers, YYYY-MM-DD */
  defaultUntil?: string;
  notice?: string | null;
}) {
  const { member, catalog } = props;
  return (
    <>
      <p>
        <a href="/team">{screenText('back-to-team')}</a>
      </p>
      <h1>{member.name ?? member.email}</h1>
      <p class="sub">
        {member.email} ·{' '}
        <a href={`/meetings?member=${encodeURIComponent(member.id)}`}>
          {screenText('member-meetings')}
        </a>
      </p>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <div class="iconrow">
        {IconName.options.map((icon) => (
          <div class="item">
            <StatusIcon icon={icon} color={member.icons[icon]} catalog={catalog} withLabel />
            <b>{catalog.icons[icon].label}</b>
            <small>{catalog.colors[member.icons[icon]].meaning}</small>
          </div>
        ))}
      </div>
      <h2>{screenText('member-findings')}</h2>
      {member.findings.length === 0 ? (
        <div class="empty">{screenText('member-no-findings')}</div>
      ) : null}
      {member.findings.map((f) => (
        <section class="card" data-rule={f.ruleId}>
          <h3>
            <ColorPill color={f.color} catalog={catalog} />
            {f.title}
          </h3>
          <p>{f.message}</p>
          <p>
            <b>{screenText('fix-label')}</b>
            {f.fix} <FixLink href={props.fixLinks?.get(f.ruleId)} />
          </p>
          {f.acknowledgement ? (
            <p class="notice">
              {screenText('ack-accepted', { by: f.acknowledgement.by })}
              <When iso={f.acknowledgement.expiresAt} />: {f.acknowledgement.reason}
            </p>
          ) : props.canAct ? (
            <AcknowledgeForm
              memberId={member.id}
              ruleId={f.ruleId}
              defaultUntil={props.defaultUntil ?? ''}
              csrfToken={props.csrfToken ?? ''}
            />
          ) : null}
          <p>
            {screenText('member-icons', {
              icons: f.icons.map((i) => catalog.icons[i].label).join(', '),
            })}
            <a href={docsUrl(f.ruleId, props.provider)}>{screenText('docs-guide')}</a>
          </p>
          {/* a region a keyboard can scroll: the facts may be wider than a phone */}
          <section
            class="scroll"
            tabindex={0}
            aria-label={screenText('because-region', { title: f.title })}
          >
            <table class="because">
              <thead>
                <tr>
                  <th>{screenText('col-because-fact')}</th>
                  <th>{screenText('col-because-test')}</th>
                  <th>{screenText('col-because-expected')}</th>
                  <th>{screenText('col-because-seen')}</th>
                </tr>
              </thead>
              <tbody>
                {f.because.map((b) => (
                  <tr>
                    <td>
                      <code>{b.fact}</code>
                    </td>
                    <td>{b.operator}</td>
                    <td>
                      <code>{JSON.stringify(b.expected)}</code>
                    </td>
                    <td>
                      <code>{JSON.stringify(b.actual)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </section>
      ))}
      {props.rawError !== undefined ? (
        <>
          <h2>{screenText('raw-error')}</h2>
          <pre class="raw">
            {recorded(props.rawError)
              ? JSON.stringify(props.rawError, null, 2)
              : screenText('raw-error-none')}
          </pre>
        </>
      ) : null}
      <h2>{screenText('colour-history')}</h2>
      <table class="cards">
        <thead>
          <tr>
            <th>{screenText('col-snapshot-taken')}</th>
            <th>{screenText('col-evaluated')}</th>
            {IconName.options.map((icon) => (
              <th>{catalog.icons[icon].label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.history.map((h) => (
            <tr>
              <td data-label={screenText('col-snapshot-taken')}>
                <When iso={h.takenAt} />
              </td>
              <td data-label={screenText('col-evaluated')}>
                <When iso={h.createdAt} seconds />
              </td>
              {IconName.options.map((icon) => (
                <td class="icons" data-label={catalog.icons[icon].label}>
                  {h.icons ? (
                    <StatusIcon icon={icon} color={h.icons[icon]} catalog={catalog} withLabel />
                  ) : (
                    '—'
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Whether the last check recorded any provider error for the member. */
function recorded(errors: ProviderErrors): boolean {
  return Object.values(errors).some((error) => error !== null);
}
