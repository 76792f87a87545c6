import { describe, expect, it } from 'vitest';
import type { AnyTransitionDefinition, SnapshotFrom } from 'xstate';
import {
  stateNodesOf,
  transitionLabel,
  transitionsOf,
} from '../mermaid-diagram/mermaid-diagram.js';
import { stateName } from '../send-event/send-event.js';
import { consentEvents, coverageInputs } from '../test-support/consent-fixtures.js';
import { type CoveredPath, coverEdges } from '../test-support/path-coverage.js';
import { type ConsentMachine, consentMachine, everyoneConsented } from './consent-machine.js';

type Snap = SnapshotFrom<ConsentMachine>;

// Participants in the same situation are interchangeable for the machine's guards, so states
// are told apart by the sorted situations rather than by who is in them; this keeps the graph small.
// A called-off meeting remembers whether its notice went out, so that is told apart too.
const serialize = (s: Snap): string =>
  JSON.stringify([
    s.value,
    s.context.evidence.some((e) => e.kind === 'notice_email_sent'),
    s.context.participants
      .map(
        (p) => `${p.internal}:${p.allPartyJurisdiction}:${p.mustConsent}:${p.present}:${p.consent}`,
      )
      .sort(),
  ]);

/** What the context must say in each state, whatever path led there; returns the problems. */
function contextProblems(s: Snap): string[] {
  const c = s.context;
  const state = stateName(s.value);
  const problems: string[] = [];
  const open = c.segments.filter((seg) => seg.stoppedAt === null).length;
  const kinds = c.evidence.map((e) => e.kind);
  if (c.evidence.some((e, i) => e.seq !== i + 1)) problems.push('evidence seq is not 1..n');
  if (c.evidence.some((e) => e.policyVersion !== c.policy.version)) problems.push('policy version');
  if (state === 'inCall.recording') {
    if (!everyoneConsented(c.participants)) problems.push('recording without every consent');
    if (open !== 1) problems.push('recording without exactly one open segment');
  } else if (open !== 0) {
    problems.push(`${state} with a recording segment still open`);
  }
  if (state === 'inCall.awaitingConsent' && everyoneConsented(c.participants)) {
    problems.push('waiting although everyone consented');
  }
  // Before the call, only scheduling and the answers given on the consent page from the email.
  const beforeTheCall = ['meeting_scheduled', 'consent_accepted', 'consent_declined'];
  if (state === 'scheduled' && kinds.some((k) => !beforeTheCall.includes(k))) {
    problems.push('scheduled with evidence beyond scheduling and answers');
  }
  if (state === 'noticeSent') {
    const sent = kinds.filter((k) => k === 'notice_email_sent').length;
    if (sent !== c.participants.filter((p) => p.noticeEmail).length) problems.push('notices');
  }
  if (state === 'cancelled' && kinds.includes('recorder_joined'))
    problems.push('cancelled in call');
  if (state === 'recorderRemoved' && !kinds.includes('recorder_removed')) problems.push('removal');
  if (state === 'ended' && kinds.at(-1) !== 'meeting_ended') problems.push('end not recorded');
  return problems;
}

describe('consent machine path coverage', () => {
  const taken = new Set<AnyTransitionDefinition>();
  const visited = new Set<string>();
  const paths: CoveredPath<Snap>[] = [];
  const states: Snap[] = [];
  for (const input of coverageInputs) {
    const coverage = coverEdges(consentMachine, { input, events: consentEvents, serialize });
    for (const t of coverage.taken) taken.add(t);
    for (const id of coverage.visited) visited.add(id);
    paths.push(...coverage.paths);
    states.push(...coverage.states);
  }

  it('every generated path ends in a context that fits its state', () => {
    const problems = paths.flatMap((path) =>
      contextProblems(path.end).map(
        (p) => `${p} after ${path.events.map((e) => e.type).join(',')}`,
      ),
    );
    expect(paths.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('every state of the state graph has a context that fits its state', () => {
    expect(states.length).toBeGreaterThan(300);
    expect(states.flatMap(contextProblems)).toEqual([]);
  });

  it('every state of the machine is entered by some generated path', () => {
    const missing = stateNodesOf(consentMachine)
      .map((node) => node.id)
      .filter((id) => !visited.has(id));
    expect(missing).toEqual([]);
  });

  it('every transition of the machine, refusals included, fires on some generated path', () => {
    const missing = transitionsOf(consentMachine)
      .filter((t) => !taken.has(t))
      .map((t) => `${t.source.id}: ${transitionLabel(t)}`);
    expect(missing).toEqual([]);
  });
});
