import { parseArgs } from 'node:util';
import { isStoreError, type Store } from '@capture-doctor/store';
import { openDataStore } from '../open-data-store/open-data-store.js';
import type { CliCommand } from '../run-cli/run-cli.js';

const USAGE = `Usage:
  capture-doctor evidence verify <company-id> <meeting-id> [--data ./data]
`;

/**
 * `capture-doctor evidence verify <company> <meeting>`: recomputes a meeting's consent-evidence
 * hash chain straight from the store under `--data`, without the service. Exit 0 when every
 * link holds, 1 with the first broken link when not, 2 for a usage error or an unknown meeting.
 * @example await evidenceCommand()(['verify', 'demo', meetingId, '--data', './data'], io)
 */
export function evidenceCommand(): CliCommand {
  return async (args, io) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: false,
      options: { data: { type: 'string', default: io.env.CAPTURE_DOCTOR_DATA_DIR ?? './data' } },
    });
    const [action, companyId, meetingId, extra] = positionals;
    const dataDir = typeof values.data === 'string' ? values.data : './data';
    if (action !== 'verify' || !companyId || !meetingId || extra !== undefined) {
      io.stderr(`capture-doctor evidence: say verify, a company id and a meeting id\n${USAGE}`);
      return 2;
    }
    let store: Store | undefined;
    try {
      const opened = await openDataStore(dataDir, io, 'evidence');
      if (typeof opened === 'string') {
        io.stderr(opened);
        return 2;
      }
      store = opened;
      if ((await store.meetings.get(companyId, meetingId)) === null) {
        io.stderr(`capture-doctor evidence: no meeting "${meetingId}" in company "${companyId}"\n`);
        return 2;
      }
      const check = await store.consentEvidence.verify(companyId, meetingId);
      if (check.valid) {
        io.stdout(`valid: ${check.events} events, last hash ${check.head ?? 'none'}\n`);
        return 0;
      }
      const { seq, id, reason, expected } = check.brokenAt;
      io.stdout(
        `broken at seq ${seq}${id === null ? '' : ` (event ${id})`}: ${reason}, expected ${expected}\n`,
      );
      return 1;
    } catch (error) {
      if (!isStoreError(error)) throw error;
      io.stderr(`capture-doctor evidence: ${error.message}\n`);
      return 2;
    } finally {
      await store?.close();
    }
  };
}
