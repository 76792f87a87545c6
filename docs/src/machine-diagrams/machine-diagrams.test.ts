import { describe, expect, it } from 'vitest';
import { machineDiagrams } from './machine-diagrams.js';

describe('machineDiagrams', () => {
  it('draws the connection and the consent machine as Mermaid state diagrams', () => {
    expect(machineDiagrams.map((diagram) => diagram.id)).toEqual(['connection', 'consent']);
    for (const diagram of machineDiagrams) {
      expect(diagram.source.startsWith('stateDiagram-v2\n')).toBe(true);
    }
  });
});
