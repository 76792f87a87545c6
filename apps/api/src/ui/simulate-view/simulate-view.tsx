/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Catalog } from '@capture-doctor/engine';
import type { MeetingSimulation } from '@capture-doctor/machines';
import type { ConsentPolicyVersion } from '@capture-doctor/store';
import { consentText as t } from '../consent-text/consent-text.js';
import { ConsentNav, FindingList, Scroll } from '../consent-view/consent-view.js';

/** What the simulate form was filled with, to show it again beside the result. */
export interface SimulateFormValues {
  version: number;
  startsAt: string;
  participants: string;
}

/**
 * The simulate form (a plain GET form: simulating changes nothing) and, once run, the result:
 * would it record, what each participant is told, and what the consent rules say.
 * @example <SimulateView versions={versions} values={values} result={sim} catalog={catalog} />
 */
export function SimulateView(props: {
  versions: ConsentPolicyVersion[];
  values: SimulateFormValues;
  catalog: Catalog;
  result?: MeetingSimulation;
  error?: string;
}) {
  const { values, result } = props;
  return (
    <>
      <p class="sub">{t('sim-intro')}</p>
      <ConsentNav />
      {props.versions.length === 0 ? <p class="empty">{t('sim-no-version')}</p> : null}
      {props.error ? <p class="error">{props.error}</p> : null}
      <form method="get" action="/compliance/consent/simulate" class="form">
        <input type="hidden" name="run" value="1" />
        <label for="version">{t('sim-version')}</label>
        <select id="version" name="version">
          {props.versions.map((v) => (
            <option value={String(v.version)} selected={v.version === values.version}>
              {`${v.version} (${v.status})`}
            </option>
          ))}
        </select>
        <label for="startsAt">{t('sim-starts')}</label>
        <input
          id="startsAt"
          name="startsAt"
          type="datetime-local"
          value={values.startsAt}
          required
        />
        <label for="participants">{t('sim-participants')}</label>
        <textarea id="participants" name="participants" rows={5}>
          {values.participants}
        </textarea>
        <button class="btn" type="submit">
          {t('sim-run')}
        </button>
      </form>
      {result ? <SimulationResult result={result} catalog={props.catalog} /> : null}
    </>
  );
}

function SimulationResult(props: { result: MeetingSimulation; catalog: Catalog }) {
  const { result } = props;
  const yes = (value: boolean) => (value ? t('yes') : t('no'));
  return (
    <section aria-labelledby="outcome" data-would-record={String(result.wouldRecord)}>
      <h2 id="outcome">
        {result.wouldRecord
          ? t('sim-records', { from: result.recordedFrom ?? '' })
          : t('sim-no-record')}
      </h2>
      <h3>{t('sim-participants-title')}</h3>
      <Scroll label={t('sim-participants-title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('participant')}</th>
              <th scope="col">{t('jurisdiction')}</th>
              <th scope="col">{t('told-email')}</th>
              <th scope="col">{t('told-page')}</th>
              <th scope="col">{t('answer')}</th>
            </tr>
          </thead>
          <tbody>
            {result.participants.map((p) => (
              <tr data-participant={p.id}>
                <td>{p.id}</td>
                <td>{p.jurisdictionName ?? p.jurisdiction ?? '—'}</td>
                <td>{yes(p.noticeEmail)}</td>
                <td>{yes(p.consentPage)}</td>
                <td>{p.consent}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h3>{t('findings')}</h3>
      <FindingList findings={result.findings} catalog={props.catalog} />
    </section>
  );
}
