import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type TestUserConfig } from 'vitest/config';

// Tests read workspace packages from their TypeScript sources, so no build is needed first.
const conditions = ['@capture-doctor/source', 'module', 'node', 'development|production'];

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@capture-doctor/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

/**
 * The projects of a suite that runs on both stores: `sqlite` (every test but `postgresOnly`) and
 * `postgres` (`postgres` and `postgresOnly`, on a throwaway PostgreSQL cluster started once per
 * run by the store's globalSetup). `test` is merged into both.
 */
export function onBothStores(options: {
  postgres: string[];
  postgresOnly?: string[];
  test?: TestUserConfig;
}) {
  const { postgres, postgresOnly = [], test = {} } = options;
  const sqliteProject = mergeConfig(sharedConfig, {
    // The PostgreSQL project's setup put the cluster in this process's environment.
    test: { ...test, name: 'sqlite', env: { CAPTURE_DOCTOR_TEST_DATABASE_URL: '' } },
  });
  sqliteProject.test = { ...sqliteProject.test, exclude: postgresOnly };
  const postgresProject = mergeConfig(sharedConfig, {
    test: { ...test, name: 'postgres', globalSetup: [POSTGRES_SETUP] },
  });
  // Replaced, not merged: mergeConfig would add these to the shared include.
  postgresProject.test = { ...postgresProject.test, include: [...postgres, ...postgresOnly] };
  return defineConfig({ test: { projects: [sqliteProject, postgresProject] } });
}

const POSTGRES_SETUP = fileURLToPath(
  new URL('./packages/store/src/testing/postgres-setup.ts', import.meta.url),
);
