/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import {
  IconColor,
  IconName,
  type MemberReport,
  type Provider,
  type Report,
} from '@capture-doctor/domain';
import type { BannerAction, Catalog } from '@capture-doctor/engine';
import type { SyncStatus } from '@capture-doctor/sync';
import { docsUrl } from '../../docs-url/docs-url.js';
import type { MemberFilter } from '../../filter-members/filter-members.js';
import { fillPlaceholders, sentenceFor } from '../../notices/notices.js';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { ColorPill, StatusIcon } from '../icons/icons.js';
import { type Page, Pager } from '../pager/pager.js';
import { screenText } from '../screen-text/screen-text.js';
import { syncLine, syncRunning } from '../sync-line/sync-line.js';
import { When } from '../when/when.js';

// The domain lists colours from the least to the most severe; the page shows the worst first.
const worstFirst = [...IconColor.options].reverse();

/**
 * The team-members page of the latest evaluation: whole-company counts and banners, filters, and
 * one page of the members that match them (rows on a wide screen, stacked cards on a phone).
 * @example <TeamView report={report} shown={pageOf(members, paging)} evaluatedAt={at} catalog={catalog} bannerActions={actions} filter={filter} canAct sync={null} csrfToken="" />
 */
export function TeamView(props: {
  report: Report;
  /** the page of members matching the filter that this answer shows */
  shown: Page<MemberReport>;
  evaluatedAt: string;
  catalog: Catalog;
  /** what each rule's banner offers, by rule id (`banner.action` in the rule file) */
  bannerActions: ReadonlyMap<string, BannerAction>;
  /** the screen where each rule's fix is made, by rule id (`fixLink` in the rule file) */
  fixLinks: ReadonlyMap<string, string>;
  filter: MemberFilter;
  canAct: boolean;
  sync: SyncStatus | null;
  /** the session's CSRF token, echoed by every form that changes something */
  csrfToken: string;
}) {
  const { report, catalog, filter, shown } = props;
  const query: Record<string, string> = {
    ...(filter.color ? { color: filter.color } : {}),
    ...(filter.q ? { q: filter.q } : {}),
  };
  const provider = catalog.providers[report.provider ?? 'none'].name;
  return (
    <>
      <div class="subbar">
        <span>
          {screenText('team-evaluated', {
            provider,
            members: memberCount(catalog, report.summary.members),
          })}
          <When iso={props.evaluatedAt} />
        </span>
        {props.canAct ? (
          <span style="display:flex;gap:8px">
            <form method="post" action="/team/sync">
              <CsrfField token={props.csrfToken} />
              <button class="btn" type="submit">
                {screenText('sync-now')}
              </button>
            </form>
            <form method="post" action="/team/evaluate">
              <CsrfField token={props.csrfToken} />
              <button class="btn secondary" type="submit">
                {screenText('re-evaluate')}
              </button>
            </form>
          </span>
        ) : null}
      </div>
      {props.sync ? (
        <>
          <p
            class="sync-status"
            data-phase={props.sync.phase}
            data-sync-poll={syncRunning(props.sync) ? '/team/sync/status' : undefined}
            aria-live="polite"
          >
            {syncLine(props.sync)}
          </p>
          {syncRunning(props.sync) ? (
            <p class="notice" data-sync-done hidden>
              <a href="/team">{screenText('sync-finished-reload')}</a>
            </p>
          ) : null}
        </>
      ) : null}
      <div class="summary">
        {worstFirst.map((color) => (
          <a
            class="count"
            href={`/team?color=${color}`}
            style={`border-top:4px solid ${catalog.colors[color].hex};text-decoration:none;color:inherit`}
          >
            <b>{report.summary.worst[color]}</b>
            {catalog.colors[color].label}
          </a>
        ))}
      </div>
      {report.banners.map((banner) => (
        <section
          class="banner"
          style={`border-left-color:${catalog.colors[banner.color].hex}`}
          data-rule={banner.ruleId}
        >
          <h3>
            <ColorPill color={banner.color} catalog={catalog} />
            {banner.title}
          </h3>
          <p>{banner.message}</p>
          <p class="fix">
            <b>{screenText('fix-label')}</b>
            {banner.fix}
          </p>
          <div class="actions">
            <a href={docsUrl(banner.ruleId, report.provider)}>{screenText('how-to-fix')}</a>
            <FixLink href={props.fixLinks.get(banner.ruleId)} />
            {props.bannerActions.get(banner.ruleId) === 'remind' && props.canAct ? (
              <form method="post" action="/team/reminders">
                <CsrfField token={props.csrfToken} />
                <button class="btn" type="submit">
                  {screenText('send-reminders', { count: banner.count })}
                </button>
              </form>
            ) : null}
          </div>
        </section>
      ))}
      <form class="filters" method="get" action="/team">
        <label>
          {screenText('filter-colour')}
          <select name="color">
            <option value="">{screenText('filter-all-colours')}</option>
            {worstFirst.map((color) => (
              <option value={color} selected={filter.color === color}>
                {catalog.colors[color].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {screenText('filter-search')}
          <input
            type="search"
            name="q"
            value={filter.q}
            placeholder={screenText('filter-search-placeholder')}
          />
        </label>
        <button class="btn" type="submit">
          {screenText('filter-apply')}
        </button>
        {filter.color || filter.q ? (
          <a class="btn secondary" href="/team">
            {screenText('filter-clear')}
          </a>
        ) : null}
      </form>
      <p class="sub">
        {screenText('page-range', {
          from: shown.total === 0 ? 0 : (shown.page - 1) * shown.size + 1,
          to: (shown.page - 1) * shown.size + shown.items.length,
          count: shown.total,
          total: report.members.length,
        })}
      </p>
      {shown.total === 0 ? (
        <div class="empty">{screenText('page-none')}</div>
      ) : (
        <table class="cards members">
          <thead>
            <tr>
              <th>{screenText('col-member')}</th>
              {IconName.options.map((icon) => (
                <th>{catalog.icons[icon].label}</th>
              ))}
              <th>{screenText('col-findings')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map((member) => (
              <MemberRow
                member={member}
                catalog={catalog}
                fixLinks={props.fixLinks}
                provider={report.provider}
              />
            ))}
          </tbody>
        </table>
      )}
      <Pager page={shown} path="/team" query={query} />
      <p class="sub">{screenText('times-note')}</p>
      <div class="legend">
        {worstFirst.map((color) => (
          <span>
            <ColorPill color={color} catalog={catalog} /> {catalog.colors[color].meaning}
          </span>
        ))}
      </div>
    </>
  );
}

/**
 * A link to the screen where a rule's fix is made, when its rule names one.
 * @example <FixLink href="/team/connection" />
 */
export function FixLink(props: { href: string | undefined }) {
  return props.href ? (
    <a class="fix-link" href={props.href}>
      {screenText('fix-link')}
    </a>
  ) : null;
}

function MemberRow(props: {
  member: MemberReport;
  catalog: Catalog;
  fixLinks: ReadonlyMap<string, string>;
  provider: Provider | null;
}) {
  const { member, catalog } = props;
  return (
    <tr data-member={member.id}>
      <td data-label={screenText('col-member')}>
        <a class="member-name" href={`/team/members/${encodeURIComponent(member.id)}`}>
          {member.name ?? member.email}
        </a>
        <div class="member-email">{member.email}</div>
      </td>
      {IconName.options.map((icon) => (
        <td class="icons" data-label={catalog.icons[icon].label}>
          <StatusIcon icon={icon} color={member.icons[icon]} catalog={catalog} withLabel />
        </td>
      ))}
      <td data-label={screenText('col-findings')}>
        <ul class="findings">
          {member.findings.map((f) => (
            <li>
              <ColorPill
                color={f.acknowledgement ? 'off' : f.color}
                catalog={catalog}
                text={f.acknowledgement ? 'Accepted' : catalog.colors[f.color].label}
              />
              <a href={docsUrl(f.ruleId, props.provider)}>{f.title}</a>{' '}
              <FixLink href={props.fixLinks.get(f.ruleId)} />
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

/**
 * A number of members in the catalog's words, singular for exactly one: "1 member", "20 members".
 * @example memberCount(catalog, 1) // '1 member'
 */
function memberCount(catalog: Catalog, count: number): string {
  return fillPlaceholders(sentenceFor(catalog.counts.members, { count }), { count });
}
