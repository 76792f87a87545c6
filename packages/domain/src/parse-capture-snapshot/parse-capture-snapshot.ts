import type { z } from 'zod';
import { CaptureSnapshot, TakenAt } from '../capture-snapshot/capture-snapshot.js';
import { ErrorCode } from '../error-codes/error-codes.js';
import * as vocabulary from '../vocabulary/vocabulary.js';

/**
 * Validates a CaptureSnapshot document like `CaptureSnapshot.safeParse`, with the same data
 * and the same issues, faster on a large valid document.
 *
 * Zod copies every object it checks; at 100,000 members that copy costs more than evaluating
 * them. A plain check first vouches for the usual document (every field present and well
 * formed) and returns it as it is; anything it cannot vouch for (a missing default, an unknown
 * key, a wrong value, a duplicate id) goes through the schema, which gives the data or the issues.
 * @example parseCaptureSnapshot(JSON.parse(text)).success
 */
export function parseCaptureSnapshot(document: unknown): z.ZodSafeParseResult<CaptureSnapshot> {
  if (isPlainSnapshot(document)) return { success: true, data: document };
  return CaptureSnapshot.safeParse(document);
}

type Check = (value: unknown) => boolean;
type Fields = Readonly<Record<string, Check>>;
type JsonObject = Record<string, unknown>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString: Check = (value) => typeof value === 'string';
const isFlag: Check = (value) => typeof value === 'boolean';
const nonEmpty: Check = (value) => typeof value === 'string' && value.length >= 1;
const isInteger: Check = (value) => Number.isSafeInteger(value);
const oneOf = (schema: z.ZodEnum): Check => {
  const options = new Set<unknown>(schema.options);
  return (value) => options.has(value);
};
const nullable =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const arrayOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);

// How many keys an object has, to tell that it holds none beyond those checked (the schemas
// are strict). Counting in a loop allocates nothing, unlike Object.keys.
function keyCount(value: JsonObject): number {
  let count = 0;
  for (const _ in value) count++;
  return count;
}

// An optional field: absent, or present and passing its check. Returns how many keys it adds
// (0 or 1), or -1 when it fails.
function optionalField(value: unknown, check: Check): number {
  if (value === undefined) return 0;
  return check(value) ? 1 : -1;
}

// Each object check lists its fields: required ones must be present, optional ones may be
// absent; a key the schema does not know makes it fail, as the strict schemas do.
const object = (fields: Fields, optional: readonly string[] = []): Check => {
  const required = Object.entries(fields).filter(([key]) => !optional.includes(key));
  const others = Object.entries(fields).filter(([key]) => optional.includes(key));
  return (value) => {
    if (!isRecord(value)) return false;
    let keys = required.length;
    for (const [key, check] of required) if (!check(value[key])) return false;
    for (const [key, check] of others) {
      const added = optionalField(value[key], check);
      if (added < 0) return false;
      keys += added;
    }
    return keyCount(value) === keys;
  };
};

const providerError = object(
  {
    code: oneOf(ErrorCode),
    providerCode: isString,
    message: isString,
    status: isInteger,
    source: isString,
  },
  ['providerCode', 'status', 'source'],
);
const nullableError = nullable(providerError);

// `lastError` has a default (null) in the schema: a document without it goes through the schema.
const company = object(
  {
    id: nonEmpty,
    name: isString,
    provider: nullable(oneOf(vocabulary.Provider)),
    connectionMode: nullable(oneOf(vocabulary.ConnectionMode)),
    connectedByProviderAdmin: nullable(isFlag),
    tenants: arrayOf(
      object({ id: nonEmpty, provider: oneOf(vocabulary.Provider), domain: isString }, ['domain']),
    ),
    providerPermissionGranted: isFlag,
    emailAccessAuthorized: isFlag,
    crmConnected: isFlag,
    import: object({
      meetings: isFlag,
      calendar: isFlag,
      nonRecordedMeetings: isFlag,
      emails: isFlag,
    }),
    grantedScopes: arrayOf(isString),
    health: oneOf(vocabulary.ProviderHealth),
    lastError: nullableError,
  },
  ['name'],
);

const isAccess = oneOf(vocabulary.AccessState);
const isConnection = nullable(oneOf(vocabulary.MemberConnection));

// Members are checked field by field rather than through `object`: at 100,000 members, reading
// each field by its name is several times faster than looking fields up by a key in a loop.
function isMember(m: unknown): m is JsonObject {
  if (!isRecord(m)) return false;
  const { seat, settings: s, access: a } = m;
  const required =
    nonEmpty(m.id) &&
    typeof m.email === 'string' &&
    m.email.length >= 3 &&
    (seat === null ||
      (isRecord(seat) &&
        nonEmpty(seat.name) &&
        isFlag(seat.includesRecording) &&
        keyCount(seat) === 2)) &&
    isRecord(s) &&
    isFlag(s.recording) &&
    isFlag(s.calendarImport) &&
    isFlag(s.nonRecordedMeetings) &&
    isFlag(s.emailImport) &&
    keyCount(s) === 4 &&
    isFlag(m.inScope) &&
    isConnection(m.connection) &&
    isRecord(a) &&
    isAccess(a.mailbox) &&
    isAccess(a.calendar) &&
    keyCount(a) === 2 &&
    nullableError(m.lastError);
  if (!required) return false;
  const name = optionalField(m.name, isString);
  const mailbox = optionalField(m.mailboxError, nullableError);
  const calendar = optionalField(m.calendarError, nullableError);
  const directory = optionalField(m.directoryError, nullableError);
  if (name < 0 || mailbox < 0 || calendar < 0 || directory < 0) return false;
  return keyCount(m) === 8 + name + mailbox + calendar + directory;
}

// Ids in increasing order (as directories list them) are distinct without building a set.
const members: Check = (value) => {
  if (!Array.isArray(value)) return false;
  let increasing = true;
  let previous = '';
  for (const item of value) {
    if (!isMember(item)) return false;
    const id = String(item.id);
    if (id <= previous) increasing = false;
    previous = id;
  }
  return increasing || new Set(value.map((item: JsonObject) => item.id)).size === value.length;
};

const snapshot = object(
  {
    version: (value) => value === 1,
    takenAt: (value) => TakenAt.safeParse(value).success,
    company,
    members,
  },
  ['takenAt'],
);

function isPlainSnapshot(document: unknown): document is CaptureSnapshot {
  return snapshot(document);
}
