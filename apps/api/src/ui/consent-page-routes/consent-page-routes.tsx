/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context, Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import {
  type ConsentLanguage,
  type ConsentTextId,
  consentText,
  pageLanguage,
} from '../../consent-texts/consent-texts.js';
import { sameToken } from '../../middleware/csrf/index.js';
import { NO_SCRIPT, securityHeaders } from '../../middleware/security-headers/index.js';
import {
  answerFromPage,
  type ConsentLink,
  currentAnswer,
  openConsentLink,
  recordPageShown,
} from '../../services/consent-page/consent-page.js';
import {
  ConsentNotFound,
  ConsentPage,
  type ConsentPageModel,
  FORM_TOKEN_FIELD,
} from '../consent-page-view/consent-page-view.js';
import { htmlPage } from '../html-page/html-page.js';

/**
 * The consent page at /consent/{token}: no sign-in, the token is the participant's only key.
 * GET shows their meeting and answer (kept as evidence that the page was shown); POST takes
 * `decision=accept|decline` from the page's own form (the global CSRF check wants the service's
 * Origin, and the form must echo the link's form token) and sends it to the meeting's consent
 * machine. An unknown or expired token answers a 404 page that names no meeting.
 * @example consentPageRoutes(app, deps) // GET /consent/{token}, POST /consent/{token}
 */
export function consentPageRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  // The token is in the address: no cache keeps the page. The common referrer policy
  // (same-origin) sends no Referer to another site; `no-referrer` would make the browser post
  // the form with `Origin: null`, which the CSRF check rightly refuses.
  app.use('/consent/*', securityHeaders(NO_SCRIPT));
  app.use('/consent/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.get('/consent/:token', async (c) => {
    const language = pageLanguage(c);
    const link = await openConsentLink(deps.store, c.req.param('token'));
    if (!link) return htmlPage(c, <ConsentNotFound language={language} />, 404);
    await recordPageShown(deps.store, link, language, deps.clock().toISOString());
    const saved = c.req.query('saved') === '1';
    return showPage(c, deps, link, language, {
      ...(saved ? { message: { kind: 'notice', text: consentText(language, 'saved') } } : {}),
    });
  });

  app.post('/consent/:token', async (c) => {
    const language = pageLanguage(c);
    const token = c.req.param('token');
    const link = await openConsentLink(deps.store, token);
    if (!link) return htmlPage(c, <ConsentNotFound language={language} />, 404);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const refuse = (reason: ConsentTextId, status: 400 | 403 | 409) =>
      showPage(c, deps, link, language, {
        message: {
          kind: 'error',
          text: consentText(language, 'refusedText', { reason: consentText(language, reason) }),
        },
        status,
      });
    const presented = form[FORM_TOKEN_FIELD];
    if (typeof presented !== 'string' || !sameToken(presented, link.formToken))
      return refuse('refusedForm', 403);
    const decision = form.decision;
    if (decision !== 'accept' && decision !== 'decline') return refuse('refusedDecision', 400);
    const refusal = await answerFromPage(deps.store, link, decision, deps.clock().toISOString());
    if (refusal !== null) return refuse('refusedByMeeting', 409);
    return c.redirect(`/consent/${encodeURIComponent(token)}?saved=1`, 303);
  });
}

async function showPage(
  c: Context<ApiEnv>,
  deps: AppDeps,
  link: ConsentLink,
  language: ConsentLanguage,
  extra: { message?: ConsentPageModel['message']; status?: 200 | 400 | 403 | 409 },
): Promise<Response> {
  const now = deps.clock().getTime();
  const model: ConsentPageModel = {
    language,
    companyName: link.companyName,
    participantName: link.participant.name ?? link.participant.email,
    meetingTitle: link.meeting.title,
    startsAt: link.meeting.startsAt,
    endsAt: link.meeting.endsAt,
    recorderName: link.meeting.recorderName,
    answer: await currentAnswer(deps.store, link),
    open: now < Date.parse(link.meeting.endsAt),
    formToken: link.formToken,
    ...(c.get('session')?.csrfToken ? { sessionCsrf: c.get('session')?.csrfToken } : {}),
    ...(extra.message ? { message: extra.message } : {}),
  };
  return htmlPage(c, <ConsentPage {...model} />, extra.status ?? 200);
}
