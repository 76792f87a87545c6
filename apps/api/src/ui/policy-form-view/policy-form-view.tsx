/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { ConsentPolicy } from '@capture-doctor/domain';
import { type ConsentTextId, consentText as t } from '../consent-text/consent-text.js';
import { ConsentNav } from '../consent-view/consent-view.js';
import { CsrfField } from '../csrf-field/csrf-field.js';

const audienceText: Record<string, ConsentTextId> = {
  external: 'audience-external',
  everyone: 'audience-everyone',
  all_party_jurisdictions: 'audience-all_party_jurisdictions',
};
const audienceLabel = (audience: string) => t(audienceText[audience] ?? 'audience-everyone');

/**
 * The draft policy as a plain form (no JavaScript): every field of the policy, posted to
 * /compliance/consent/policy. `error` is the sentence of a refused save.
 * @example <PolicyFormView policy={draft} csrfToken={token} />
 */
export function PolicyFormView(props: {
  policy: ConsentPolicy;
  csrfToken: string;
  error?: string;
}) {
  const p = props.policy;
  return (
    <>
      <p class="sub">{t('form-intro')}</p>
      <ConsentNav />
      {props.error ? <p class="error">{props.error}</p> : null}
      <form method="post" action="/compliance/consent/policy" class="form policy-form">
        <CsrfField token={props.csrfToken} />
        <label for="id">{t('policy-id')}</label>
        <input id="id" name="id" value={p.id} required maxlength={200} />
        <label for="recorderName">{t('recorder-name')}</label>
        <input id="recorderName" name="recorderName" value={p.recorderName} maxlength={200} />
        <fieldset>
          <legend>{t('notice-email')}</legend>
          <Check
            name="noticeEmail.enabled"
            checked={p.noticeEmail.enabled}
            label={t('notice-enabled')}
          />
          <label for="leadTimeHours">{t('lead-time')}</label>
          <input
            id="leadTimeHours"
            name="noticeEmail.leadTimeHours"
            type="number"
            min={0}
            step="any"
            value={String(p.noticeEmail.leadTimeHours)}
          />
          <label for="noticeAudience">{t('notice-audience')}</label>
          <Choice
            id="noticeAudience"
            name="noticeEmail.audience"
            options={ConsentPolicy.shape.noticeEmail.shape.audience.options}
            value={p.noticeEmail.audience}
          />
        </fieldset>
        <fieldset>
          <legend>{t('consent-page')}</legend>
          <Check
            name="consentPage.enabled"
            checked={p.consentPage.enabled}
            label={t('page-enabled')}
          />
          <label for="pageAudience">{t('page-audience')}</label>
          <Choice
            id="pageAudience"
            name="consentPage.audience"
            options={ConsentPolicy.shape.consentPage.shape.audience.options}
            value={p.consentPage.audience}
          />
          <Check
            name="staffCoveredByCompanyNotice"
            checked={p.staffCoveredByCompanyNotice === true}
            label={t('staff-covered')}
          />
        </fieldset>
        <fieldset>
          <legend>{t('announcement')}</legend>
          <Check
            name="announcement.enabled"
            checked={p.announcement.enabled}
            label={t('announcement-enabled')}
          />
        </fieldset>
        <button class="btn" type="submit">
          {t('save')}
        </button>
      </form>
    </>
  );
}

function Check(props: { name: string; checked: boolean; label: string }) {
  return (
    <label class="check">
      <input type="checkbox" name={props.name} value="on" checked={props.checked} /> {props.label}
    </label>
  );
}

function Choice(props: { id: string; name: string; options: readonly string[]; value: string }) {
  return (
    <select id={props.id} name={props.name}>
      {props.options.map((option) => (
        <option value={option} selected={option === props.value}>
          {audienceLabel(option)}
        </option>
      ))}
    </select>
  );
}
