import type {
  CaptureSnapshot,
  IconColor,
  IconName,
  MemberFacts,
  Report,
} from '@capture-doctor/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBaselineEvaluator } from '../baseline/create-baseline-evaluator.js';
import { worseColor } from '../build-report/build-report.js';
import { createEvaluator } from '../create-evaluator/create-evaluator.js';
import { loadCaptureRules } from '../load-rules/load-rules.js';
import { broadScopes, healthySnapshotArb, snapshotArb } from '../test-support/arbitraries.js';

const ruleSet = loadCaptureRules();
const evaluator = createEvaluator(ruleSet);
const ICONS: readonly IconName[] = ['microphone', 'calendar', 'email'];
const RANK: Record<IconColor, number> = { off: 0, green: 1, unknown: 2, yellow: 3, red: 4 };
const COLORS = new Set<IconColor>(['off', 'green', 'unknown', 'yellow', 'red']);

type Worsening = (snapshot: CaptureSnapshot, member: MemberFacts) => void;

/** Changes that can only make capture worse, each touching one fact. */
const worsenings: Record<string, Worsening> = {
  'mailbox ok becomes unknown': (_, m) => {
    if (m.access.mailbox === 'ok') m.access.mailbox = 'unknown';
  },
  'calendar ok becomes unknown': (_, m) => {
    if (m.access.calendar === 'ok') m.access.calendar = 'unknown';
  },
  'mailbox becomes denied': (_, m) => {
    if (m.access.mailbox === 'ok' || m.access.mailbox === 'unknown') m.access.mailbox = 'denied';
  },
  'calendar becomes not found': (_, m) => {
    if (m.access.calendar === 'ok' || m.access.calendar === 'unknown')
      m.access.calendar = 'not_found';
  },
  'mailbox becomes error': (_, m) => {
    if (m.access.mailbox === 'ok' || m.access.mailbox === 'unknown') m.access.mailbox = 'error';
  },
  'calendar becomes error': (_, m) => {
    if (m.access.calendar === 'ok' || m.access.calendar === 'unknown') m.access.calendar = 'error';
  },
  'the connection is revoked': (_, m) => {
    if (m.connection === 'connected') m.connection = 'revoked';
  },
  'the seat loses recording': (_, m) => {
    if (m.seat) m.seat.includesRecording = false;
  },
  'the seat is removed': (_, m) => {
    m.seat = null;
  },
  'the member leaves the connection scope': (_, m) => {
    m.inScope = false;
  },
  'provider permission is withdrawn': (s) => {
    s.company.providerPermissionGranted = false;
  },
  'email access is withdrawn': (s) => {
    s.company.emailAccessAuthorized = false;
  },
  'the CRM is disconnected': (s) => {
    s.company.crmConnected = false;
  },
  'the provider becomes unreachable': (s) => {
    if (s.company.health === 'ok') s.company.health = 'connectivity_error';
  },
  'the provider starts failing': (s) => {
    if (s.company.health === 'ok') s.company.health = 'error';
  },
  'a broader scope is granted': (s) => {
    s.company.grantedScopes = [...s.company.grantedScopes, broadScopes[0]!];
  },
  'a second tenant appears': (s) => {
    s.company.tenants = [...s.company.tenants, { id: 'extra', provider: 'microsoft_365' }];
  },
};

function iconsById(report: Report): Map<string, Report['members'][number]['icons']> {
  return new Map(report.members.map((m) => [m.id, m.icons]));
}

describe('evaluator properties', () => {
  it('gives each member exactly one valid colour per icon, once', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        const report = evaluator.evaluateSnapshot(snapshot);
        expect(report.members.map((m) => m.id).sort()).toEqual(
          snapshot.members.map((m) => m.id).sort(),
        );
        for (const member of report.members) {
          expect(Object.keys(member.icons).sort()).toEqual([...ICONS].sort());
          for (const icon of ICONS) expect(COLORS.has(member.icons[icon])).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('colours an icon with the worst of its findings, and never with a finding when it has none', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        for (const member of evaluator.evaluateSnapshot(snapshot).members) {
          for (const icon of ICONS) {
            const colors = member.findings
              .filter((f) => f.icons.includes(icon))
              .map((f) => f.color);
            if (colors.length === 0) {
              expect(['off', 'green', 'unknown']).toContain(member.icons[icon]);
            } else {
              expect(member.icons[icon]).toBe(colors.reduce<IconColor>(worseColor, 'off'));
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('shows a fully healthy snapshot all green with no banners', () => {
    fc.assert(
      fc.property(healthySnapshotArb, (snapshot) => {
        const report = evaluator.evaluateSnapshot(snapshot);
        expect(report.banners).toEqual([]);
        for (const member of report.members) {
          expect(member.findings).toEqual([]);
          expect(member.icons).toEqual({ microphone: 'green', calendar: 'green', email: 'green' });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never makes a colour better when one fact gets worse', () => {
    const names = Object.keys(worsenings);
    fc.assert(
      fc.property(snapshotArb(6), fc.constantFrom(...names), fc.nat(), (snapshot, name, pick) => {
        fc.pre(snapshot.members.length > 0);
        const before = iconsById(evaluator.evaluateSnapshot(snapshot));
        const worse = structuredClone(snapshot);
        worsenings[name]!(worse, worse.members[pick % worse.members.length]!);
        const after = iconsById(evaluator.evaluateSnapshot(worse));
        for (const [id, icons] of before) {
          for (const icon of ICONS) {
            const was = icons[icon];
            const now = after.get(id)![icon];
            expect(
              RANK[now],
              `${name}: ${id} ${icon} went from ${was} to ${now}`,
            ).toBeGreaterThanOrEqual(RANK[was]);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same report whatever the order of members', () => {
    fc.assert(
      fc.property(
        snapshotArb().chain((s) =>
          fc.tuple(fc.constant(s), fc.shuffledSubarray(s.members, { minLength: s.members.length })),
        ),
        ([snapshot, shuffled]) => {
          const reordered = { ...snapshot, members: shuffled };
          expect(evaluator.evaluateSnapshot(reordered)).toEqual(
            evaluator.evaluateSnapshot(snapshot),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never shows green for a member whose access facts are unknown', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        for (const member of snapshot.members)
          member.access = { mailbox: 'unknown', calendar: 'unknown' };
        for (const member of evaluator.evaluateSnapshot(snapshot).members) {
          for (const icon of ICONS) expect(member.icons[icon]).not.toBe('green');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts in the technical-problem banner exactly the members with a red finding', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        const report = evaluator.evaluateSnapshot(snapshot);
        const red = report.members
          .filter((m) => m.findings.some((f) => f.color === 'red'))
          .map((m) => m.id);
        const banner = report.banners.find((b) => b.ruleId === 'technical-problem');
        expect(banner?.memberIds ?? []).toEqual(red);
      }),
      { numRuns: 200 },
    );
  });

  it('lists acknowledged findings but lets them colour nothing until they expire', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        const plain = evaluator.evaluateSnapshot(snapshot);
        const acknowledgements = plain.members.flatMap((m) =>
          m.findings.map((f) => ({
            memberId: m.id,
            ruleId: f.ruleId,
            reason: 'accepted for the pilot',
            by: 'admin@acme.example',
            expiresAt: '2030-01-01T00:00:00Z',
          })),
        );
        const acked = evaluator.evaluateSnapshot(snapshot, {
          acknowledgements,
          asOf: '2029-06-01T00:00:00Z',
        });
        const expired = evaluator.evaluateSnapshot(snapshot, {
          acknowledgements,
          asOf: '2030-06-01T00:00:00Z',
        });
        expect(expired).toEqual(plain);
        for (const member of acked.members) {
          expect(member.findings.every((f) => f.acknowledgement !== undefined)).toBe(true);
          for (const icon of ICONS)
            expect(['off', 'green', 'unknown']).toContain(member.icons[icon]);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('acknowledgements', () => {
  const ackOf = (memberId: string, ruleId: string) => ({
    memberId,
    ruleId,
    reason: 'accepted for the pilot',
    by: 'admin@acme.example',
    expiresAt: '2030-01-01T00:00:00Z',
  });
  const asOf = '2029-06-01T00:00:00Z';

  it('never change any other member, nor an icon the acknowledged finding does not colour', () => {
    fc.assert(
      fc.property(snapshotArb(), fc.nat(), (snapshot, pick) => {
        const plain = evaluator.evaluateSnapshot(snapshot);
        const candidates = plain.members.flatMap((m) => m.findings.map((f) => ({ m, f })));
        fc.pre(candidates.length > 0);
        const { m, f } = candidates[pick % candidates.length]!;
        const acked = evaluator.evaluateSnapshot(snapshot, {
          acknowledgements: [ackOf(m.id, f.ruleId)],
          asOf,
        });
        for (const member of acked.members) {
          const before = plain.members.find((p) => p.id === member.id)!;
          if (member.id !== m.id) {
            expect(member).toEqual(before);
            continue;
          }
          for (const icon of ICONS) {
            if (!f.icons.includes(icon)) expect(member.icons[icon]).toBe(before.icons[icon]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('show the colour of what remains: green when nothing else holds and the probes ran', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        const plain = evaluator.evaluateSnapshot(snapshot);
        const acknowledgements = plain.members.flatMap((m) =>
          m.findings.map((f) => ackOf(m.id, f.ruleId)),
        );
        const acked = evaluator.evaluateSnapshot(snapshot, { acknowledgements, asOf });
        const facts = new Map(snapshot.members.map((m) => [m.id, m]));
        for (const member of acked.members) {
          const { access } = facts.get(member.id)!;
          for (const icon of ICONS) {
            if (!member.findings.some((f) => f.icons.includes(icon))) continue;
            const ran = (icon === 'email' ? [access.mailbox] : [access.calendar]).every(
              (state) => state !== 'unknown',
            );
            if (member.icons[icon] !== 'off')
              expect(member.icons[icon]).toBe(ran ? 'green' : 'unknown');
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** The per-probe errors an adapter would have written for a member that has only lastError. */
function withProbeErrors(member: MemberFacts): MemberFacts {
  const failed = (access: string) => ['denied', 'not_found', 'error'].includes(access);
  const { mailboxError: _m, calendarError: _c, directoryError: _d, ...old } = member;
  return {
    ...old,
    mailboxError: failed(member.access.mailbox) ? member.lastError : null,
    calendarError: failed(member.access.calendar) ? member.lastError : null,
    directoryError: null,
  };
}

describe('per-probe errors', () => {
  it('evaluate a snapshot with only lastError as if its error were filed under the probes that failed', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        const old = {
          ...snapshot,
          members: snapshot.members.map(
            ({ mailboxError: _m, calendarError: _c, directoryError: _d, ...rest }) => rest,
          ),
        };
        const filed = { ...snapshot, members: old.members.map(withProbeErrors) };
        expect(evaluator.evaluateSnapshot(old)).toEqual(evaluator.evaluateSnapshot(filed));
      }),
      { numRuns: 200 },
    );
  });

  it('never let a mailbox failure colour the calendar icon', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        const calm = {
          ...snapshot,
          company: { ...snapshot.company, health: 'ok' as const },
          members: snapshot.members.map((m) => ({
            ...m,
            access: { ...m.access, calendar: 'ok' as const },
            calendarError: null,
            directoryError: null,
          })),
        };
        const before = iconsById(evaluator.evaluateSnapshot(calm));
        const broken = {
          ...calm,
          members: calm.members.map((m) => ({
            ...m,
            access: { ...m.access, mailbox: 'error' as const },
            mailboxError: { code: 'timeout' as const, message: 'the request timed out' },
          })),
        };
        for (const member of evaluator.evaluateSnapshot(broken).members) {
          expect(member.icons.calendar).toBe(before.get(member.id)?.calendar);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the project evaluator against json-rules-engine run per member', () => {
  const reference = createBaselineEvaluator(ruleSet);

  it('gives identical reports on random snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(snapshotArb(20), async (snapshot) => {
        expect(evaluator.evaluateSnapshot(snapshot)).toEqual(
          await reference.evaluateSnapshot(snapshot),
        );
      }),
      { numRuns: 150 },
    );
  });
});
