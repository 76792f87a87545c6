import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Every test file works in its own temp directory, so files can share one module graph:
// importing kysely, zod and the domain once keeps the suite fast on a small machine.
export default mergeConfig(sharedConfig, { test: { isolate: false } });
