/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { BannerAction } from '@capture-doctor/engine';
import type { Context, Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { recordAudit } from '../../audit/audit.js';
import { filterMembers, readMemberFilter } from '../../filter-members/filter-members.js';
import { endSession, startSession } from '../../middleware/session/index.js';
import { signedIn } from '../../middleware/signed-in/index.js';
import { type NoticeId, noticeText } from '../../notices/notices.js';
import { ProblemError } from '../../problem/problem.js';
import { evaluateLatest } from '../../services/evaluate/evaluate-latest.js';
import { memberHistory, providerErrors } from '../../services/evaluate/member-history.js';
import { startSync } from '../../services/sync/start-sync.js';
import type { TrustProxy } from '../../trust-proxy/trust-proxy.js';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { favicon } from '../favicon/favicon.js';
import { htmlPage } from '../html-page/html-page.js';
import { Layout } from '../layout/layout.js';
import { MemberView } from '../member-view/member-view.js';
import { pageScript } from '../page-script/page-script.js';
import { pageOf, readPaging } from '../pager/pager.js';
import { backTo, takeNotice } from '../screen-response/screen-response.js';
import { screenText } from '../screen-text/screen-text.js';
import { SignInView } from '../sign-in-view/sign-in-view.js';
import { syncLine, syncRunning } from '../sync-line/sync-line.js';
import { TeamView } from '../team-view/team-view.js';

// Back to the team page with a notice of notices.json.
function backToTeam(
  c: Context<ApiEnv>,
  deps: AppDeps,
  notice: NoticeId,
  values: Record<string, string | number> = {},
): Promise<Response> {
  return backTo(c, deps, '/team', noticeText(notice, values));
}

/**
 * The team-members page: sign in with an API key, the member table, a member's detail, and the
 * admin's actions (evaluate, sync, remind), which call the same services as the API. Sign-in
 * exchanges the key for a server-side session; `trust` says when the request came over https.
 * @example teamPageRoutes(app, deps, { trust }) // GET /team, GET /team/members/:id, POST /sign-in
 */
export function teamPageRoutes(
  app: Hono<ApiEnv>,
  deps: AppDeps,
  options: { trust: TrustProxy },
): void {
  const verify = (key: string) => deps.store.apiKeys.verify(key);
  const anyone = signedIn({ store: deps.store });
  const admin = (refusal: NoticeId) =>
    signedIn({ store: deps.store, roles: ['admin'], refusal: noticeText(refusal) });
  const bannerActions = new Map<string, BannerAction>(
    deps.rules.rules.flatMap((r) => (r.banner?.action ? [[r.id, r.banner.action] as const] : [])),
  );

  const fixLinks = new Map<string, string>(
    deps.rules.rules.flatMap((r) => (r.fixLink ? [[r.id, r.fixLink] as const] : [])),
  );

  app.get('/', (c) => c.redirect('/team', 303));
  app.get('/assets/page.js', (c) =>
    c.body(pageScript, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  for (const path of ['/favicon.svg', '/favicon.ico'])
    app.get(path, (c) => c.body(favicon, 200, { 'content-type': 'image/svg+xml' }));

  app.get('/sign-in', (c) => htmlPage(c, <SignInView csrfToken={c.get('session')?.csrfToken} />));

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const key = typeof form.key === 'string' ? form.key.trim().slice(0, 300) : '';
    const principal = key ? await verify(key) : null;
    if (!principal)
      return htmlPage(
        c,
        <SignInView
          error="That API key was not accepted. Check it and try again."
          csrfToken={c.get('session')?.csrfToken}
        />,
        401,
      );
    // The rate limit remembers a key that worked, so it never slows that key down.
    c.set('principal', principal);
    await startSession(c, deps.store, principal, options.trust);
    return c.redirect('/team', 303);
  });

  app.post('/sign-out', async (c) => {
    await endSession(c, deps.store);
    return c.redirect('/sign-in', 303);
  });

  app.get('/team', anyone, async (c) => {
    const principal = c.get('principal');
    const company = await deps.store.companies.get(principal.companyId);
    const latest = await deps.cache.evaluation(principal.companyId);
    const session = c.get('session');
    const notice = await takeNotice(c, deps);
    const sync = await deps.syncs.status(principal.companyId);
    const query = c.req.query();
    const filter = readMemberFilter(query);
    return htmlPage(
      c,
      <Layout
        title={screenText('team-title')}
        signedIn
        who={`${company?.name ?? principal.companyId} · ${principal.role}`}
        role={principal.role}
        active="team"
        csrfToken={session?.csrfToken}
      >
        <h1>{screenText('team-title')}</h1>
        {notice ? <p class="notice">{notice}</p> : null}
        {latest ? (
          <TeamView
            report={latest.evaluation.report}
            shown={pageOf(
              filterMembers(
                latest.evaluation.report.members,
                filter,
                latest.evaluation.report.banners,
              ),
              readPaging(query),
            )}
            evaluatedAt={latest.evaluation.createdAt}
            catalog={deps.rules.catalog}
            bannerActions={bannerActions}
            fixLinks={fixLinks}
            filter={filter}
            canAct={principal.role === 'admin'}
            sync={sync}
            csrfToken={session?.csrfToken ?? ''}
          />
        ) : (
          <div class="empty">
            {screenText('team-no-evaluation')}
            {principal.role === 'admin' ? (
              <form method="post" action="/team/evaluate" style="display:inline">
                <CsrfField token={session?.csrfToken} />{' '}
                <button class="btn" type="submit">
                  {screenText('team-evaluate-now')}
                </button>
              </form>
            ) : (
              screenText('team-ask-admin')
            )}
          </div>
        )}
      </Layout>,
    );
  });

  app.get('/team/members/:memberId', anyone, async (c) => {
    const principal = c.get('principal');
    const latest = await deps.cache.evaluation(principal.companyId);
    const member = latest?.members.get(c.req.param('memberId'));
    if (!latest || !member) {
      return htmlPage(
        c,
        <Layout
          title={screenText('member-not-found')}
          signedIn
          who={principal.role}
          csrfToken={c.get('session')?.csrfToken}
        >
          <h1>{screenText('member-not-found')}</h1>
          <p>
            {screenText('member-not-found-detail')}{' '}
            <a href="/team">{screenText('back-to-team-members')}</a>
          </p>
        </Layout>,
        404,
      );
    }
    const history = await memberHistory(deps, principal.companyId, member.id, 20);
    const rawError =
      principal.role === 'support'
        ? await providerErrors(deps, principal.companyId, latest.evaluation.snapshotId, member.id)
        : undefined;
    return htmlPage(
      c,
      <Layout
        title={member.name ?? member.email}
        signedIn
        who={principal.role}
        role={principal.role}
        active="team"
        csrfToken={c.get('session')?.csrfToken}
      >
        <MemberView
          member={member}
          catalog={deps.rules.catalog}
          provider={latest.evaluation.report.provider}
          history={history}
          rawError={rawError}
          fixLinks={fixLinks}
          canAct={principal.role === 'admin'}
          csrfToken={c.get('session')?.csrfToken ?? ''}
          defaultUntil={new Date(deps.clock().getTime() + 30 * 86_400_000)
            .toISOString()
            .slice(0, 10)}
          notice={await takeNotice(c, deps)}
        />
      </Layout>,
    );
  });

  app.post('/team/evaluate', admin('only-admin-evaluates'), async (c) => {
    const principal = c.get('principal');
    try {
      const stored = await evaluateLatest(deps, principal.companyId);
      await recordAudit(deps.store, principal, 'evaluation.run', `evaluation:${stored.id}`, {
        from: 'team page',
      });
      return backToTeam(c, deps, 'evaluation-done');
    } catch {
      return backToTeam(c, deps, 'no-snapshot');
    }
  });

  app.post('/team/sync', admin('only-admin-syncs'), async (c) => {
    try {
      await startSync(deps, c.get('principal'));
      return backToTeam(c, deps, 'sync-started');
    } catch (error) {
      if (!(error instanceof ProblemError)) return backToTeam(c, deps, 'sync-failed');
      return backToTeam(c, deps, 'sync-not-started', { reason: error.detail });
    }
  });

  // The page script's poll: where the sync stands, in the line the page shows.
  app.get('/team/sync/status', anyone, async (c) => {
    const sync = await deps.syncs.status(c.get('principal').companyId);
    if (!sync) return c.json({ phase: null, running: false, line: '' });
    return c.json({ phase: sync.phase, running: syncRunning(sync), line: syncLine(sync) });
  });
}
