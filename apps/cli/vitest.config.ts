import { onBothStores } from '../../vitest.shared.ts';

// The CLI's own tests run on SQLite; the processes that share one database (several `serve`
// and `worker` processes) only on PostgreSQL.
export default onBothStores({
  postgres: [],
  postgresOnly: ['src/worker-command/several-processes.test.ts'],
});
