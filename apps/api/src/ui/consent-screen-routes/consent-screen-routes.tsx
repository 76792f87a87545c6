/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context, Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { signedIn } from '../../middleware/signed-in/index.js';
import { ProblemError } from '../../problem/problem.js';
import { approvalCheck, approveDraft } from '../../services/consent/consent-approval.js';
import {
  DraftPolicy,
  defaultPolicy,
  policyOf,
  SimulatedMeeting,
  saveDraft,
  simulatePolicy,
  withServerVersion,
} from '../../services/consent/consent-policy.js';
import { policyChanges } from '../../services/consent/policy-diff.js';
import { type ConsentTextId, consentText as t } from '../consent-text/consent-text.js';
import { ConsentView } from '../consent-view/consent-view.js';
import { PolicyDiffView } from '../policy-diff-view/policy-diff-view.js';
import { PolicyFormView } from '../policy-form-view/policy-form-view.js';
import { sectionPage, sessionToken } from '../section-page/section-page.js';
import { readParticipantLines } from '../simulate-form/simulate-form.js';
import { type SimulateFormValues, SimulateView } from '../simulate-view/simulate-view.js';

const home = '/compliance/consent';

/**
 * The Consent section of the app for compliance officers (and admins, who may edit the draft):
 * the policy and its approval, the policy form, simulate a version, compare two versions. Plain
 * forms and the same session, CSRF and services as the API.
 * @example consentScreenRoutes(app, deps) // GET /compliance/consent, POST /compliance/consent/approve, ...
 */
export function consentScreenRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  const readers = signedIn({
    store: deps.store,
    roles: ['compliance', 'admin'],
    refusal: t('consent-roles'),
  });
  const approvers = signedIn({
    store: deps.store,
    roles: ['compliance'],
    refusal: t('only-compliance-approves'),
  });
  const versionsOf = async (c: Context<ApiEnv>) =>
    (await deps.store.consentPolicies.list(c.get('principal').companyId)).map(withServerVersion);

  app.get(home, readers, async (c) => {
    const principal = c.get('principal');
    const session = c.get('session');
    const notice = session ? await deps.store.sessions.takeFlash(session.id) : null;
    const check = await approvalCheck(deps.store, principal, deps.clock());
    return sectionPage(
      c,
      t('title'),
      <>
        {notice ? <p class="notice">{notice}</p> : null}
        <ConsentView
          versions={await versionsOf(c)}
          check={check}
          catalog={deps.rules.catalog}
          csrfToken={session?.csrfToken ?? ''}
          canApprove={principal.role === 'compliance'}
        />
      </>,
    );
  });

  app.post(`${home}/approve`, approvers, async (c) => {
    const form = await c.req.parseBody();
    const reason = typeof form.reason === 'string' ? form.reason.trim().slice(0, 2000) : '';
    try {
      const { approved } = await approveDraft(
        deps.store,
        c.get('principal'),
        reason ? { reason } : {},
        { now: deps.clock(), from: 'consent screen' },
      );
      return back(c, deps, t('approved', { version: approved.version }));
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return back(c, deps, error.detail);
    }
  });

  app.get(`${home}/policy`, readers, async (c) => {
    const [newest] = await versionsOf(c);
    const policy = newest ? policyOf(newest) : defaultPolicy;
    return sectionPage(
      c,
      t('form-title'),
      <PolicyFormView policy={policy} csrfToken={sessionToken(c)} />,
    );
  });

  app.post(`${home}/policy`, readers, async (c) => {
    const parsed = DraftPolicy.safeParse(policyFromForm(await c.req.parseBody()));
    if (!parsed.success) {
      const [newest] = await versionsOf(c);
      const issue = parsed.error.issues[0];
      const error = t('form-error', {
        field: issue?.path.join('.') ?? '',
        message: issue?.message ?? '',
      });
      return sectionPage(
        c,
        t('form-title'),
        <PolicyFormView
          policy={newest ? policyOf(newest) : defaultPolicy}
          csrfToken={sessionToken(c)}
          error={error}
        />,
        400,
      );
    }
    const saved = await saveDraft(deps.store, c.get('principal'), parsed.data, {
      from: 'consent screen',
    });
    return back(c, deps, t('saved', { version: saved.version }));
  });

  app.get(`${home}/simulate`, readers, async (c) => {
    const versions = await versionsOf(c);
    const query = c.req.query();
    const values: SimulateFormValues = {
      version: Number(query.version ?? versions[0]?.version ?? 1),
      startsAt: query.startsAt ?? defaultStart(deps.clock()),
      participants: query.participants ?? 'host, internal, US-TX\nguest, external, US-CA',
    };
    const view = (extra: { error?: string; result?: Awaited<ReturnType<typeof simulatePolicy>> }) =>
      sectionPage(
        c,
        t('sim-title'),
        <SimulateView
          versions={versions}
          values={values}
          catalog={deps.rules.catalog}
          {...(extra.error ? { error: extra.error } : {})}
          {...(extra.result ? { result: extra.result.result } : {})}
        />,
        extra.error ? 400 : 200,
      );
    if (query.run === undefined || versions.length === 0) return view({});
    const lines = readParticipantLines(values.participants);
    if (!lines.ok) {
      const message = t(`sim-problem-${lines.problem}` satisfies ConsentTextId);
      return view({ error: t('sim-error', { line: lines.line, message }) });
    }
    const meeting = SimulatedMeeting.safeParse({
      startsAt: asUtc(values.startsAt),
      participants: lines.participants,
      answers: lines.answers,
    });
    if (!meeting.success) return view({ error: t('sim-problem-startsAt') });
    const known = versions.some((v) => v.version === values.version);
    const result = await simulatePolicy(deps.store, c.get('principal').companyId, meeting.data, {
      now: deps.clock(),
      ...(known ? { version: values.version } : {}),
    });
    return view({ result });
  });

  app.get(`${home}/diff`, readers, async (c) => {
    const versions = await versionsOf(c);
    const query = c.req.query();
    const to = versions.find((v) => v.version === Number(query.to)) ?? versions[0];
    const from =
      versions.find((v) => v.version === Number(query.from)) ??
      versions.find((v) => to !== undefined && v.version === to.version - 1) ??
      to;
    const changes = from && to ? policyChanges(from.body, to.body) : null;
    return sectionPage(
      c,
      t('diff-title'),
      <PolicyDiffView
        versions={versions}
        from={from?.version ?? 0}
        to={to?.version ?? 0}
        changes={changes}
      />,
    );
  });
}

/** Back to the Consent page with a one-line notice kept in the session. */
async function back(c: Context<ApiEnv>, deps: AppDeps, notice: string): Promise<Response> {
  const session = c.get('session');
  if (session) await deps.store.sessions.setFlash(session.id, notice);
  return c.redirect(home, 303);
}

/** The policy form's fields as a policy document; a checkbox is on only when sent. */
function policyFromForm(form: Record<string, unknown>): unknown {
  const text = (name: string) => (typeof form[name] === 'string' ? String(form[name]) : '');
  const on = (name: string) => form[name] === 'on';
  const hours = text('noticeEmail.leadTimeHours').trim();
  return {
    id: text('id').trim(),
    recorderName: text('recorderName'),
    noticeEmail: {
      enabled: on('noticeEmail.enabled'),
      leadTimeHours: hours === '' ? Number.NaN : Number(hours),
      audience: text('noticeEmail.audience'),
    },
    consentPage: {
      enabled: on('consentPage.enabled'),
      audience: text('consentPage.audience'),
    },
    announcement: { enabled: on('announcement.enabled') },
    staffCoveredByCompanyNotice: on('staffCoveredByCompanyNotice'),
  };
}

/** A `datetime-local` value (no zone) read as UTC; a full ISO time is kept. */
function asUtc(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value;
}

/** Two days ahead on the hour, as a `datetime-local` value. */
function defaultStart(now: Date): string {
  const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + 2 * 86_400_000);
  return start.toISOString().slice(0, 16);
}
