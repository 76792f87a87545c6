import {
  type ConnectionEvent,
  ConnectionEvent as ConnectionEventSchema,
} from '@capture-doctor/machines';
import { issueLine } from '../screen-response/screen-response.js';

/** A form of the connection screen read as one event for the connection machine, or why not. */
export type FormEvent = { ok: true; event: ConnectionEvent } | { ok: false; reason: string };

const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean);

// The scope fields every company-wide form carries: the whole company, or the groups listed.
const scopeOf = (form: Record<string, string>) =>
  form.scope === 'groups'
    ? { kind: 'groups', groups: list(form.groups) }
    : { kind: 'whole_company' };

const tenantOf = (form: Record<string, string>) => ({
  id: form.tenantId ?? '',
  provider: form.provider ?? '',
  ...(form.domain ? { domain: form.domain } : {}),
});

/**
 * Turns a submitted form of the connection screen into the connection machine's event, checked
 * by the machine's own schema; the machine then decides whether the change is allowed.
 * @example connectionEventFromForm({ type: 'SET_IMPORT', setting: 'emails', enabled: 'true' }, at)
 */
export function connectionEventFromForm(form: Record<string, string>, at: string): FormEvent {
  const yes = (name: string) => form[name] === 'true' || form[name] === 'on';
  const candidates: Record<string, object> = {
    CHOOSE_PROVIDER: { provider: form.provider },
    CONNECT_COMPANY_WIDE: {
      tenant: tenantOf(form),
      byProviderAdmin: yes('byProviderAdmin'),
      scope: scopeOf(form),
    },
    CONNECT_USER_BY_USER: { tenant: tenantOf(form), memberIds: list(form.memberIds) },
    SET_SCOPE: { scope: scopeOf(form) },
    SWITCH_TO_USER_BY_USER: { memberIds: list(form.memberIds) },
    SWITCH_TO_COMPANY_WIDE: { byProviderAdmin: yes('byProviderAdmin'), scope: scopeOf(form) },
    SET_IMPORT: { setting: form.setting, enabled: yes('enabled') },
    CRM_CONNECTED: {},
    CRM_DISCONNECTED: {},
    DISCONNECT: {},
  };
  const type = form.type ?? '';
  const fields = candidates[type];
  if (fields === undefined)
    return { ok: false, reason: `type: no change "${type}" on this screen` };
  const parsed = ConnectionEventSchema.safeParse({ type, ...fields, at });
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, reason: issueLine(parsed.error) };
}
