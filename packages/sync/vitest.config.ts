import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The suites that keep their work in the store run twice: on SQLite, and on a throwaway
// PostgreSQL cluster started once for the run.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          // The PostgreSQL project's setup put the cluster in this process's environment.
          test: { name: 'sqlite', env: { CAPTURE_DOCTOR_TEST_DATABASE_URL: '' } },
        },
        {
          extends: true,
          test: {
            name: 'postgres',
            include: [
              'src/run-sync/*.test.ts',
              'src/sync-manager/*.test.ts',
              'src/ingestion-audit-query/*.test.ts',
            ],
            globalSetup: ['../store/src/testing/postgres-setup.ts'],
          },
        },
      ],
    },
  }),
);
