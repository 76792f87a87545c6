import { onBothStores } from '../../vitest.shared.ts';

// The suites that keep their work in the store run on SQLite and on PostgreSQL.
export default onBothStores({
  postgres: [
    'src/run-sync/*.test.ts',
    'src/sync-manager/*.test.ts',
    'src/ingestion-audit-query/*.test.ts',
    'src/refresh-meeting-verdicts/*.test.ts',
  ],
});
