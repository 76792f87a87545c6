import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { type HealthReport, watchHealth } from '../test-support/watch-health.js';

// The bounded fuzz suite of issue 11: every operation of /openapi.json, over a real socket, with
// schema-derived and mutated bodies, thousands of unknown keys, deep nesting, huge arrays and
// strings, bad ids and queries, and a key of each role. A fixed seed keeps a failure repeatable.
const SEED = 20_261_130;
const MAX_ANSWER_BYTES = 1_000_000;
const MAX_REQUEST_MS = 2_000;

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  roles: string[];
  body: Schema | null;
  query: Array<{ name: string; schema: Schema }>;
  /** the statuses the document says it answers */
  statuses: string[];
}

let t: TestServer;
let doc: {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};
let operations: Operation[];
let watch: ReturnType<typeof watchHealth>;
let sent = 0;

beforeAll(async () => {
  t = await startTestServer();
  doc = (await (await fetch(`${t.server.url}/openapi.json`)).json()) as typeof doc;
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const description = typeof op.description === 'string' ? op.description : '';
      const parameters = (op.parameters ?? []) as Array<{
        name: string;
        in: string;
        schema: Schema;
      }>;
      const body = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content?.['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        path,
        roles: /Roles: ([\w, ]+)\./.exec(description)?.[1]?.split(', ') ?? [],
        body: body ?? null,
        query: parameters.filter((p) => p.in === 'query'),
        statuses: Object.keys(op.responses as Record<string, unknown>),
      };
    }),
  );
  watch = watchHealth(t.server.url);
}, 120_000);

afterAll(async () => {
  await watch?.stop();
  await t?.close();
});

function keyFor(role: string | null): string | null {
  if (role === 'admin') return t.keys.admin;
  if (role === 'compliance') return t.keys.compliance;
  if (role === 'support') return t.keys.support;
  return null;
}

/**
 * One request on its own connection: a route that answers before reading a body closes the
 * connection, and a kept-alive client would see the next request on it fail for that reason.
 */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      { host: '127.0.0.1', port: t.server.port, method, path, headers, agent: false },
      (res) => {
        answered = true;
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      },
    );
    // Once the answer is in, a body the server chose not to read may fail to upload: no matter.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}

/**
 * Sends one request and checks the four promises: no 5xx, a status the document lists, a small
 * answer, a quick answer.
 */
async function check(op: Operation, path: string, role: string | null, body?: string) {
  const method = op.method;
  const key = keyFor(role);
  const what = `${method} ${path.slice(0, 120)} as ${role ?? 'nobody'} (${body?.length ?? 0} bytes sent)`;
  const started = performance.now();
  const headers: Record<string, string> = {
    ...(key ? { authorization: `Bearer ${key}` } : {}),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const { status, bytes } = await send(method, path, headers, body).catch((error: unknown) => {
    throw new Error(`${what}: ${String(error)}`);
  });
  const ms = performance.now() - started;
  sent += 1;
  expect(status, what).toBeLessThan(500);
  expect(op.statuses, `${what}: answered ${status}`).toContain(String(status));
  expect(bytes, what).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
  expect(ms, what).toBeLessThanOrEqual(MAX_REQUEST_MS);
}

/** A value the schema accepts, or nearly: formats and patterns are not followed. */
function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if (typeof schema.$ref === 'string')
    return fromSchema(doc.components.schemas[schema.$ref.split('/').at(-1) ?? ''], depth + 1);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (choices?.length) return fc.oneof(...choices.map((s) => fromSchema(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, s] of Object.entries(properties)) record[name] = fromSchema(s, depth + 1);
    return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
  }
  if (type === 'array')
    return fc.array(fromSchema(schema.items as Schema, depth + 1), { maxLength: 3 });
  if (type === 'string')
    return schema.format === 'date-time'
      ? fc.constantFrom('2026-01-01T00:00:00Z', '2099-06-01T00:00:00.000Z')
      : fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('m01', 'demo', 'a@b.example'));
  if (type === 'integer') return fc.integer({ min: -5, max: 600 });
  if (type === 'number') return fc.double({ noNaN: true, min: -1e6, max: 1e6 });
  if (type === 'boolean') return fc.boolean();
  if (type === 'null') return fc.constant(null);
  return fc.jsonValue({ maxDepth: 2 });
}

/** A schema-derived body, sometimes mutated: a key dropped, a value replaced, keys added. */
function bodyFor(op: Operation): fc.Arbitrary<string> {
  const valid = fromSchema(op.body ?? undefined);
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((v) => JSON.stringify(v)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), fc.nat(2))
        .map(([v, key, value, how]) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return JSON.stringify(value);
          const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
          const keys = Object.keys(copy);
          const victim = keys[key.length % Math.max(keys.length, 1)];
          if (how === 0 && victim) delete copy[victim];
          else if (how === 1 && victim) copy[victim] = value;
          else Object.defineProperty(copy, key || 'x', { value, enumerable: true });
          return JSON.stringify(copy);
        }),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 5_000 }).map(unknownKeys) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  );
}

const unknownKeys = (n: number) =>
  JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`u${i}`, i])));

/** The bodies no schema should have to think about. */
const heavyBodies: Record<string, () => string> = {
  '20,000 unknown keys': () => unknownKeys(20_000),
  '5,000 unknown keys one level down': () =>
    JSON.stringify({ version: 1, company: JSON.parse(unknownKeys(5_000)) as unknown }),
  'nesting 10,000 deep': () => `{"company":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
  'nesting 64 deep, objects': () => `${'{"a":'.repeat(63)}1${'}'.repeat(63)}`,
  'an array of 150,000 items': () =>
    JSON.stringify({ members: Array.from({ length: 150_000 }, () => 0) }),
  'an array of 20,000 strings where objects go': () =>
    JSON.stringify({ version: 1, members: Array.from({ length: 20_000 }, () => 'm') }),
  'a 3 MB string': () => JSON.stringify({ name: 'x'.repeat(3_000_000), memberIds: ['x'] }),
};

const badIds = [
  'demo',
  'm01',
  '..',
  '%2e%2e',
  '%00',
  '%0a',
  'x'.repeat(3_000),
  encodeURIComponent('ü😀'),
  '0',
  'latest',
  '%E0%A4%A',
];

function pathWith(op: Operation, pick: (name: string) => string): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => pick(name));
}

describe('fuzzing every operation of /openapi.json over a socket', () => {
  it('covers the whole document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(operations.filter((op) => op.body).length).toBeGreaterThanOrEqual(8);
  });

  it('answers heavy bodies, bad ids and unknown query keys on every operation without a 5xx, an unlisted status, a big or slow answer', async () => {
    for (const op of operations) {
      const role = op.roles[0] ?? 'support';
      const path = pathWith(op, (name) => (name === 'companyId' ? 'demo' : 'm01'));
      if (op.method !== 'GET' && op.method !== 'DELETE')
        for (const make of Object.values(heavyBodies)) await check(op, path, role, make());
      for (const id of badIds)
        await check(
          op,
          pathWith(op, (name) => (name === 'companyId' ? 'demo' : id)),
          role,
        );
      const queryKeys = Array.from({ length: 1_500 }, (_, i) => `q${i}=${i}`).join('&');
      await check(op, `${path}?${queryKeys}`, role);
      for (const p of op.query)
        for (const value of ['-1', 'x'.repeat(4_000), '%00', '9'.repeat(40), '[]'])
          await check(op, `${path}?${p.name}=${value}`, role);
    }
  }, 120_000);

  it('answers schema-derived and mutated requests with a key of each role without a 5xx, an unlisted status, a big or slow answer', async () => {
    const request = fc.constantFrom(...operations).chain((op) =>
      fc.record({
        op: fc.constant(op),
        role: fc.constantFrom<string | null>('admin', 'compliance', 'support', null),
        id: fc.oneof(
          fc.constantFrom(...badIds),
          fc.string({ maxLength: 20 }).map(encodeURIComponent),
        ),
        ownCompany: fc.boolean(),
        body: bodyFor(op),
        query: fc.array(
          fc.tuple(
            fc.constantFrom(...op.query.map((p) => p.name), 'zz'),
            fc.string({ maxLength: 20 }),
          ),
          { maxLength: 3 },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ op, role, id, ownCompany, body, query }) => {
        const path = pathWith(op, (name) =>
          name === 'companyId' && ownCompany ? 'demo' : id || 'x',
        );
        const search = new URLSearchParams(query).toString();
        const withBody = op.method !== 'GET' && op.method !== 'DELETE';
        await check(op, `${path}${search ? `?${search}` : ''}`, role, withBody ? body : undefined);
      }),
      { seed: SEED, numRuns: 700, endOnFailure: true },
    );
  }, 120_000);

  it('kept /healthz answering throughout', async () => {
    const seen: HealthReport = await watch.stop();
    expect(sent).toBeGreaterThan(1_000);
    expect(seen.failures).toBe(0);
    expect(seen.polls).toBeGreaterThan(50);
    expect(seen.worstMs).toBeLessThanOrEqual(MAX_REQUEST_MS);
  });
});
