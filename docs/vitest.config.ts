import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.ts';

// The site tests read and serve docs/dist: the global setup fails at once, saying how to build,
// when it is missing (the root `pnpm test` runs `turbo build` first).
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      globalSetup: ['./test/support/require-built-site.ts'],
      testTimeout: 60_000,
    },
  }),
);
