import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../open-store/open-store.js';
import { isStoreError } from '../store-error/store-error.js';
import { TEST_KEY, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
let umask: number | undefined;
afterEach(() => {
  if (umask !== undefined) process.umask(umask);
  umask = undefined;
  for (const cleanup of temps.splice(0)) cleanup();
});

function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('file modes of the data folder', () => {
  it('creates the data folder 0700 and the database, WAL and shared-memory files 0600, whatever the umask', async () => {
    umask = process.umask(0o000);
    const data = join(dir(), 'data');
    const file = join(data, 'capture-doctor.sqlite');
    const warnings: string[] = [];
    const store = await openStore({ file, env: {}, logger: { warn: (m) => warnings.push(m) } });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    expect(modeOf(data)).toBe(0o700);
    for (const name of [
      'capture-doctor.sqlite',
      'capture-doctor.sqlite-wal',
      'capture-doctor.sqlite-shm',
    ]) {
      expect(existsSync(join(data, name))).toBe(true);
      expect(modeOf(join(data, name))).toBe(0o600);
    }
    expect(modeOf(join(data, 'encryption.key'))).toBe(0o600);
    await store.close();
  });

  it('narrows a folder and files an older start left readable by others, and says so', async () => {
    const data = join(dir(), 'data');
    const file = join(data, 'capture-doctor.sqlite');
    const first = await openStore({
      file,
      encryptionKey: TEST_KEY,
      env: {},
      logger: { warn: () => {} },
    });
    await first.companies.create({ id: 'acme', name: 'Acme' });
    await first.close();
    chmodSync(data, 0o755);
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '');
    chmodSync(`${file}-wal`, 0o644);
    const warnings: string[] = [];
    const store = await openStore({
      file,
      encryptionKey: TEST_KEY,
      env: {},
      logger: { warn: (m) => warnings.push(m) },
    });
    expect(modeOf(data)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    expect(await store.companies.get('acme')).not.toBeNull();
    expect(warnings).toEqual([
      `the data folder ${data} could be read by other users (mode 0755): changed it to 0700`,
      `${file} could be read by other users (mode 0644): changed it to 0600`,
      `${file}-wal could be read by other users (mode 0644): changed it to 0600`,
    ]);
    await store.close();
  });

  it('leaves a shared (sticky) folder as it is, and says the database should have its own', async () => {
    const shared = join(dir(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const warnings: string[] = [];
    const store = await openStore({
      file: join(shared, 'capture-doctor.sqlite'),
      encryptionKey: TEST_KEY,
      env: {},
      logger: { warn: (m) => warnings.push(m) },
    });
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(warnings).toEqual([expect.stringContaining('keep the database in a folder of its own')]);
    await store.close();
  });

  it('refuses to start when the key file can be read by others, in one line naming the fix', async () => {
    const data = join(dir(), 'data');
    const file = join(data, 'capture-doctor.sqlite');
    const first = await openStore({ file, env: {}, logger: { warn: () => {} } });
    await first.close();
    chmodSync(join(data, 'encryption.key'), 0o644);
    const attempt = openStore({ file, env: {}, logger: { warn: () => {} } });
    await expect(attempt).rejects.toSatisfy((e) => isStoreError(e, 'encryption_key_invalid'));
    await expect(attempt).rejects.toThrow(
      `the key file ${join(data, 'encryption.key')} can be read by other users (mode 0644): restrict it with \`chmod 600 ${join(data, 'encryption.key')}\` and start again`,
    );
  });
});
