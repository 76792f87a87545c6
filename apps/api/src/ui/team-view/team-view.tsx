/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { IconColor, IconName, type MemberReport, type Report } from '@capture-doctor/domain';
import type { BannerAction, Catalog } from '@capture-doctor/engine';
import type { SyncStatus } from '@capture-doctor/sync';
import { docsUrl } from '../../docs-url/docs-url.js';
import { filterMembers, type MemberFilter } from '../../filter-members/filter-members.js';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { ColorPill, StatusIcon } from '../icons/icons.js';

// The domain lists colours from the least to the most severe; the page shows the worst first.
const worstFirst = [...IconColor.options].reverse();

/** One line on where the company's provider sync stands, for the team page. */
function syncLine(sync: SyncStatus): string {
  const at = (iso: string | null) => (iso ?? '').replace('T', ' ').slice(0, 16);
  const of = sync.total === null ? '' : ` of ${sync.total}`;
  switch (sync.phase) {
    case 'preparing':
      return 'Provider sync: preparing…';
    case 'reading':
      return `Provider sync: ${sync.done}${of} members read…`;
    case 'evaluating':
      return `Provider sync: ${sync.done}${of} members read, evaluating…`;
    case 'completed':
      return `Last provider sync completed ${at(sync.finishedAt)} UTC (${sync.done} members read)`;
    case 'cancelled':
      return `Last provider sync cancelled ${at(sync.finishedAt)} UTC after ${sync.done} members; the next one resumes`;
    default:
      return `Last provider sync failed ${at(sync.finishedAt)} UTC: ${sync.error ?? 'unknown reason'}`;
  }
}

/**
 * The team-members table of the latest evaluation: summary, banners, filters, one row per member.
 * @example <TeamView report={report} evaluatedAt={at} catalog={catalog} bannerActions={actions} filter={filter} canAct sync={null} />
 */
export function TeamView(props: {
  report: Report;
  evaluatedAt: string;
  catalog: Catalog;
  /** what each rule's banner offers, by rule id (`banner.action` in the rule file) */
  bannerActions: ReadonlyMap<string, BannerAction>;
  filter: MemberFilter;
  canAct: boolean;
  sync: SyncStatus | null;
  /** the session's CSRF token, echoed by every form that changes something */
  csrfToken: string;
}) {
  const { report, catalog, filter } = props;
  const shown = filterMembers(report.members, filter);
  const provider = catalog.providers[report.provider ?? 'none'].name;
  return (
    <>
      <div class="subbar">
        <span>
          {provider} · {report.summary.members} members · evaluated{' '}
          {props.evaluatedAt.replace('T', ' ').slice(0, 16)} UTC
        </span>
        {props.canAct ? (
          <span style="display:flex;gap:8px">
            <form method="post" action="/team/sync">
              <CsrfField token={props.csrfToken} />
              <button class="btn" type="submit">
                Sync now
              </button>
            </form>
            <form method="post" action="/team/evaluate">
              <CsrfField token={props.csrfToken} />
              <button class="btn secondary" type="submit">
                Re-evaluate
              </button>
            </form>
          </span>
        ) : null}
      </div>
      {props.sync ? (
        <p class="sync-status" data-phase={props.sync.phase}>
          {syncLine(props.sync)}
        </p>
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
            <b>Fix: </b>
            {banner.fix}
          </p>
          <div class="actions">
            <a href={docsUrl(banner.ruleId)}>How to fix this</a>
            {props.bannerActions.get(banner.ruleId) === 'remind' && props.canAct ? (
              <form method="post" action="/team/reminders">
                <CsrfField token={props.csrfToken} />
                <button class="btn" type="submit">
                  Send reminder emails ({banner.count})
                </button>
              </form>
            ) : null}
          </div>
        </section>
      ))}
      <form class="filters" method="get" action="/team">
        <label>
          Colour
          <select name="color">
            <option value="">All colours</option>
            {worstFirst.map((color) => (
              <option value={color} selected={filter.color === color}>
                {catalog.colors[color].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input type="search" name="q" value={filter.q} placeholder="Name or email" />
        </label>
        <button class="btn" type="submit">
          Apply
        </button>
        {filter.color || filter.q ? (
          <a class="btn secondary" href="/team">
            Clear
          </a>
        ) : null}
      </form>
      <p class="sub">
        Showing {shown.length} of {report.members.length} members
      </p>
      {shown.length === 0 ? (
        <div class="empty">No member matches these filters.</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Member</th>
              {IconName.options.map((icon) => (
                <th>{catalog.icons[icon].label}</th>
              ))}
              <th>Findings</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((member) => (
              <MemberRow member={member} catalog={catalog} />
            ))}
          </tbody>
        </table>
      )}
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

function MemberRow(props: { member: MemberReport; catalog: Catalog }) {
  const { member, catalog } = props;
  return (
    <tr data-member={member.id}>
      <td>
        <a class="member-name" href={`/team/members/${encodeURIComponent(member.id)}`}>
          {member.name ?? member.email}
        </a>
        <div class="member-email">{member.email}</div>
      </td>
      {IconName.options.map((icon) => (
        <td class="icons">
          <StatusIcon icon={icon} color={member.icons[icon]} catalog={catalog} withLabel />
        </td>
      ))}
      <td>
        <ul class="findings">
          {member.findings.map((f) => (
            <li>
              <ColorPill
                color={f.acknowledgement ? 'off' : f.color}
                catalog={catalog}
                text={f.acknowledgement ? 'Accepted' : catalog.colors[f.color].label}
              />
              <a href={docsUrl(f.ruleId)}>{f.title}</a>
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
