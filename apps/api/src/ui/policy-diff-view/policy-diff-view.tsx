/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ConsentPolicyVersion } from '@capture-doctor/store';
import type { PolicyChange } from '../../services/consent/policy-diff.js';
import { consentText as t } from '../consent-text/consent-text.js';
import { ChangesTable, ConsentNav } from '../consent-view/consent-view.js';

/**
 * Two versions picked in a plain GET form, and the fields that changed between them.
 * @example <PolicyDiffView versions={versions} from={1} to={2} changes={changes} />
 */
export function PolicyDiffView(props: {
  versions: ConsentPolicyVersion[];
  from: number;
  to: number;
  changes: PolicyChange[] | null;
}) {
  const picker = (id: string, label: string, chosen: number) => (
    <>
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        {props.versions.map((v) => (
          <option value={String(v.version)} selected={v.version === chosen}>
            {`${v.version} (${v.status})`}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <>
      <ConsentNav />
      <form method="get" action="/compliance/consent/diff" class="form inline">
        {picker('from', t('diff-from'), props.from)}
        {picker('to', t('diff-to'), props.to)}
        <button class="btn" type="submit">
          {t('diff-run')}
        </button>
      </form>
      {props.changes ? <ChangesTable changes={props.changes} empty={t('diff-none')} /> : null}
    </>
  );
}
