import { afterEach } from 'vitest';
import { tempDir } from './test-support.js';

/**
 * Temporary directories for the tests of one file, each removed after its test.
 * @example const dir = tempDirsPerTest(); const store = await openTestStore(dir());
 */
export function tempDirsPerTest(): () => string {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };
}
