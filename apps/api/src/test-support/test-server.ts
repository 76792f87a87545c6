import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseUrl } from '@capture-doctor/store/testing';
import type { DemoKeys } from '../demo-company/demo-company.js';
import {
  type RunningServer,
  type StartServerOptions,
  startServer,
} from '../start-server/start-server.js';

/** A server on a temporary SQLite file (or PostgreSQL schema), with every log line kept for inspection. */
export interface TestServer {
  server: RunningServer;
  dataDir: string;
  logs: string[];
  keys: DemoKeys['keys'];
  /** an in-process request (app.request) with the given key as Bearer */
  call(
    path: string,
    init?: RequestInit & { key?: string | null; json?: unknown },
  ): Promise<Response>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

// A fixed key keeps the store from warning about (and writing) a generated one in every test.
export const testEncryptionKey = Buffer.alloc(32, 7).toString('base64');

/**
 * Where a test server's store is, to open it beside the server: its SQLite file, or on
 * PostgreSQL the schema of its data folder.
 * @example const raw = await openStore({ ...(await testStoreLocation(t.dataDir)), encryptionKey });
 */
export async function testStoreLocation(
  dataDir: string,
): Promise<{ file: string; databaseUrl?: string }> {
  const databaseUrl = await testDatabaseUrl(dataDir);
  const file = join(dataDir, 'capture-doctor.sqlite');
  return databaseUrl === undefined ? { file } : { file, databaseUrl };
}

/**
 * Starts the real server (store, engine, machines) on 127.0.0.1 with a fresh data folder.
 * @example const t = await startTestServer(); const res = await t.call('/v1/companies'); await t.close();
 */
export async function startTestServer(
  options: StartServerOptions & { dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'capture-doctor-api-'));
  const logs: string[] = [];
  // In the PostgreSQL project, a schema of the data folder's own (reopening it finds the data).
  const databaseUrl = options.databaseUrl ?? (await testDatabaseUrl(dataDir));
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    docsDir: null,
    smtp: null,
    encryptionKey: testEncryptionKey,
    log: (line) => logs.push(line),
    // The demo company starts without a consent policy unless a test asks for the consent demo.
    demoConsent: false,
    ...options,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    dataDir,
  });
  const keys = server.demo?.keys ?? ({} as DemoKeys['keys']);
  return {
    server,
    dataDir,
    logs,
    keys,
    call(path, init = {}) {
      const { key = keys.admin, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key) headers.set('authorization', `Bearer ${key}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return Promise.resolve(
        server.app.request(path, {
          ...rest,
          headers,
          ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
        }),
      );
    },
    async close({ keepData = false } = {}) {
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
