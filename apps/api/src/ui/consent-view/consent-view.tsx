/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ConsentFinding } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';
import type { ConsentPolicyVersion } from '@capture-doctor/store';
import type { Child } from 'hono/jsx';
import type { ApprovalCheck } from '../../services/consent/consent-approval.js';
import type { PolicyChange } from '../../services/consent/policy-diff.js';
import { consentText as t } from '../consent-text/consent-text.js';
import { CsrfField } from '../csrf-field/csrf-field.js';

/**
 * A table that may scroll sideways on a phone: focusable and named, so a keyboard can scroll it.
 * @example <Scroll label="Versions"><table>…</table></Scroll>
 */
export function Scroll(props: { label: string; children: Child }) {
  return (
    <section class="scroll" aria-label={props.label} tabindex={0}>
      {props.children}
    </section>
  );
}

/** The sub-navigation of the Consent section. */
export function ConsentNav() {
  return (
    <nav class="subnav" aria-label={t('title')}>
      <a href="/compliance/consent">{t('title')}</a>
      <a href="/compliance/consent/policy">{t('edit')}</a>
      <a href="/compliance/consent/simulate">{t('simulate')}</a>
      <a href="/compliance/consent/diff">{t('diff')}</a>
      <a href="/compliance/meetings">{t('meetings')}</a>
    </nav>
  );
}

/**
 * The Consent section's front page: the version in force, the draft, what approving it would
 * meet (changes, findings, the refusal sentence) and the approve form; then every version.
 * @example <ConsentView versions={versions} check={check} catalog={catalog} csrfToken={token} canApprove />
 */
export function ConsentView(props: {
  versions: ConsentPolicyVersion[];
  check: ApprovalCheck | null;
  catalog: Catalog;
  csrfToken: string;
  canApprove: boolean;
}) {
  const inForce = props.versions.find((v) => v.status === 'approved');
  const { check } = props;
  return (
    <>
      <p class="sub">{t('intro')}</p>
      <ConsentNav />
      <div class="card">
        <p>
          {inForce
            ? t('in-force', {
                version: inForce.version,
                by: inForce.approvedBy ?? '',
                at: inForce.approvedAt ?? '',
              })
            : t('in-force-none')}
        </p>
        <p>
          {check
            ? t('draft', {
                version: check.draft.version,
                by: check.draft.updatedBy,
                at: check.draft.updatedAt,
              })
            : t('draft-none')}
        </p>
      </div>
      {check ? (
        <ApprovalSection
          check={check}
          catalog={props.catalog}
          csrfToken={props.csrfToken}
          canApprove={props.canApprove}
        />
      ) : null}
      <h2>{t('versions')}</h2>
      <Scroll label={t('versions')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('version')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('edited-by')}</th>
              <th scope="col">{t('approved-by')}</th>
              <th scope="col">{t('reason-col')}</th>
            </tr>
          </thead>
          <tbody>
            {props.versions.map((v) => (
              <tr data-version={v.version}>
                <td>{v.version}</td>
                <td>{v.status}</td>
                <td>{v.updatedBy}</td>
                <td>{v.approvedBy ?? ''}</td>
                <td>{v.approvalReason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </>
  );
}

function ApprovalSection(props: {
  check: ApprovalCheck;
  catalog: Catalog;
  csrfToken: string;
  canApprove: boolean;
}) {
  const { check } = props;
  const usual = check.usual.jurisdictions;
  return (
    <section aria-labelledby="approval">
      <h2 id="approval">{t('approval')}</h2>
      <h3>{t('changes')}</h3>
      <ChangesTable changes={check.changes} empty={t('changes-none')} />
      <h3>{t('findings')}</h3>
      <p>{usual.length > 0 ? t('usual', { jurisdictions: usual.join(', ') }) : t('usual-none')}</p>
      <FindingList findings={check.findings} catalog={props.catalog} />
      {check.refusal ? (
        <p class="error" data-refusal>
          {t('refusal', { sentence: check.refusal })}
        </p>
      ) : null}
      {props.canApprove ? (
        <form method="post" action="/compliance/consent/approve" class="form">
          <CsrfField token={props.csrfToken} />
          <label for="reason">{t('reason')}</label>
          <textarea id="reason" name="reason" rows={3} maxlength={2000} />
          <button class="btn" type="submit">
            {t('approve')}
          </button>
        </form>
      ) : (
        <p>{t('only-compliance-approves')}</p>
      )}
    </section>
  );
}

/**
 * The consent rules' findings, each with its colour as a word and a bar (never colour alone).
 * @example <FindingList findings={sim.findings} catalog={catalog} />
 */
export function FindingList(props: { findings: ConsentFinding[]; catalog: Catalog }) {
  if (props.findings.length === 0) return <p>{t('findings-none')}</p>;
  return (
    <ul class="consent-findings">
      {props.findings.map((f) => {
        const colour = props.catalog.colors[f.color];
        return (
          <li data-rule={f.ruleId} data-color={f.color} style={`border-left-color:${colour.hex}`}>
            <b>
              {colour.label}: {f.title}
            </b>
            <p>{f.message}</p>
            <p class="fix">{f.fix}</p>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A table of changed fields, old → new.
 * @example <ChangesTable changes={diff} empty="Nothing changed." />
 */
export function ChangesTable(props: { changes: PolicyChange[]; empty: string }) {
  if (props.changes.length === 0) return <p>{props.empty}</p>;
  const shown = (value: PolicyChange['from']) => (value === null ? '—' : String(value));
  return (
    <Scroll label={t('changes')}>
      <table class="changes">
        <thead>
          <tr>
            <th scope="col">{t('field')}</th>
            <th scope="col">{t('old')}</th>
            <th scope="col">{t('new')}</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((change) => (
            <tr data-field={change.field}>
              <td>
                <code>{change.field}</code>
              </td>
              <td>{shown(change.from)}</td>
              <td>{shown(change.to)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
