import type { Participant } from '@capture-doctor/domain';
import { SimulatedAnswer } from '@capture-doctor/machines';
import type { z } from 'zod';

type ParticipantInput = z.input<typeof Participant>;

/** The simulate form's participants, read from its text box; or the first line at fault. */
export type SimulateLines =
  | { ok: true; participants: ParticipantInput[]; answers: Record<string, SimulatedAnswer> }
  | {
      ok: false;
      line: number;
      problem: 'fields' | 'kind' | 'jurisdiction' | 'answer' | 'empty' | 'duplicate';
    };

const JURISDICTION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

/**
 * Reads one participant a line: `name, internal|external, jurisdiction|unknown[, decline]`.
 * @example readParticipantLines('host, internal, DE\nguest, external, US-CA, decline')
 */
export function readParticipantLines(text: string): SimulateLines {
  const lines = text
    .split(/\r?\n/)
    .map((line, index) => ({ index: index + 1, fields: line.split(',').map((f) => f.trim()) }))
    .filter(({ fields }) => fields.some((f) => f.length > 0))
    .slice(0, 500);
  if (lines.length === 0) return { ok: false, line: 1, problem: 'empty' };
  const participants: ParticipantInput[] = [];
  const answers: Record<string, SimulatedAnswer> = {};
  for (const { index, fields } of lines) {
    const [id = '', kind = '', place = '', answer = ''] = fields;
    if (!id || fields.length < 3 || fields.length > 4) return refuse(index, 'fields');
    if (participants.some((p) => p.id === id)) return refuse(index, 'duplicate');
    if (kind !== 'internal' && kind !== 'external') return refuse(index, 'kind');
    const jurisdiction = place.toLowerCase() === 'unknown' ? null : place.toUpperCase();
    if (jurisdiction !== null && !JURISDICTION.test(jurisdiction))
      return refuse(index, 'jurisdiction');
    const said = SimulatedAnswer.safeParse(answer);
    if (answer && !said.success) return refuse(index, 'answer');
    participants.push({ id, name: id, internal: kind === 'internal', jurisdiction });
    if (said.success) answers[id] = said.data;
  }
  return { ok: true, participants, answers };
}

function refuse(line: number, problem: Exclude<SimulateLines, { ok: true }>['problem']) {
  return { ok: false as const, line, problem };
}
