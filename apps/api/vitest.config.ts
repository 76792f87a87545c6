import { onBothStores } from '../../vitest.shared.ts';

// The suites that run the real server run on SQLite and on PostgreSQL (startTestServer puts
// each server in a schema of its own).
export default onBothStores({
  postgres: [
    'src/audit/*.test.ts',
    'src/auth/*.test.ts',
    'src/create-app/*.test.ts',
    'src/fuzz/*.test.ts',
    'src/latest-cache/*.test.ts',
    'src/log-safe/request-log.test.ts',
    'src/middleware/session/*.test.ts',
    'src/openapi/*.test.ts',
    'src/read-body/*.test.ts',
    'src/routes/*.test.ts',
    'src/services/alerts/*.test.ts',
    'src/services/meetings/consent-step.test.ts',
    'src/services/sync/*.test.ts',
    'src/services/sync-schedule/*.test.ts',
    'src/start-server/*.test.ts',
    'src/ui/**/*.test.ts',
  ],
  postgresOnly: ['src/start-server/several-servers.test.ts'],
});
