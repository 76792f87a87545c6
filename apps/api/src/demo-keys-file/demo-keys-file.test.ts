import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startupBanner } from '../start-server/start-server.js';
import { writeDemoKeysFile } from './demo-keys-file.js';

const dir = mkdtempSync(join(tmpdir(), 'capture-doctor-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const demo = {
  companyId: 'demo',
  keys: { admin: 'cdk_admin_1234', compliance: 'cdk_compliance_1234', support: 'cdk_support_1234' },
};

describe('the demo keys file', () => {
  it('holds the three keys and is readable by its owner only, even when it existed before', () => {
    writeFileSync(join(dir, 'demo-keys.txt'), 'old', { mode: 0o644 });
    const file = writeDemoKeysFile(dir, demo);
    expect(file).toBe(join(dir, 'demo-keys.txt'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    for (const key of Object.values(demo.keys)) expect(text).toContain(key);
  });

  it('makes the banner name the file instead of printing the keys', () => {
    const banner = startupBanner(
      { url: 'http://127.0.0.1:1', demo },
      { keysFile: join(dir, 'demo-keys.txt') },
    );
    expect(banner).toContain(join(dir, 'demo-keys.txt'));
    expect(banner).not.toContain('cdk_');
  });
});
