import { type AnyStateMachine, createActor, type Snapshot, type StateValue } from 'xstate';
import type { ConnectionEvent } from '../connection-events/connection-events.js';
import {
  type ConnectionContext,
  type ConnectionInput,
  connectionMachine,
} from '../connection-machine/connection-machine.js';
import type { ConsentEvent, ConsentInput } from '../consent-events/consent-events.js';
import { type ConsentContext, consentMachine } from '../consent-machine/consent-machine.js';
import { consentRefusal, type Refusal } from '../refusals/refusals.js';

/** What one event did: the new state, the snapshot to store, and the refusal if it was refused. */
export interface EventResult<TContext> {
  state: string;
  context: TContext;
  persisted: Snapshot<unknown>;
  refusal: Refusal | null;
  done: boolean;
}

/**
 * A state value written as one dotted name.
 * @example stateName({ connected: 'userByUser' }) // 'connected.userByUser'
 */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? ['', undefined];
  return child === undefined ? key : `${key}.${stateName(child)}`;
}

/**
 * Restores the company's connection actor from its stored snapshot (or starts one when there
 * is none), applies one event and returns the outcome and the snapshot to store next.
 * @example sendConnectionEvent(null, { companyId: 'acme' }, { type: 'CHOOSE_PROVIDER', provider: 'google_workspace', at })
 */
export function sendConnectionEvent(
  persisted: unknown,
  input: ConnectionInput,
  event: ConnectionEvent,
): EventResult<ConnectionContext> {
  return send<ConnectionContext>(connectionMachine, persisted, input, event);
}

/**
 * Restores a meeting's consent actor from its stored snapshot (or starts one from `input`),
 * applies one event and returns the outcome; an event after the meeting ended is refused.
 * @example sendConsentEvent(stored, input, { type: 'CONSENT_ACCEPTED', participantId: 'p1', at })
 */
export function sendConsentEvent(
  persisted: unknown,
  input: ConsentInput,
  event: ConsentEvent,
): EventResult<ConsentContext> {
  return send<ConsentContext>(consentMachine, persisted, input, event);
}

/**
 * Starts a meeting's consent actor from `input` without sending it anything: the first
 * snapshot to store, with the `meeting_scheduled` evidence the machine writes on creation.
 * @example const { persisted, context } = startConsentActor(input)
 */
export function startConsentActor(input: ConsentInput): EventResult<ConsentContext> {
  const actor = createActor(consentMachine, { input });
  actor.start();
  return result<ConsentContext>(actor, null);
}

/**
 * Restores a meeting's consent actor from its stored snapshot to read where it stands,
 * without sending it anything.
 * @example restoreConsentActor(stored).state // 'inCall.recording'
 */
export function restoreConsentActor(persisted: unknown): EventResult<ConsentContext> {
  // Restoring needs no input: the snapshot carries the context.
  const machine: AnyStateMachine = consentMachine;
  const actor = createActor(machine, { snapshot: checkPersisted(persisted) });
  actor.start();
  return result<ConsentContext>(actor, null);
}

function send<TContext extends { refusalCount: number; lastRefusal: Refusal | null }>(
  machine: AnyStateMachine,
  persisted: unknown,
  input: unknown,
  event: { type: string },
): EventResult<TContext> {
  const actor =
    persisted === null || persisted === undefined
      ? createActor(machine, { input })
      : createActor(machine, { snapshot: checkPersisted(persisted), input });
  actor.start();
  const before = actor.getSnapshot();
  if (before.status === 'done') {
    return result<TContext>(actor, consentRefusal('meeting_ended', event.type));
  }
  const refusalsBefore = (before.context as TContext).refusalCount;
  actor.send(event);
  const context = actor.getSnapshot().context as TContext;
  return result<TContext>(
    actor,
    context.refusalCount > refusalsBefore ? context.lastRefusal : null,
  );
}

function result<TContext>(
  actor: ReturnType<typeof createActor<AnyStateMachine>>,
  refusal: Refusal | null,
): EventResult<TContext> {
  const snapshot = actor.getSnapshot();
  const out: EventResult<TContext> = {
    state: stateName(snapshot.value),
    context: snapshot.context as TContext,
    persisted: actor.getPersistedSnapshot(),
    refusal,
    done: snapshot.status === 'done',
  };
  actor.stop();
  return out;
}

function checkPersisted(persisted: unknown): Snapshot<unknown> {
  if (!isStoredSnapshot(persisted)) {
    throw new Error('stored snapshot: expected an object with status, value and context');
  }
  return persisted;
}

function isStoredSnapshot(x: unknown): x is Snapshot<unknown> {
  return typeof x === 'object' && x !== null && 'value' in x && 'context' in x && 'status' in x;
}
