import { describe, expect, it } from 'vitest';
import { readParticipantLines } from './simulate-form.js';

describe('the simulate form’s participant lines', () => {
  it('reads name, kind, jurisdiction and an optional answer, skipping blank lines', () => {
    expect(
      readParticipantLines('host, internal, de\n\nguest, external, unknown, decline\n'),
    ).toEqual({
      ok: true,
      participants: [
        { id: 'host', name: 'host', internal: true, jurisdiction: 'DE' },
        { id: 'guest', name: 'guest', internal: false, jurisdiction: null },
      ],
      answers: { guest: 'decline' },
    });
  });

  it('names the first line at fault and why', () => {
    expect(readParticipantLines('a, internal, DE\nb, guest, DE')).toEqual({
      ok: false,
      line: 2,
      problem: 'kind',
    });
    expect(readParticipantLines('a, internal, Germany')).toMatchObject({ problem: 'jurisdiction' });
    expect(readParticipantLines('a, internal')).toMatchObject({ problem: 'fields' });
    expect(readParticipantLines('a, internal, DE, maybe')).toMatchObject({ problem: 'answer' });
    expect(readParticipantLines('  \n')).toMatchObject({ problem: 'empty' });
    expect(readParticipantLines('a, internal, DE\na, external, FR')).toMatchObject({
      line: 2,
      problem: 'duplicate',
    });
  });
});
