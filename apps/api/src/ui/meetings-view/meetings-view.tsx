/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type {
  EvidenceEvent,
  MeetingView as Meeting,
} from '../../services/meetings/meeting-schemas.js';
import { consentText as t } from '../consent-text/consent-text.js';
import { ConsentNav, Scroll } from '../consent-view/consent-view.js';

const yes = (value: boolean) => (value ? t('yes') : t('no'));

/**
 * The company's meetings, each with its participants' answers; `next` links the next page.
 * @example <MeetingsView meetings={page.items} next={page.nextCursor} />
 */
export function MeetingsView(props: { meetings: Meeting[]; next?: string }) {
  return (
    <>
      <p class="sub">{t('meetings-intro')}</p>
      <ConsentNav />
      {props.meetings.length === 0 ? <p class="empty">{t('meetings-none')}</p> : null}
      {props.meetings.map((m) => (
        <section class="card" data-meeting={m.id} aria-labelledby={`meeting-${m.id}`}>
          <h2 id={`meeting-${m.id}`}>
            <a href={`/compliance/meetings/${encodeURIComponent(m.id)}`}>{m.title}</a>
          </h2>
          <p>
            {t('starts')}: {m.startsAt} · {t('recording')}: {yes(m.recording)} · {t('state')}:{' '}
            {m.state}
          </p>
          <ParticipantTable meeting={m} />
        </section>
      ))}
      {props.next ? (
        <p>
          <a href={`/compliance/meetings?cursor=${encodeURIComponent(props.next)}`}>
            {t('meetings-next')}
          </a>
        </p>
      ) : null}
    </>
  );
}

/**
 * Who is in a meeting and what each answered, as the consent machine holds it.
 * @example <ParticipantTable meeting={meeting} />
 */
export function ParticipantTable(props: { meeting: Meeting }) {
  return (
    <Scroll label={`${t('participants')}: ${props.meeting.title}`}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('participant')}</th>
            <th scope="col">{t('jurisdiction')}</th>
            <th scope="col">{t('must-consent')}</th>
            <th scope="col">{t('told-email')}</th>
            <th scope="col">{t('answer')}</th>
          </tr>
        </thead>
        <tbody>
          {props.meeting.participants.map((p) => (
            <tr data-participant={p.email}>
              <td>
                {p.name ?? p.email} <small>({p.internal ? t('internal') : t('external')})</small>
              </td>
              <td>{p.jurisdiction ?? '—'}</td>
              <td>{yes(p.mustConsent)}</td>
              <td>{yes(p.noticeEmail)}</td>
              <td data-answer={p.consent}>{p.consent}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

/**
 * One meeting: its participants, the verify result of its evidence chain, the evidence (a page
 * at a time) and the CSV download.
 * @example <MeetingEvidenceView meeting={m} evidence={page.items} verified={check} />
 */
export function MeetingEvidenceView(props: {
  meeting: Meeting;
  evidence: EvidenceEvent[];
  next?: string;
  verify: { valid: true } | { valid: false; brokenAt: { seq: number; reason: string } };
}) {
  const { meeting, verify } = props;
  const base = `/compliance/meetings/${encodeURIComponent(meeting.id)}`;
  return (
    <>
      <ConsentNav />
      <p>
        {t('starts')}: {meeting.startsAt} · {t('recording')}: {yes(meeting.recording)} ·{' '}
        {t('state')}: {meeting.state}
      </p>
      <ParticipantTable meeting={meeting} />
      <h2>{t('evidence')}</h2>
      <p class={verify.valid ? 'notice' : 'error'} data-verify={String(verify.valid)}>
        {verify.valid
          ? t('verify-valid')
          : t('verify-broken', { seq: verify.brokenAt.seq, reason: verify.brokenAt.reason })}
      </p>
      <p>
        <a class="btn secondary" href={`${base}/evidence.csv`} download>
          {t('evidence-csv')}
        </a>
      </p>
      <p class="sub">{t('evidence-intro')}</p>
      {props.evidence.length === 0 ? (
        <p>{t('evidence-none')}</p>
      ) : (
        <Scroll label={t('evidence')}>
          <table class="evidence">
            <thead>
              <tr>
                <th scope="col">{t('seq')}</th>
                <th scope="col">{t('at')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col">{t('participant')}</th>
                <th scope="col">{t('policy-version')}</th>
                <th scope="col">{t('details')}</th>
                <th scope="col">{t('hash')}</th>
              </tr>
            </thead>
            <tbody>
              {props.evidence.map((e) => (
                <tr data-seq={e.seq}>
                  <td>{e.seq}</td>
                  <td>{e.at}</td>
                  <td>{e.kind}</td>
                  <td>{e.participantId ?? '—'}</td>
                  <td>{e.policyVersion ?? '—'}</td>
                  <td>
                    <code>{JSON.stringify(e.details)}</code>
                  </td>
                  <td>
                    <code>{e.hash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {props.next ? (
        <p>
          <a href={`${base}?cursor=${encodeURIComponent(props.next)}`}>{t('evidence-more')}</a>
        </p>
      ) : null}
    </>
  );
}
