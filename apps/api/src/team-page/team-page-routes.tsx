/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { IconColor, IconName, MemberReport, Report } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';
import type { SyncStatus } from '@capture-doctor/sync';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ApiEnv } from '../api-env/api-env.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { filterMembers, readMemberFilter } from '../filter-members/filter-members.js';
import { evaluateLatest, memberHistory } from '../routes/evaluation-routes.js';
import { docsUrl } from '../routes/public-routes.js';
import type { ApiKeyPrincipal } from '../store-port/store-port.js';
import { ColorPill, StatusIcon } from './icons.js';
import { Layout } from './layout.js';

const cookieName = 'cd_key';

/** Answers a full HTML document; the doctype keeps browsers out of quirks mode. */
async function page(
  c: Context<ApiEnv>,
  node: JSX.Element,
  status: 200 | 401 | 404 = 200,
): Promise<Response> {
  return c.html(`<!doctype html>${await node.toString()}`, status);
}
const iconNames: IconName[] = ['microphone', 'calendar', 'email'];
const colorOrder: IconColor[] = ['red', 'yellow', 'unknown', 'green', 'off'];

/**
 * The team-members page: sign in with an API key, the member table, and a member's detail.
 * @example teamPageRoutes(app, deps) // GET /team, GET /team/members/:id, POST /sign-in
 */
export function teamPageRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  const signedIn = async (c: Context<ApiEnv>): Promise<ApiKeyPrincipal | null> => {
    const key = getCookie(c, cookieName);
    return key ? deps.store.apiKeys.verify(key) : null;
  };

  app.get('/', (c) => c.redirect('/team', 303));

  app.get('/sign-in', (c) => page(c, <SignIn />));

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const key = typeof form.key === 'string' ? form.key.trim().slice(0, 300) : '';
    const principal = key ? await deps.store.apiKeys.verify(key) : null;
    if (!principal)
      return page(
        c,
        <SignIn error="That API key was not accepted. Check it and try again." />,
        401,
      );
    setCookie(c, cookieName, key, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: 60 * 60 * 12,
    });
    return c.redirect('/team', 303);
  });

  app.post('/sign-out', (c) => {
    deleteCookie(c, cookieName, { path: '/' });
    return c.redirect('/sign-in', 303);
  });

  app.get('/team', async (c) => {
    const principal = await signedIn(c);
    if (!principal) return c.redirect('/sign-in', 303);
    const company = await deps.store.companies.get(principal.companyId);
    const latest = await deps.cache.evaluation(principal.companyId);
    const filter = readMemberFilter(c.req.query());
    const notice = c.req.query('notice');
    const sync = await deps.syncs.status(principal.companyId);
    return page(
      c,
      <Layout
        title="Team members"
        signedIn
        who={`${company?.name ?? principal.companyId} · ${principal.role}`}
        active="team"
      >
        <h1>Team members</h1>
        {notice ? <p class="notice">{notice.slice(0, 200)}</p> : null}
        {latest ? (
          <TeamView
            report={latest.evaluation.report}
            evaluatedAt={latest.evaluation.createdAt}
            catalog={deps.engine.catalog}
            filter={filter}
            canAct={principal.role === 'admin'}
            sync={sync}
          />
        ) : (
          <div class="empty">
            No evaluation yet. Send a snapshot and run an evaluation through the API, or
            {principal.role === 'admin' ? (
              <form method="post" action="/team/evaluate" style="display:inline">
                {' '}
                <button class="btn" type="submit">
                  evaluate the latest snapshot now
                </button>
              </form>
            ) : (
              ' ask an admin to run one.'
            )}
          </div>
        )}
      </Layout>,
    );
  });

  app.get('/team/members/:memberId', async (c) => {
    const principal = await signedIn(c);
    if (!principal) return c.redirect('/sign-in', 303);
    const latest = await deps.cache.evaluation(principal.companyId);
    const member = latest?.members.get(c.req.param('memberId'));
    if (!latest || !member) {
      return page(
        c,
        <Layout title="Member not found" signedIn who={principal.role}>
          <h1>Member not found</h1>
          <p>
            There is no such member in the latest evaluation.{' '}
            <a href="/team">Back to team members</a>
          </p>
        </Layout>,
        404,
      );
    }
    const history = await memberHistory(deps, principal.companyId, member.id, 20);
    const snapshot =
      principal.role === 'support' ? await deps.cache.snapshot(principal.companyId) : null;
    const rawError =
      snapshot && snapshot.id === latest.evaluation.snapshotId
        ? (snapshot.snapshot.members.find((m) => m.id === member.id)?.lastError ?? null)
        : null;
    return page(
      c,
      <Layout title={member.name ?? member.email} signedIn who={principal.role} active="team">
        <MemberView
          member={member}
          catalog={deps.engine.catalog}
          history={history}
          rawError={principal.role === 'support' ? rawError : undefined}
        />
      </Layout>,
    );
  });

  app.post('/team/evaluate', async (c) => {
    const principal = await signedIn(c);
    if (!principal) return c.redirect('/sign-in', 303);
    if (principal.role !== 'admin')
      return c.redirect('/team?notice=Only+an+admin+can+run+an+evaluation', 303);
    try {
      const stored = await evaluateLatest(deps, principal.companyId);
      await deps.store.audit.append({
        companyId: principal.companyId,
        actor: `${principal.role}:${principal.keyId}`,
        action: 'evaluation.run',
        target: `evaluation:${stored.id}`,
        detail: { from: 'team page' },
      });
      return c.redirect('/team?notice=Evaluation+done', 303);
    } catch {
      return c.redirect('/team?notice=No+snapshot+to+evaluate+yet', 303);
    }
  });

  app.post('/team/sync', async (c) => {
    const principal = await signedIn(c);
    if (!principal) return c.redirect('/sign-in', 303);
    if (principal.role !== 'admin')
      return c.redirect('/team?notice=Only+an+admin+can+start+a+sync', 303);
    // Through the API route, so the page's sync is refused, audited and logged the same way.
    const response = await app.request(
      `/v1/companies/${encodeURIComponent(principal.companyId)}/syncs`,
      { method: 'POST', headers: { authorization: `Bearer ${getCookie(c, cookieName) ?? ''}` } },
    );
    const notice = response.ok
      ? 'Sync started: reload the page to follow its progress'
      : `Sync not started: ${((await response.json()) as { detail?: string }).detail ?? response.status}`;
    return c.redirect(`/team?notice=${encodeURIComponent(notice.slice(0, 200))}`, 303);
  });

  app.post('/team/reminders', async (c) => {
    const principal = await signedIn(c);
    if (!principal) return c.redirect('/sign-in', 303);
    if (principal.role !== 'admin')
      return c.redirect('/team?notice=Only+an+admin+can+send+reminders', 303);
    const response = await app.request(
      `/v1/companies/${encodeURIComponent(principal.companyId)}/reminders`,
      { method: 'POST', headers: { authorization: `Bearer ${getCookie(c, cookieName) ?? ''}` } },
    );
    const result = response.ok
      ? ((await response.json()) as { queued: number; delivery: string })
      : null;
    const notice = result
      ? `${result.queued} reminder email(s) ${result.delivery === 'smtp' ? 'sent' : 'queued in the outbox (no SMTP server is set up)'}`
      : 'Reminders could not be queued';
    return c.redirect(`/team?notice=${encodeURIComponent(notice)}`, 303);
  });
}

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

function SignIn(props: { error?: string }) {
  return (
    <Layout title="Sign in" signedIn={false}>
      <form class="signin" method="post" action="/sign-in">
        <h1>Sign in</h1>
        <p class="sub">
          Use the API key of your company. It is kept in a secure cookie for this browser only.
        </p>
        {props.error ? <p class="error">{props.error}</p> : null}
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required />
        <button class="btn" type="submit">
          Sign in
        </button>
      </form>
    </Layout>
  );
}

function TeamView(props: {
  report: Report;
  evaluatedAt: string;
  catalog: Catalog;
  filter: ReturnType<typeof readMemberFilter>;
  canAct: boolean;
  sync: SyncStatus | null;
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
              <button class="btn" type="submit">
                Sync now
              </button>
            </form>
            <form method="post" action="/team/evaluate">
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
        {colorOrder.map((color) => (
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
            {banner.ruleId === 'members-not-connected' && props.canAct ? (
              <form method="post" action="/team/reminders">
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
            {colorOrder.map((color) => (
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
              {iconNames.map((icon) => (
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
        {colorOrder.map((color) => (
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
      {iconNames.map((icon) => (
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

function MemberView(props: {
  member: MemberReport;
  catalog: Catalog;
  history: {
    evaluationId: string;
    createdAt: string;
    takenAt: string | null;
    icons: MemberReport['icons'] | null;
  }[];
  rawError: unknown;
}) {
  const { member, catalog } = props;
  return (
    <>
      <p>
        <a href="/team">← Team members</a>
      </p>
      <h1>{member.name ?? member.email}</h1>
      <p class="sub">{member.email}</p>
      <div class="iconrow">
        {iconNames.map((icon) => (
          <div class="item">
            <StatusIcon icon={icon} color={member.icons[icon]} catalog={catalog} withLabel />
            <b>{catalog.icons[icon].label}</b>
            <small>{catalog.colors[member.icons[icon]].meaning}</small>
          </div>
        ))}
      </div>
      <h2>Findings</h2>
      {member.findings.length === 0 ? (
        <div class="empty">Nothing to fix for this member.</div>
      ) : null}
      {member.findings.map((f) => (
        <section class="card" data-rule={f.ruleId}>
          <h3>
            <ColorPill color={f.color} catalog={catalog} />
            {f.title}
          </h3>
          <p>{f.message}</p>
          <p>
            <b>Fix: </b>
            {f.fix}
          </p>
          {f.acknowledgement ? (
            <p class="notice">
              Accepted by {f.acknowledgement.by} until {f.acknowledgement.expiresAt.slice(0, 10)}:{' '}
              {f.acknowledgement.reason}
            </p>
          ) : null}
          <p>
            Icons: {f.icons.map((i) => catalog.icons[i].label).join(', ')} ·{' '}
            <a href={docsUrl(f.ruleId)}>Read the troubleshooting guide</a>
          </p>
          <table class="because">
            <thead>
              <tr>
                <th>Because: fact</th>
                <th>test</th>
                <th>expected</th>
                <th>seen</th>
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
      ))}
      {props.rawError !== undefined ? (
        <>
          <h2>Raw provider error</h2>
          <pre class="raw">
            {props.rawError === null ? 'None recorded.' : JSON.stringify(props.rawError, null, 2)}
          </pre>
        </>
      ) : null}
      <h2>Colour history</h2>
      <table>
        <thead>
          <tr>
            <th>Snapshot taken</th>
            <th>Evaluated</th>
            {iconNames.map((icon) => (
              <th>{catalog.icons[icon].label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.history.map((h) => (
            <tr>
              <td>{h.takenAt ? h.takenAt.replace('T', ' ').slice(0, 16) : '—'}</td>
              <td>{h.createdAt.replace('T', ' ').slice(0, 19)}</td>
              {iconNames.map((icon) => (
                <td class="icons">
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
