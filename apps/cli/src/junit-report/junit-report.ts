import { type IconColor, IconName, type MemberReport, type Report } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';
import { create } from 'xmlbuilder2';

// Red and yellow need someone to act: those fail the build; off and not-checked are skipped.
const FAILING: ReadonlySet<IconColor> = new Set(['red', 'yellow']);
const SKIPPED: ReadonlySet<IconColor> = new Set(['off', 'unknown']);

/**
 * A report as JUnit XML for CI systems: a test suite per member, a test case per icon, failing
 * (type = the colour) when the icon is red or yellow, with the messages of the findings that
 * colour it; skipped when the icon is off or not checked.
 * @example junitReport(report, ruleSet.catalog) // '<?xml version="1.0"?><testsuites ...'
 */
export function junitReport(report: Report, catalog: Catalog): string {
  const failures = report.members.reduce((sum, m) => sum + failingIcons(m).length, 0);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: `capture-doctor ${report.companyId}`,
    tests: report.members.length * IconName.options.length,
    failures,
  });
  for (const member of report.members) {
    const suite = root.ele('testsuite', {
      name: member.name ? `${member.name} <${member.email}>` : member.email,
      id: member.id,
      tests: IconName.options.length,
      failures: failingIcons(member).length,
      skipped: IconName.options.filter((icon) => SKIPPED.has(member.icons[icon])).length,
    });
    for (const icon of IconName.options) {
      const color = member.icons[icon];
      const test = suite.ele('testcase', {
        classname: `members.${member.id}`,
        name: icon,
      });
      if (FAILING.has(color)) {
        const messages = colouring(member, icon).map((f) => `${f.ruleId}: ${f.message}`);
        test
          .ele('failure', { type: color, message: messages[0] ?? catalog.colors[color].label })
          .txt(messages.join('\n'));
      } else if (SKIPPED.has(color)) {
        test.ele('skipped', { message: catalog.colors[color].label });
      }
    }
  }
  return root.end({ prettyPrint: true });
}

function failingIcons(member: MemberReport): IconName[] {
  return IconName.options.filter((icon) => FAILING.has(member.icons[icon]));
}

/** The findings that give an icon its colour: those on the icon, not acknowledged. */
function colouring(member: MemberReport, icon: IconName) {
  return member.findings.filter((f) => f.icons.includes(icon) && !f.acknowledgement);
}
