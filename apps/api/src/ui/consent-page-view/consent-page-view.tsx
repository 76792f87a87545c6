/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import {
  type ConsentLanguage,
  type ConsentTextId,
  consentText,
  shownTime,
} from '../../consent-texts/consent-texts.js';
import { CsrfField } from '../csrf-field/csrf-field.js';

/** The hidden field that binds the page's answer to the page this service served for the link. */
export const FORM_TOKEN_FIELD = '_form';

// Phone first: one column, large buttons, nothing wider than the screen.
const css = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1d2330;background:#f4f5f7}
main{max-width:640px;margin:0 auto;padding:20px 16px 48px}
h1{font-size:22px;line-height:1.3;margin:0 0 12px;overflow-wrap:anywhere}
.card{background:#fff;border:1px solid #dde1e7;border-radius:10px;padding:16px;margin:0 0 16px}
dl{margin:0} dt{font-weight:700;margin-top:10px} dt:first-child{margin-top:0} dd{margin:2px 0 0;overflow-wrap:anywhere}
fieldset{border:0;margin:0;padding:0} legend{font-weight:700;margin-bottom:10px;padding:0}
.buttons{display:flex;flex-wrap:wrap;gap:10px}
.buttons button{flex:1 1 180px;min-height:48px;font:inherit;font-weight:600;border-radius:8px;padding:10px 14px;cursor:pointer}
.accept{background:#1f6b3a;color:#fff;border:2px solid #1f6b3a}
.decline{background:#fff;color:#8a1f1f;border:2px solid #8a1f1f}
button:focus-visible{outline:3px solid #2257b8;outline-offset:2px}
.status{font-weight:600}
.notice{background:#eaf3ff;border:1px solid #bcd5f7;border-radius:8px;padding:10px 12px;margin:0 0 16px}
.error{background:#fdecec;border:1px solid #f3b9b9;color:#8a1f1f;border-radius:8px;padding:10px 12px;margin:0 0 16px}
.small{color:#4a5363;font-size:14px}
`;

/** The participant's answer so far, as the meeting's consent machine holds it. */
export interface ConsentAnswer {
  decision: 'accepted' | 'declined';
  at: string;
}

/** What the consent page shows one participant: their own meeting data, nobody else's. */
export interface ConsentPageModel {
  language: ConsentLanguage;
  companyName: string;
  participantName: string;
  meetingTitle: string;
  startsAt: string;
  endsAt: string;
  recorderName: string;
  answer: ConsentAnswer | null;
  /** false once the meeting has ended: the answer is shown but can no longer change */
  open: boolean;
  formToken: string;
  /** the session's CSRF token when the browser also has a screens session */
  sessionCsrf?: string;
  /** one line above the card: the answer saved, or why it was not */
  message?: { kind: 'notice' | 'error'; text: string };
}

function Frame(props: { language: ConsentLanguage; title: string; children: Child }) {
  return (
    <html lang={props.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <style>{css}</style>
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/**
 * The consent page of one participant: who records what and why, their answer so far, and the
 * Accept / Decline form (a plain POST: no script needed).
 * @example <ConsentPage {...model} />
 */
export function ConsentPage(model: ConsentPageModel) {
  const t = (id: ConsentTextId, values: Record<string, string> = {}) =>
    consentText(model.language, id, { company: model.companyName, ...values });
  return (
    <Frame language={model.language} title={t('pageTitle')}>
      <h1>{t('heading')}</h1>
      {model.message ? (
        <p class={model.message.kind} role={model.message.kind === 'error' ? 'alert' : 'status'}>
          {model.message.text}
        </p>
      ) : null}
      <p>{t('greeting', { name: model.participantName })}</p>
      <p>{t('intro')}</p>
      <section class="card" aria-label={t('meetingLabel')}>
        <dl>
          <dt>{t('meetingLabel')}</dt>
          <dd>{model.meetingTitle}</dd>
          <dt>{t('whenLabel')}</dt>
          <dd>
            <time datetime={model.startsAt}>{shownTime(model.language, model.startsAt)}</time>
          </dd>
          <dt>{t('recorderLabel')}</dt>
          <dd>{t('recorderExplained', { recorder: model.recorderName })}</dd>
          <dt>{t('whatLabel')}</dt>
          <dd>{t('what')}</dd>
          <dt>{t('whyLabel')}</dt>
          <dd>{t('why')}</dd>
          <dt>{t('objectLabel')}</dt>
          <dd>{t('object')}</dd>
        </dl>
      </section>
      <section class="card" aria-label={t('answerLegend')}>
        <p class="status" data-answer={model.answer?.decision ?? 'none'}>
          {statusLine(model, t)}
        </p>
        {model.open ? <AnswerForm model={model} t={t} /> : <p>{t('ended')}</p>}
        <p class="small">{t('evidence')}</p>
      </section>
    </Frame>
  );
}

function AnswerForm(props: {
  model: ConsentPageModel;
  t: (id: ConsentTextId, values?: Record<string, string>) => string;
}) {
  const { model, t } = props;
  return (
    <form method="post">
      <input type="hidden" name={FORM_TOKEN_FIELD} value={model.formToken} />
      <CsrfField token={model.sessionCsrf} />
      <fieldset>
        <legend>{t('answerLegend')}</legend>
        <div class="buttons">
          <button class="accept" type="submit" name="decision" value="accept">
            {t('accept')}
          </button>
          <button class="decline" type="submit" name="decision" value="decline">
            {t('decline')}
          </button>
        </div>
      </fieldset>
      <p class="small">{t('changeUntil')}</p>
    </form>
  );
}

function statusLine(
  model: ConsentPageModel,
  t: (id: ConsentTextId, values?: Record<string, string>) => string,
): string {
  if (!model.answer) return t('statusNone');
  const at = shownTime(model.language, model.answer.at);
  return t(model.answer.decision === 'accepted' ? 'statusAccepted' : 'statusDeclined', { at });
}

/**
 * The page of an unknown or expired link: it says nothing about any meeting.
 * @example <ConsentNotFound language="de" />
 */
export function ConsentNotFound(props: { language: ConsentLanguage }) {
  const t = (id: ConsentTextId) => consentText(props.language, id);
  return (
    <Frame language={props.language} title={t('notFoundTitle')}>
      <h1>{t('notFoundHeading')}</h1>
      <p>{t('notFoundText')}</p>
    </Frame>
  );
}
