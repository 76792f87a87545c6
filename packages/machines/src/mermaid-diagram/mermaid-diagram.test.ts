import { describe, expect, it } from 'vitest';
import { connectionMachine } from '../connection-machine/connection-machine.js';
import { consentMachine } from '../consent-machine/consent-machine.js';
import {
  describeStates,
  mermaidDiagram,
  transitionLabel,
  transitionsOf,
} from './mermaid-diagram.js';

describe('mermaid diagrams', () => {
  it.each([
    ['connection', connectionMachine],
    ['consent', consentMachine],
  ] as const)(
    'the %s diagram shows every transition of the machine definition',
    (_name, machine) => {
      const diagram = mermaidDiagram(machine);
      for (const t of transitionsOf(machine)) {
        expect(diagram).toContain(transitionLabel(t).replace(/[:;#]/g, ' -'));
      }
    },
  );

  it('every state has a description for the docs', () => {
    const states = describeStates(consentMachine);
    expect(states.map((s) => s.state)).toEqual([
      'scheduled',
      'noticeSent',
      'inCall',
      'inCall.awaitingConsent',
      'inCall.recording',
      'recorderRemoved',
      'cancelled',
      'ended',
    ]);
    expect(states.every((s) => s.description.length > 10)).toBe(true);
    expect(describeStates(connectionMachine).every((s) => s.description.length > 10)).toBe(true);
  });
});

describe('mermaid diagram options', () => {
  it('without notes the diagram keeps only the moves between states', () => {
    const diagram = mermaidDiagram(consentMachine, { notes: false });
    expect(diagram).not.toContain('note ');
    expect(diagram).toContain(
      'awaitingConsent --> recording : CONSENT_ACCEPTED [acceptCompletesConsent]',
    );
  });
});
