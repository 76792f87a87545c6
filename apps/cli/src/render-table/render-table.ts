import { type IconColor, IconName, type Report } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';

const ICONS = IconName.options;
// The legend reads best from good to bad news; the domain lists colours from mildest to worst.
const LEGEND: readonly IconColor[] = ['green', 'yellow', 'red', 'unknown', 'off'];

/**
 * Renders a report as a table for a terminal: banners first, then one row per member with
 * its three icons as coloured dots, then the colour legend.
 * @example renderTable(report, catalog, { color: false })
 */
export function renderTable(report: Report, catalog: Catalog, options: { color: boolean }): string {
  const paint = (color: IconColor, text: string): string =>
    options.color ? `\u001b[${catalog.colors[color].terminal}m${text}\u001b[0m` : text;
  const dot = (color: IconColor): string => paint(color, `● ${catalog.colors[color].label}`);
  const lines: string[] = [];
  lines.push(`Company ${report.companyId} · ${report.summary.members} members`);
  for (const banner of report.banners) {
    lines.push('');
    lines.push(paint(banner.color, `■ ${banner.message}`));
    lines.push(`  Fix: ${banner.fix}`);
    lines.push(`  Rule: ${banner.ruleId}`);
  }
  lines.push('');
  const header = ['Member', ...ICONS.map((icon) => catalog.icons[icon].label), 'Findings'];
  const rows = report.members.map((member) => [
    member.name ? `${member.name} <${member.email}>` : member.email,
    ...ICONS.map((icon) => member.icons[icon]),
    member.findings.map((f) => f.ruleId).join(', ') || '-',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => visibleCell(row, column, catalog).length)),
  );
  lines.push(
    header
      .map((title, i) => title.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  lines.push(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) {
    const cells = row.map((cell, column) => {
      const width = widths[column]!;
      if (column >= 1 && column <= ICONS.length) {
        const color = cell as IconColor;
        return dot(color) + ' '.repeat(width - visibleCell(row, column, catalog).length);
      }
      return cell.padEnd(width);
    });
    lines.push(cells.join('  ').trimEnd());
  }
  lines.push('');
  lines.push(LEGEND.map((color) => `${dot(color)}: ${report.summary.worst[color]}`).join('   '));
  return `${lines.join('\n')}\n`;
}

function visibleCell(row: readonly string[], column: number, catalog: Catalog): string {
  const cell = row[column] ?? '';
  if (column >= 1 && column <= ICONS.length) return `● ${catalog.colors[cell as IconColor].label}`;
  return cell;
}
