import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The repository suites run twice: on SQLite, and on a throwaway PostgreSQL cluster started
// once for the run (the tests of SQLite's own files, keys and modes run on SQLite only).
const onBoth = [
  'src/*-repository/*.test.ts',
  'src/member-icon-history/*.test.ts',
  'src/open-store/*.test.ts',
  'src/validate-input/validate-input.test.ts',
];

// Every test file works in its own temp directory, so files can share one module graph:
// importing kysely, zod and the domain once keeps the suite fast on a small machine.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      isolate: false,
      projects: [
        {
          extends: true,
          test: {
            name: 'sqlite',
            exclude: ['src/dialect/postgres/**', 'src/testing/**'],
            // The PostgreSQL project's setup put the cluster in this process's environment.
            env: { CAPTURE_DOCTOR_TEST_DATABASE_URL: '' },
          },
        },
        {
          extends: true,
          test: {
            name: 'postgres',
            include: [...onBoth, 'src/dialect/postgres/*.test.ts', 'src/testing/*.test.ts'],
            globalSetup: ['./src/testing/postgres-setup.ts'],
          },
        },
      ],
    },
  }),
);
