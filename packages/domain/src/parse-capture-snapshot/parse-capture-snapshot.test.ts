import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CaptureSnapshot } from '../capture-snapshot/capture-snapshot.js';
import { parseCaptureSnapshot } from './parse-capture-snapshot.js';

const examples = new URL('../../../../examples/', import.meta.url);
const load = (name: string): unknown => JSON.parse(readFileSync(new URL(name, examples), 'utf8'));

const error = { code: 'timeout', providerCode: 'x', message: 'm', status: 504, source: 'graph' };

// A valid document with every optional field present, so every key of every schema is in it.
const FULL = {
  version: 1,
  takenAt: '2026-11-30T10:00:00+01:00',
  company: {
    id: 'acme',
    name: 'Acme',
    provider: 'microsoft_365',
    connectionMode: 'company_wide',
    connectedByProviderAdmin: true,
    tenants: [{ id: 't1', provider: 'microsoft_365', domain: 'acme.test' }],
    providerPermissionGranted: true,
    emailAccessAuthorized: true,
    crmConnected: false,
    import: { meetings: true, calendar: true, nonRecordedMeetings: false, emails: true },
    grantedScopes: ['Mail.Read'],
    health: 'ok',
    lastError: { ...error },
  },
  members: [
    {
      id: 'm1',
      email: 'ada@acme.test',
      name: 'Ada',
      seat: { name: 'Full', includesRecording: true },
      settings: {
        recording: true,
        calendarImport: false,
        nonRecordedMeetings: true,
        emailImport: true,
      },
      inScope: true,
      connection: 'connected',
      access: { mailbox: 'error', calendar: 'ok' },
      lastError: { ...error },
      mailboxError: { ...error },
      calendarError: null,
      directoryError: { ...error },
    },
    {
      id: 'm2',
      email: 'bob@acme.test',
      seat: null,
      settings: {
        recording: false,
        calendarImport: false,
        nonRecordedMeetings: true,
        emailImport: false,
      },
      inScope: false,
      connection: null,
      access: { mailbox: 'ok', calendar: 'unknown' },
      lastError: null,
    },
  ],
};

function fullSnapshot(): Json {
  return JSON.parse(JSON.stringify(FULL));
}

// Same answer as the schema: the same data when valid, the same issues when not.
function expectSameAsSchema(document: unknown): void {
  const expected = CaptureSnapshot.safeParse(structuredClone(document));
  const actual = parseCaptureSnapshot(document);
  expect(actual.success).toBe(expected.success);
  if (expected.success) expect(actual.data).toStrictEqual(expected.data);
  else expect(actual.error?.issues).toStrictEqual(expected.error.issues);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Place = { parent: Json[] | { [key: string]: Json }; key: string | number };

// Every place in a document: each object key and each array item, depth first.
function places(value: Json, out: Place[] = []): Place[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push({ parent: value, key: index });
      places(item, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push({ parent: value, key });
      places(item, out);
    }
  }
  return out;
}

function objects(value: Json): Array<{ [key: string]: Json }> {
  const found = places(value)
    .map(({ parent, key }) => (parent as Record<string | number, Json>)[key] as Json)
    .filter((item): item is { [key: string]: Json } => isObject(item));
  return isObject(value) ? [value, ...found] : found;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const oddValues: Json[] = [null, true, 0, -1.5, 2 ** 60, '', 'x', 'timeout', [], {}, ['x']];

// The keys of every object schema inside a schema.
function shapeKeys(schema: z.core.$ZodType): string[][] {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object': {
      const { shape } = def as z.core.$ZodObjectDef;
      return [Object.keys(shape), ...Object.values(shape).flatMap(shapeKeys)];
    }
    case 'nullable':
    case 'optional':
    case 'default':
      return shapeKeys((def as z.core.$ZodNullableDef).innerType);
    case 'array':
      return shapeKeys((def as z.core.$ZodArrayDef).element);
    default:
      return [];
  }
}

describe('parseCaptureSnapshot', () => {
  it('returns a valid document as it is, without copying it', () => {
    const document = structuredClone(FULL);
    const result = parseCaptureSnapshot(document);
    expect(result.data).toBe(document);
    expectSameAsSchema(fullSnapshot());
  });

  it('is tested on a document holding every field of every schema', () => {
    const present = new Set(objects(fullSnapshot()).map((o) => Object.keys(o).sort().join(',')));
    for (const keys of shapeKeys(CaptureSnapshot)) expect(present).toContain(keys.sort().join(','));
  });

  it('answers like the schema for every example snapshot', () => {
    for (const name of readdirSync(examples).filter((n) => n.endsWith('.json'))) {
      expectSameAsSchema(load(name));
    }
  });

  it('answers like the schema when any one field is missing', () => {
    const count = places(fullSnapshot()).length;
    for (let i = 0; i < count; i++) {
      const document = fullSnapshot();
      const { parent, key } = places(document)[i]!;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      expectSameAsSchema(document);
    }
  });

  it('answers like the schema when any one value is replaced by an odd one', () => {
    const count = places(fullSnapshot()).length;
    for (let i = 0; i < count; i++) {
      for (const odd of oddValues) {
        const document = fullSnapshot();
        const { parent, key } = places(document)[i]!;
        (parent as Record<string | number, Json>)[key] = structuredClone(odd);
        expectSameAsSchema(document);
      }
    }
  });

  it('answers like the schema when any object gains an unknown key', () => {
    const count = objects(fullSnapshot()).length;
    for (let i = 0; i < count; i++) {
      const document = fullSnapshot();
      objects(document)[i]!.provder = 'google_workspace';
      expectSameAsSchema(document);
    }
  });

  it('refuses two members with the same id, naming the second', () => {
    const document = structuredClone(FULL);
    document.members[1]!.id = 'm1';
    const result = parseCaptureSnapshot(document);
    expect(result.error?.issues[0]?.path).toEqual(['members', 1, 'id']);
  });

  it('accepts members in any order, and refuses a duplicate id out of order', () => {
    const document = structuredClone(FULL);
    document.members.reverse();
    expect(parseCaptureSnapshot(document).data).toBe(document);
    document.members.push(structuredClone(FULL.members[1]!));
    expect(parseCaptureSnapshot(document).error?.issues[0]?.path).toEqual(['members', 2, 'id']);
  });

  it('fills a missing lastError with null, as the schema does', () => {
    const document: { members: Array<{ lastError?: unknown }> } = structuredClone(FULL);
    delete document.members[1]!.lastError;
    expect(parseCaptureSnapshot(document).data?.members[1]?.lastError).toBeNull();
  });

  it('answers like the schema after any few random changes', () => {
    const change = fc.record({
      place: fc.nat(),
      how: fc.constantFrom('delete', 'replace', 'add key'),
      value: fc.oneof(
        fc.constantFrom(...oddValues),
        fc.json().map((text) => JSON.parse(text)),
      ),
    });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), (changes) => {
        const document: Json = fullSnapshot();
        for (const { place, how, value } of changes) {
          const all = places(document);
          const { parent, key } = all[place % all.length]!;
          const target = parent as Record<string | number, Json>;
          if (how === 'replace') target[key] = value;
          else if (how === 'add key' && isObject(target[key]!)) target[key].extra = value;
          else if (Array.isArray(parent)) parent.splice(Number(key), 1);
          else delete parent[key];
        }
        expectSameAsSchema(document);
      }),
      { numRuns: 300 },
    );
  });
});
