import { describe, expect, it } from 'vitest';
import { findDiagrams } from './machine-diagrams.js';

const source = 'stateDiagram-v2\n  [*] --> idle';

describe('findDiagrams', () => {
  it('finds string exports that are Mermaid state diagrams', () => {
    expect(findDiagrams({ consentDiagram: source, version: '1', other: 'flowchart TD' })).toEqual([
      { id: 'consent', title: 'Consent machine', exportName: 'consentDiagram', source },
    ]);
  });

  it('draws each exported machine with an exported mermaidDiagram function', () => {
    const connectionMachine = { root: {}, id: 'connection' };
    const found = findDiagrams({
      connectionMachine,
      mermaidDiagram: (machine: { id: string }) => `stateDiagram-v2\n  [*] --> ${machine.id}`,
    });
    expect(found.map((diagram) => [diagram.id, diagram.source])).toEqual([
      ['connection', 'stateDiagram-v2\n  [*] --> connection'],
    ]);
  });

  it('calls a no-argument diagram function and reads an object of diagrams', () => {
    const found = findDiagrams({
      connectionStateDiagram: () => source,
      diagrams: { recordingConsent: source },
    });
    expect(found.map((diagram) => diagram.id)).toEqual(['connection', 'recording-consent']);
  });

  it('finds nothing in a module without diagrams', () => {
    expect(findDiagrams({ connectionMachine: { root: {} }, refuse: () => 'no' })).toEqual([]);
  });
});
