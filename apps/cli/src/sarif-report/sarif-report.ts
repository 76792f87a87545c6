import type { Finding, MemberReport, Report } from '@capture-doctor/domain';
import type { CaptureRuleSet } from '@capture-doctor/engine';
import type { Log, Result } from 'sarif';

type FindingColor = Finding['color'];

// How a code-scanning dashboard ranks a finding: red needs action now, yellow needs setup.
const LEVEL: Readonly<Record<FindingColor, Result.level>> = { red: 'error', yellow: 'warning' };

/** Where the report came from and where its rules are explained. */
export interface SarifSource {
  /** the snapshot file, as given on the command line */
  snapshotFile: string;
  /** the service's address; each rule's helpUri is its docs page there */
  publicUrl: string;
  version: string;
}

/**
 * A report as SARIF 2.1.0: one run whose driver lists every loaded capture rule, one result per
 * finding on a member (located at the snapshot file and, logically, the member), and one per
 * company banner no member finding stands for. An acknowledged finding is an external
 * suppression with its reason.
 * @example JSON.stringify(sarifReport(report, ruleSet, { snapshotFile: 'acme.json', publicUrl, version }))
 */
export function sarifReport(report: Report, ruleSet: CaptureRuleSet, source: SarifSource): Log {
  const index = new Map(ruleSet.rules.map((rule, i) => [rule.id, i]));
  const result = (ruleId: string, color: FindingColor, text: string, where: string): Result => ({
    ruleId,
    ruleIndex: index.get(ruleId) ?? -1,
    level: LEVEL[color],
    message: { text },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: source.snapshotFile } },
        logicalLocations: [{ fullyQualifiedName: where, kind: 'member' }],
      },
    ],
  });
  const results: Result[] = [];
  for (const member of report.members) {
    for (const finding of member.findings) {
      results.push(memberResult(result, member, finding));
    }
  }
  const onMembers = new Set(ruleSet.rules.filter((r) => r.showOnMembers).map((r) => r.id));
  for (const banner of report.banners) {
    if (onMembers.has(banner.ruleId)) continue;
    results.push(
      result(banner.ruleId, banner.color, banner.message, `company/${report.companyId}`),
    );
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'capture-doctor',
            version: source.version,
            informationUri: new URL('/docs/', source.publicUrl).toString(),
            rules: ruleSet.rules.map((rule) => ({
              id: rule.id,
              name: rule.title,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.docs.why },
              helpUri: new URL(`/docs/rules/${rule.id}/`, source.publicUrl).toString(),
              defaultConfiguration: { level: LEVEL[rule.color] },
            })),
          },
        },
        results,
      },
    ],
  };
}

function memberResult(
  result: (ruleId: string, color: FindingColor, text: string, where: string) => Result,
  member: MemberReport,
  finding: Finding,
): Result {
  const found = result(finding.ruleId, finding.color, finding.message, `members/${member.id}`);
  found.properties = { memberId: member.id, email: member.email, icons: finding.icons };
  if (finding.acknowledgement) {
    found.suppressions = [{ kind: 'external', justification: finding.acknowledgement.reason }];
  }
  return found;
}
