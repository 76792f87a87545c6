import { onBothStores } from '../../vitest.shared.ts';

// The repository suites run on SQLite and on PostgreSQL; the tests of SQLite's own files, keys
// and modes on SQLite only.
export default onBothStores({
  postgres: [
    'src/*-repository/*.test.ts',
    'src/member-icon-history/*.test.ts',
    'src/open-store/*.test.ts',
    'src/validate-input/validate-input.test.ts',
  ],
  postgresOnly: ['src/dialect/postgres/*.test.ts'],
  // Every test file works in its own temp directory, so files can share one module graph:
  // importing kysely, zod and the domain once keeps the suite fast on a small machine.
  test: { isolate: false },
});
