import { describe, expect, it } from 'vitest';
import type { SnapshotFrom } from 'xstate';
import {
  stateNodesOf,
  transitionLabel,
  transitionsOf,
} from '../mermaid-diagram/mermaid-diagram.js';
import { stateName } from '../send-event/send-event.js';
import { connectionEvents } from '../test-support/connection-fixtures.js';
import { coverEdges } from '../test-support/path-coverage.js';
import { type ConnectionMachine, connectionMachine } from './connection-machine.js';

type Snap = SnapshotFrom<ConnectionMachine>;

const serialize = (s: Snap): string =>
  JSON.stringify([
    s.value,
    s.context.provider,
    s.context.tenant?.id ?? null,
    s.context.crmConnected,
    s.context.import.meetings,
    s.context.import.emails,
    s.context.scope?.kind ?? null,
    Object.entries(s.context.members).map(([id, m]) => `${id}:${m.status}`),
  ]);

/** What the context must say in each state, whatever path led there; returns the problems. */
function contextProblems(s: Snap): string[] {
  const c = s.context;
  const state = stateName(s.value);
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(`${state}: ${problem}`);
  };
  check(!c.import.emails || c.crmConnected, 'email import without a CRM');
  check(c.lastRefusal === null || c.refusalCount > 0, 'a refusal that was not counted');
  if (state === 'noProvider') {
    check(c.provider === null && c.tenant === null && c.mode === null, 'still connected');
    check(
      Object.values(c.import).every((on) => !on),
      'import still on',
    );
    check(Object.keys(c.members).length === 0, 'members kept');
  }
  if (state === 'providerChosen') {
    check(c.provider !== null && c.tenant === null && c.mode === null, 'provider only');
  }
  if (state.startsWith('connected')) check(c.tenant?.provider === c.provider, 'tenant provider');
  if (state === 'connected.companyWide') {
    check(c.mode === 'company_wide', 'mode');
    check(c.connectedByProviderAdmin === true, 'company-wide without a provider admin');
    check(c.scope !== null && Object.keys(c.members).length === 0, 'scope and no invitations');
  }
  if (state === 'connected.userByUser') {
    check(c.mode === 'user_by_user' && c.scope === null, 'mode and scope');
  }
  return problems;
}

describe('connection machine path coverage', () => {
  const coverage = coverEdges(connectionMachine, {
    input: { companyId: 'acme' },
    events: connectionEvents,
    serialize,
  });

  it('every generated path ends in a context that fits its state', () => {
    const problems = coverage.paths.flatMap((path) =>
      contextProblems(path.end).map(
        (p) => `${p} after ${path.events.map((e) => e.type).join(',')}`,
      ),
    );
    expect(coverage.paths.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('every state of the state graph has a context that fits its state', () => {
    expect(coverage.states.length).toBeGreaterThan(100);
    expect(coverage.states.flatMap(contextProblems)).toEqual([]);
  });

  it('every state of the machine is entered by some generated path', () => {
    const missing = stateNodesOf(connectionMachine)
      .map((node) => node.id)
      .filter((id) => !coverage.visited.has(id));
    expect(missing).toEqual([]);
  });

  it('every transition of the machine, refusals included, fires on some generated path', () => {
    const missing = transitionsOf(connectionMachine)
      .filter((t) => !coverage.taken.has(t))
      .map((t) => `${t.source.id}: ${transitionLabel(t)}`);
    expect(missing).toEqual([]);
  });
});
