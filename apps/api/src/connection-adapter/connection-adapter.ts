import {
  type ConnectionContext,
  ConnectionEvent,
  sendConnectionEvent,
} from '@capture-doctor/machines';
import type { ConnectionPort, ConnectionView } from '../connection-port/connection-port.js';

/**
 * Binds the API's connection port to the connection machine of @capture-doctor/machines.
 * @example connectionAdapter().send('acme', null, { type: 'CHOOSE_PROVIDER', provider: 'google_workspace', at })
 */
export function connectionAdapter(): ConnectionPort {
  return {
    eventSchema: ConnectionEvent,
    view(persisted) {
      if (!isPersisted(persisted)) return { state: 'not_configured', configuration: {} };
      return toView(persisted.value, persisted.context);
    },
    send(companyId, persisted, event) {
      const result = sendConnectionEvent(
        persisted ?? null,
        { companyId },
        ConnectionEvent.parse(event),
      );
      if (result.refusal)
        return { ok: false, code: result.refusal.code, message: result.refusal.message };
      const { context } = result;
      return {
        ok: true,
        persisted: result.persisted,
        view: toView(result.state, context),
        tenant: context.tenant
          ? { provider: context.tenant.provider, id: context.tenant.id, mode: context.mode }
          : null,
      };
    },
  };
}

function toView(state: unknown, context: ConnectionContext): ConnectionView {
  const { pastCalls, lastRefusal: _refusal, refusalCount: _count, ...configuration } = context;
  return {
    state: typeof state === 'string' ? state : stateText(state),
    configuration: { ...configuration, recordedCalls: pastCalls.length },
  };
}

function stateText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return 'unknown';
  const [key, child] = Object.entries(value)[0] ?? ['unknown', undefined];
  return child === undefined ? key : `${key}.${stateText(child)}`;
}

function isPersisted(x: unknown): x is { value: unknown; context: ConnectionContext } {
  return typeof x === 'object' && x !== null && 'value' in x && 'context' in x;
}
