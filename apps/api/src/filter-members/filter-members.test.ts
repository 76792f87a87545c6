import type { MemberReport } from '@capture-doctor/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterMembers, readMemberFilter } from './filter-members.js';

const member = (id: string, name: string, icons: MemberReport['icons']): MemberReport => ({
  id,
  email: `${id}@acme.example`,
  name,
  icons,
  findings: [],
});
const members = [
  member('ada', 'Ada Park', { microphone: 'green', calendar: 'green', email: 'green' }),
  member('bo', 'Bo Chen', { microphone: 'yellow', calendar: 'green', email: 'off' }),
  member('cy', 'Cy Ruiz', { microphone: 'red', calendar: 'red', email: 'yellow' }),
];

describe('filterMembers', () => {
  it('keeps members with any icon of the chosen colour', () => {
    expect(filterMembers(members, { color: 'yellow', q: '' }).map((m) => m.id)).toEqual([
      'bo',
      'cy',
    ]);
    expect(filterMembers(members, { color: 'red', q: '' }).map((m) => m.id)).toEqual(['cy']);
  });

  it('searches names and emails without regard to case', () => {
    expect(filterMembers(members, { color: null, q: 'PARK' }).map((m) => m.id)).toEqual(['ada']);
    expect(filterMembers(members, { color: null, q: 'bo@acme' }).map((m) => m.id)).toEqual(['bo']);
  });

  it('ignores an unknown colour in the query string instead of failing', () => {
    expect(readMemberFilter({ color: 'purple', q: '  ada ' })).toEqual({ color: null, q: 'ada' });
  });

  it('never returns a member that was not given, whatever the filter', () => {
    fc.assert(
      fc.property(
        fc.record({ color: fc.option(fc.string()), q: fc.option(fc.string()) }),
        (query) => {
          const filter = readMemberFilter({
            color: query.color ?? undefined,
            q: query.q ?? undefined,
          });
          const out = filterMembers(members, filter);
          expect(out.every((m) => members.includes(m))).toBe(true);
        },
      ),
    );
  });
});
