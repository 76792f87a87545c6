import { type IconColor, IconName, type MemberReport, type Report } from '@capture-doctor/domain';

/** One icon of one member that changed colour between two evaluations, with the reason. */
export interface IconChange {
  memberId: string;
  email: string;
  icon: IconName;
  from: IconColor | 'absent';
  to: IconColor | 'absent';
  /** rules that fire now on this icon but did not before */
  rulesAdded: string[];
  /** rules that fired before on this icon but no longer do */
  rulesRemoved: string[];
  /** the findings (message and `because`) behind the new colour */
  because: {
    ruleId: string;
    message: string;
    because: MemberReport['findings'][number]['because'];
  }[];
}

/** What changed between two evaluations of the same company. */
export interface EvaluationDiff {
  changes: IconChange[];
  membersAdded: string[];
  membersRemoved: string[];
  bannersAdded: string[];
  bannersRemoved: string[];
}

/**
 * Compares two reports: which member changed colour on which icon, and the rules behind it.
 * @example diffReports(older, newer).changes[0] // { memberId: 'm3', icon: 'email', from: 'green', to: 'yellow', ... }
 */
export function diffReports(before: Report, after: Report): EvaluationDiff {
  const oldMembers = new Map(before.members.map((m) => [m.id, m]));
  const newMembers = new Map(after.members.map((m) => [m.id, m]));
  const changes: IconChange[] = [];
  for (const id of new Set([...oldMembers.keys(), ...newMembers.keys()])) {
    const was = oldMembers.get(id);
    const now = newMembers.get(id);
    for (const icon of IconName.options) {
      const from = was ? was.icons[icon] : 'absent';
      const to = now ? now.icons[icon] : 'absent';
      if (from === to) continue;
      const rulesBefore = rulesOn(was, icon);
      const rulesNow = rulesOn(now, icon);
      changes.push({
        memberId: id,
        email: (now ?? was)?.email ?? '',
        icon,
        from,
        to,
        rulesAdded: [...rulesNow].filter((r) => !rulesBefore.has(r)),
        rulesRemoved: [...rulesBefore].filter((r) => !rulesNow.has(r)),
        because: (now?.findings ?? [])
          .filter((f) => f.icons.includes(icon))
          .map((f) => ({ ruleId: f.ruleId, message: f.message, because: f.because })),
      });
    }
  }
  const bannersBefore = new Set(before.banners.map((b) => b.ruleId));
  const bannersNow = new Set(after.banners.map((b) => b.ruleId));
  return {
    changes,
    membersAdded: [...newMembers.keys()].filter((id) => !oldMembers.has(id)),
    membersRemoved: [...oldMembers.keys()].filter((id) => !newMembers.has(id)),
    bannersAdded: [...bannersNow].filter((r) => !bannersBefore.has(r)),
    bannersRemoved: [...bannersBefore].filter((r) => !bannersNow.has(r)),
  };
}

function rulesOn(member: MemberReport | undefined, icon: IconName): Set<string> {
  return new Set(
    (member?.findings ?? [])
      .filter((f) => f.icons.includes(icon) && !f.acknowledgement)
      .map((f) => f.ruleId),
  );
}
