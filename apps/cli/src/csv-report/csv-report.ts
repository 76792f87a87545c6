import type { Report } from '@capture-doctor/domain';
import { stringify } from 'csv-stringify/sync';

/**
 * A report as CSV, one row per member in the report's order, with the same columns as the
 * API's members export (id, name, email, the three icons, finding ids and messages).
 * @example await csvReport(report) // "id,name,email,microphone,...\r\nm01,Ada Park,..."
 */
export async function csvReport(report: Report): Promise<string> {
  // The API package is large; only this format needs it, so `evaluate` loads it on demand.
  const { MEMBER_CSV_COLUMNS, csvCell, memberCsvRow } = await import('@capture-doctor/api');
  return stringify(
    report.members.map((member) => memberCsvRow(member).map(csvCell)),
    { header: true, columns: [...MEMBER_CSV_COLUMNS], record_delimiter: '\r\n' },
  );
}
