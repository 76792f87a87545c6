import { parseArgs } from 'node:util';
import { type ApiKeyRole, isStoreError, type Store } from '@capture-doctor/store';
import { openDataStore } from '../open-data-store/open-data-store.js';
import type { CliCommand, CliIo } from '../run-cli/run-cli.js';

const USAGE = `Usage:
  capture-doctor keys create <company-id> --role admin|compliance|support [--name text] [--data ./data]
  capture-doctor keys list <company-id> [--data ./data]
`;

const roles: readonly ApiKeyRole[] = ['admin', 'compliance', 'support'];

type KeysOptions =
  | { action: 'create'; companyId: string; dataDir: string; role: ApiKeyRole; name?: string }
  | { action: 'list'; companyId: string; dataDir: string };

/** A refusal the user can fix: one line on stderr, exit 2. */
class KeysRefusal extends Error {}

/**
 * `capture-doctor keys create|list <company-id>`: makes or lists a company's API keys straight in
 * the SQLite store under `--data`, e.g. when the demo admin key printed on the first start is lost.
 * @example await keysCommand()(['create', 'demo', '--role', 'admin', '--data', './data'], io)
 */
export function keysCommand(): CliCommand {
  return async (args, io) => {
    let options: KeysOptions;
    try {
      options = parseKeysArgs(args, io);
    } catch (error) {
      io.stderr(`capture-doctor keys: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    let store: Store | undefined;
    try {
      const opened = await openDataStore(options.dataDir, io, 'keys');
      if (typeof opened === 'string') {
        io.stderr(opened);
        return 2;
      }
      store = opened;
      if ((await store.companies.get(options.companyId)) === null) {
        // store.file: on PostgreSQL, the URL without its password.
        throw new KeysRefusal(`no company "${options.companyId}" in ${store.file}`);
      }
      if (options.action === 'create') await createKey(store, options, io);
      else await listKeys(store, options.companyId, io);
      return 0;
    } catch (error) {
      if (!(error instanceof KeysRefusal) && !isStoreError(error)) throw error;
      io.stderr(`capture-doctor keys: ${error.message}\n`);
      return 2;
    } finally {
      await store?.close();
    }
  };
}

async function createKey(
  store: Store,
  options: Extract<KeysOptions, { action: 'create' }>,
  io: CliIo,
): Promise<void> {
  const { key, info } = await store.apiKeys.create(options.companyId, {
    role: options.role,
    ...(options.name === undefined ? {} : { name: options.name }),
  });
  await store.auditLog.record({
    companyId: options.companyId,
    actor: 'cli',
    action: 'api-key.create',
    target: `api-key:${info.id}`,
    details: { role: info.role, name: info.name },
  });
  // The key alone on stdout, so `KEY=$(capture-doctor keys create ...)` works; the rest on stderr.
  io.stdout(`${key}\n`);
  io.stderr(
    `${info.role} key ${info.id} ("${info.name}") for ${info.companyId}: shown only now, keep it safe; only its hash is stored\n`,
  );
}

async function listKeys(store: Store, companyId: string, io: CliIo): Promise<void> {
  const keys = await store.apiKeys.list(companyId);
  if (keys.length === 0) {
    io.stdout(`no API keys for ${companyId}\n`);
    return;
  }
  const rows = [
    ['id', 'role', 'status', 'created', 'name'],
    ...keys.map((k) => [
      k.id,
      k.role,
      k.revokedAt === null ? 'active' : `revoked ${k.revokedAt}`,
      k.createdAt,
      k.name,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) {
    io.stdout(
      `${row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}

function parseKeysArgs(args: string[], io: CliIo): KeysOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: io.env.CAPTURE_DOCTOR_DATA_DIR ?? './data' },
      role: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const [action, companyId, extra] = positionals;
  if (action !== 'create' && action !== 'list') {
    throw new Error(
      action === undefined ? 'say create or list' : `unknown action "${action}": create or list`,
    );
  }
  if (companyId === undefined) throw new Error('a company id is required');
  if (extra !== undefined) throw new Error(`unexpected argument "${extra}"`);
  if (action === 'list') {
    if (values.role !== undefined || values.name !== undefined) {
      throw new Error('--role and --name belong to `keys create`');
    }
    return { action, companyId, dataDir: values.data };
  }
  const role = roles.find((r) => r === values.role);
  if (role === undefined) {
    throw new Error(
      values.role === undefined
        ? '--role is required: admin, compliance or support'
        : `--role must be admin, compliance or support, not "${values.role}"`,
    );
  }
  const name = values.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > 200)) {
    throw new Error('--name must be 1 to 200 characters');
  }
  return { action, companyId, dataDir: values.data, role, ...(name === undefined ? {} : { name }) };
}
