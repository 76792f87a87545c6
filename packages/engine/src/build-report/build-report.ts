import {
  type Acknowledgement,
  type Banner,
  type Because,
  type CaptureSnapshot,
  type ColorCounts,
  type Finding,
  IconColor,
  IconName,
  type MemberFacts,
  type MemberIcons,
  type MemberReport,
  type Provider,
  type Report,
} from '@capture-doctor/domain';
import type { Catalog } from '../catalog/catalog.js';
import type { CaptureRule, CaptureRuleSet } from '../load-rules/load-rules.js';
import { type CompiledTemplate, compileTemplate, renderTemplate } from '../templates/templates.js';

/** A rule that fired for a member, with the facts that made it fire. */
export interface FiredRule {
  rule: CaptureRule;
  because: Because[];
  /** The icons it colours for this member (its `icons`, narrowed by `iconsWhen`). */
  icons: IconName[];
}

/** What the rules concluded for one member, before rendering; shared by equal members. */
export interface MemberOutcome {
  /** Fired rules, most severe first. */
  fired: FiredRule[];
  /** The icon colours when no finding is acknowledged. */
  icons: MemberIcons;
  /** The icon colours before findings: off, unknown or green. */
  base: MemberIcons;
  /** The colours an icon falls back to once its findings are acknowledged (see IconBase.settled). */
  settled: MemberIcons;
}

/** Options of an evaluation. The engine reads no clock: `asOf` decides which acknowledgements hold. */
export interface EvaluateOptions {
  acknowledgements?: readonly Acknowledgement[];
  asOf?: string;
}

// IconColor lists the colours from mildest to worst, so its order is the ranking.
const RANK = Object.fromEntries(IconColor.options.map((color, rank) => [color, rank]));

/**
 * The worse of two icon colours (red > yellow > unknown > green > off).
 * @example worseColor('green', 'yellow') // 'yellow'
 */
export function worseColor(a: IconColor, b: IconColor): IconColor {
  return RANK[b]! > RANK[a]! ? b : a;
}

/**
 * Orders fired rules most severe first: red before yellow, then higher priority, then id.
 * @example fired.sort(compareFired)
 */
export function compareFired(a: FiredRule, b: FiredRule): number {
  return (
    RANK[b.rule.color]! - RANK[a.rule.color]! ||
    b.rule.priority - a.rule.priority ||
    (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0)
  );
}

/**
 * Colours icons from the fired rules that show on members, on top of the base colours.
 * @example colorIcons(base, fired) // { microphone: 'yellow', calendar: 'green', email: 'off' }
 */
export function colorIcons(base: MemberIcons, fired: readonly FiredRule[]): MemberIcons {
  // Findings are yellow or red, always worse than any base colour, so the worst one wins.
  const icons = { ...base };
  for (const { rule, icons: colored } of fired) {
    if (!rule.showOnMembers) continue;
    for (const icon of colored) icons[icon] = worseColor(icons[icon], rule.color);
  }
  return icons;
}

/**
 * A member's outcome from the rules that fired for it: most severe first, icons coloured on
 * top of the base colours. Sorts `fired` in place.
 * @example memberOutcome(fired, iconBase(facts), iconBase.settled(facts)).icons.email // 'red'
 */
export function memberOutcome(
  fired: FiredRule[],
  base: MemberIcons,
  settled: MemberIcons,
): MemberOutcome {
  fired.sort(compareFired);
  return { fired, base, settled, icons: colorIcons(base, fired) };
}

/**
 * A member's icons once some findings are acknowledged: an acknowledged finding colours nothing,
 * and an icon it coloured shows what remains (green when nothing else holds and its probes ran).
 * @example acknowledgedIcons(outcome, (fired) => acks.has(fired.rule.id))
 */
export function acknowledgedIcons(
  outcome: MemberOutcome,
  isAcknowledged: (fired: FiredRule) => boolean,
): MemberIcons {
  const start = { ...outcome.base };
  const counted: FiredRule[] = [];
  for (const fired of outcome.fired) {
    if (!isAcknowledged(fired)) counted.push(fired);
    else if (fired.rule.showOnMembers) {
      for (const icon of fired.icons) start[icon] = outcome.settled[icon];
    }
  }
  return colorIcons(start, counted);
}

/**
 * Turns each member's outcome into the Report: rendered findings, icons, banners and summary.
 * Members come out sorted by id, so the report does not depend on input order.
 * @example buildReport(ruleSet, snapshot, outcomes, {})
 */
export function buildReport(
  ruleSet: CaptureRuleSet,
  snapshot: CaptureSnapshot,
  outcomes: readonly MemberOutcome[],
  options: EvaluateOptions = {},
): Report {
  const acks = activeAcknowledgements(options);
  const order = orderById(snapshot.members);
  const bannerMembers = new Map<CaptureRule, string[]>();
  const renderer = createRenderer(ruleSet.catalog, snapshot.company.provider ?? null);
  const members: MemberReport[] = order.map((index) => {
    const member = snapshot.members[index]!;
    const outcome = outcomes[index]!;
    const memberAcks = acks.get(member.id);
    const findings: Finding[] = [];
    for (const fired of outcome.fired) {
      const ack = memberAcks?.get(fired.rule.id);
      if (fired.rule.banner && !ack) pushTo(bannerMembers, fired.rule, member.id);
      if (fired.rule.showOnMembers) findings.push(renderer.finding(fired, member, ack));
    }
    const icons = memberAcks
      ? acknowledgedIcons(outcome, (fired) => memberAcks.has(fired.rule.id))
      : outcome.icons;
    return memberReport(member, icons, findings);
  });
  const banners = [...bannerMembers.entries()]
    .sort(([a], [b]) =>
      compareFired({ rule: a, because: [], icons: [] }, { rule: b, because: [], icons: [] }),
    )
    .map(([rule, memberIds]) => renderer.banner(rule, memberIds));
  return {
    version: 1,
    companyId: snapshot.company.id,
    provider: snapshot.company.provider,
    banners,
    members,
    summary: summarize(members),
  };
}

// Directories usually list members already in id order; checking is cheaper than sorting.
function orderById(members: readonly MemberFacts[]): number[] {
  const order = members.map((_, index) => index);
  const sorted = members.every((m, i) => i === 0 || members[i - 1]!.id < m.id);
  if (sorted) return order;
  return order.sort((a, b) => {
    const x = members[a]!.id;
    const y = members[b]!.id;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function memberReport(member: MemberFacts, icons: MemberIcons, findings: Finding[]): MemberReport {
  const report: MemberReport = { id: member.id, email: member.email, icons, findings };
  if (member.name !== undefined) report.name = member.name;
  return report;
}

// A company connected to a provider reads that provider's fix only; with none connected, the
// rule's general fix (which may name every provider) stands.
function createRenderer(catalog: Catalog, connected: Provider | null) {
  const provider = catalog.providers[connected ?? 'none'].name;
  const forProvider = (fix: string, fixFor: Partial<Record<Provider, string>> | undefined) =>
    (connected && fixFor?.[connected]) ?? fix;
  const compiled = new Map<string, CompiledTemplate>();
  const render = (template: string, member: MemberFacts): string => {
    let fill = compiled.get(template);
    if (fill === undefined) {
      fill = compileTemplate(template);
      compiled.set(template, fill);
    }
    return fill({
      provider,
      memberName: member.name ?? member.email,
      memberEmail: member.email,
      seatName: member.seat?.name ?? 'none assigned',
      errorCode: member.lastError?.code ?? 'none',
    });
  };
  return {
    finding(fired: FiredRule, member: MemberFacts, ack: Acknowledgement | undefined): Finding {
      const { rule } = fired;
      const finding: Finding = {
        ruleId: rule.id,
        title: rule.title,
        icons: fired.icons,
        color: rule.color,
        message: render(rule.message, member),
        fix: render(forProvider(rule.fix, rule.fixFor), member),
        because: fired.because,
      };
      if (ack) finding.acknowledgement = ack;
      return finding;
    },
    banner(rule: CaptureRule, memberIds: string[]): Banner {
      const count = memberIds.length;
      const one = count === 1;
      const words = catalog.counts.members;
      const values = {
        provider,
        count: String(count),
        members: renderTemplate(one ? words.one : words.other, { count: String(count) }),
      };
      const banner = rule.banner!;
      const singular = one ? banner.one : undefined;
      const fix = singular?.fix ?? forProvider(banner.fix, banner.fixFor);
      return {
        ruleId: rule.id,
        title: rule.title,
        color: rule.color,
        count,
        memberIds,
        message: renderTemplate(singular?.message ?? banner.message, values),
        fix: renderTemplate(fix, values),
      };
    },
  };
}

function activeAcknowledgements(
  options: EvaluateOptions,
): Map<string, Map<string, Acknowledgement>> {
  const byMember = new Map<string, Map<string, Acknowledgement>>();
  const list = options.acknowledgements ?? [];
  if (list.length === 0) return byMember;
  if (!options.asOf)
    throw new Error('asOf is required to decide which acknowledgements still hold');
  const asOf = Date.parse(options.asOf);
  for (const ack of list) {
    if (Date.parse(ack.expiresAt) <= asOf) continue;
    const forMember = byMember.get(ack.memberId) ?? new Map<string, Acknowledgement>();
    forMember.set(ack.ruleId, ack);
    byMember.set(ack.memberId, forMember);
  }
  return byMember;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function zeroCounts(): ColorCounts {
  return { off: 0, green: 0, unknown: 0, yellow: 0, red: 0 };
}

function summarize(members: readonly MemberReport[]): Report['summary'] {
  // Members with the same outcome share one icons object: count those, then add them up once.
  const counts = new Map<MemberIcons, number>();
  for (const member of members) counts.set(member.icons, (counts.get(member.icons) ?? 0) + 1);
  const icons = { microphone: zeroCounts(), calendar: zeroCounts(), email: zeroCounts() };
  const worst = zeroCounts();
  for (const [memberIcons, count] of counts) {
    let memberWorst: IconColor = 'off';
    for (const icon of IconName.options) {
      const color = memberIcons[icon];
      icons[icon][color] += count;
      memberWorst = worseColor(memberWorst, color);
    }
    worst[memberWorst] += count;
  }
  return { members: members.length, icons, worst };
}
