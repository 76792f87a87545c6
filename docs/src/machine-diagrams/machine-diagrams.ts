import { connectionDiagram, consentDiagram } from '@capture-doctor/machines';

/** A machine's state diagram, as Mermaid source. */
export interface MachineDiagram {
  id: string;
  title: string;
  /** The function of @capture-doctor/machines that draws it. */
  exportName: string;
  source: string;
}

/**
 * The machines' state diagrams, drawn from the machine definitions themselves so the docs
 * cannot drift from what runs.
 * @example machineDiagrams.map((diagram) => diagram.id) // ['connection', 'consent']
 */
export const machineDiagrams: readonly MachineDiagram[] = [
  {
    id: 'connection',
    title: 'Connection machine',
    exportName: 'connectionDiagram',
    source: connectionDiagram(),
  },
  {
    id: 'consent',
    title: 'Consent machine',
    exportName: 'consentDiagram',
    source: consentDiagram(),
  },
];
