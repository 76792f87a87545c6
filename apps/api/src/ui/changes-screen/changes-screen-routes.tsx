/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Catalog } from '@capture-doctor/engine';
import type { Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { docsUrl } from '../../docs-url/docs-url.js';
import { signedIn } from '../../middleware/signed-in/index.js';
import { type LatestChanges, latestChanges } from '../../services/evaluate/latest-changes.js';
import { StatusIcon } from '../icons/icons.js';
import { signedInScreen } from '../screen-response/screen-response.js';
import { screenText } from '../screen-text/screen-text.js';
import { When } from '../when/when.js';

/**
 * The "what changed" screen: who changed colour on which icon between the last two
 * evaluations, and the findings behind the new colour.
 * @example changesScreenRoutes(app, deps) // GET /team/changes
 */
export function changesScreenRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  app.get('/team/changes', signedIn({ store: deps.store }), async (c) => {
    const principal = c.get('principal');
    const changes = await latestChanges(deps, principal.companyId);
    return signedInScreen(
      c,
      deps,
      { title: 'What changed', active: 'changes' },
      <>
        <p class="sub">{screenText('changes-intro')}</p>
        {changes ? (
          <ChangesView changes={changes} catalog={deps.rules.catalog} />
        ) : (
          <div class="empty">{screenText('changes-not-enough')}</div>
        )}
      </>,
    );
  });
}

function ChangesView(props: { changes: LatestChanges; catalog: Catalog }) {
  const { diff, from, to } = props.changes;
  const { catalog } = props;
  const names = new Map(to.report.members.map((m) => [m.id, m.name ?? m.email]));
  return (
    <>
      <p class="changes-summary">
        {screenText('changes-summary', { count: diff.changes.length })} (
        <When iso={from.createdAt} /> → <When iso={to.createdAt} />)
      </p>
      {diff.changes.length === 0 ? (
        <div class="empty">{screenText('changes-none')}</div>
      ) : (
        <table class="cards changes">
          <thead>
            <tr>
              <th>{screenText('col-member')}</th>
              <th>{screenText('col-icon')}</th>
              <th>{screenText('col-before')}</th>
              <th>{screenText('col-now')}</th>
              <th>{screenText('col-why')}</th>
            </tr>
          </thead>
          <tbody>
            {diff.changes.map((change) => (
              <tr data-member={change.memberId} data-icon={change.icon}>
                <td data-label={screenText('col-member')}>
                  <a href={`/team/members/${encodeURIComponent(change.memberId)}`}>
                    {names.get(change.memberId) ?? change.email}
                  </a>
                </td>
                <td data-label={screenText('col-icon')}>{catalog.icons[change.icon].label}</td>
                <td data-label={screenText('col-before')}>
                  {change.from === 'absent' ? (
                    '—'
                  ) : (
                    <StatusIcon
                      icon={change.icon}
                      color={change.from}
                      catalog={catalog}
                      withLabel
                    />
                  )}
                </td>
                <td data-label={screenText('col-now')}>
                  {change.to === 'absent' ? (
                    '—'
                  ) : (
                    <StatusIcon icon={change.icon} color={change.to} catalog={catalog} withLabel />
                  )}
                </td>
                <td data-label={screenText('col-why')}>
                  <ul class="findings">
                    {change.because.map((b) => (
                      <li>
                        <a href={docsUrl(b.ruleId)}>{b.ruleId}</a>: {b.message}
                      </li>
                    ))}
                    {change.rulesRemoved.map((ruleId) => (
                      <li>{screenText('changes-rule-gone', { ruleId })}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
