import { IconColor, IconName, type MemberReport } from '@capture-doctor/domain';
import { createEvaluator, generateSnapshot, loadCaptureRules } from '@capture-doctor/engine';
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
  it('keeps members whose worst colour is the chosen one, as the summary counts them', () => {
    expect(filterMembers(members, { color: 'yellow', q: '' }).map((m) => m.id)).toEqual(['bo']);
    expect(filterMembers(members, { color: 'red', q: '' }).map((m) => m.id)).toEqual(['cy']);
  });

  it('with an icon, keeps members whose icon has the chosen colour', () => {
    const yellowEmail = { color: 'yellow' as const, icon: 'email' as const, q: '' };
    expect(filterMembers(members, yellowEmail).map((m) => m.id)).toEqual(['cy']);
    const greenCalendar = { color: 'green' as const, icon: 'calendar' as const, q: '' };
    expect(filterMembers(members, greenCalendar).map((m) => m.id)).toEqual(['ada', 'bo']);
  });

  it("lists under each colour filter exactly the members the report's summary counts there", () => {
    const evaluator = createEvaluator(loadCaptureRules());
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom('microsoft_365' as const, 'google_workspace' as const),
        (seed, provider) => {
          const report = evaluator.evaluate(generateSnapshot({ members: 60, seed, provider }));
          for (const color of IconColor.options) {
            const listed = filterMembers(report.members, { color, q: '' });
            expect(listed).toHaveLength(report.summary.worst[color]);
            for (const icon of IconName.options) {
              expect(filterMembers(report.members, { color, icon, q: '' })).toHaveLength(
                report.summary.icons[icon][color],
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('searches names and emails without regard to case', () => {
    expect(filterMembers(members, { color: null, q: 'PARK' }).map((m) => m.id)).toEqual(['ada']);
    expect(filterMembers(members, { color: null, q: 'bo@acme' }).map((m) => m.id)).toEqual(['bo']);
  });

  it('ignores an unknown colour in the query string instead of failing', () => {
    expect(readMemberFilter({ color: 'purple', q: '  ada ' })).toEqual({
      color: null,
      icon: null,
      q: 'ada',
    });
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
