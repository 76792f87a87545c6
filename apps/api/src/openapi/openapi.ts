import { z } from 'zod';
import * as S from '../api-schemas/api-schemas.js';
import { type RouteSpec, roles } from '../route-spec/route-spec.js';
import examples from './response-examples.json' with { type: 'json' };

type Json = Record<string, unknown>;

const named = new Map<z.ZodType, string>([
  [S.CaptureSnapshot, 'CaptureSnapshot'],
  [S.Report, 'Report'],
  [S.Problem, 'Problem'],
]);

const problemStatuses: Record<number, string> = {
  400: 'The body, a query parameter or a header is invalid; `field` names it',
  401: 'No API key, or the key is not accepted',
  403: 'The key’s role may not do this',
  404: 'No such resource for this key (another company’s ids answer 404 too)',
  409: 'Refused in the current state; `code` says why',
  413: 'The body is larger than the limit',
  415: 'The body is not JSON',
  422: 'Understood but not possible with the stored data; `code` says why',
  429: 'Too many failed authentications from this address; `Retry-After` says when to try again',
  500: 'The work itself failed (e.g. the provider could not be read); `code` says why',
};

/** An answer a route really gave, kept as data beside this file, by `<method> <path>`. */
const responseExamples: Record<string, unknown> = examples;

/**
 * The problem statuses a route can answer: 400 only when it reads a body or a query, 401 and
 * 429 (failed keys are rate limited) when it needs a key, 403 when some role may not call it,
 * 404 when its path names something, 413 for any body sent, 415 for a JSON body; then its own.
 * @example problemStatusesOf({ method: 'get', path: '/v1/rules', roles }) // [401, 429]
 */
export function problemStatusesOf(spec: RouteSpec): number[] {
  const statuses = [
    ...(spec.body || spec.query ? [400] : []),
    ...(spec.roles ? [401, 429] : []),
    ...(spec.roles && spec.roles.length < roles.length ? [403] : []),
    ...(spec.path.includes('{') ? [404] : []),
    ...(spec.method === 'get' ? [] : [413]),
    ...(spec.body ? [415] : []),
    ...(spec.refusals ?? []),
  ];
  return [...new Set(statuses)].sort((a, b) => a - b);
}

/**
 * The example answer kept for a route, if there is one.
 * @example responseExample({ method: 'get', path: '/healthz' }) // { status: 'ok', rules: 30 }
 */
export function responseExample(spec: Pick<RouteSpec, 'method' | 'path'>): unknown {
  return responseExamples[`${spec.method} ${spec.path}`];
}

/**
 * The OpenAPI 3.1 document of the API, generated from the routes and their zod schemas.
 * @example openApiDocument(registry.specs).paths['/v1/evaluate'].post.summary
 */
export function openApiDocument(specs: readonly RouteSpec[], version = '0.1.0'): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of specs) {
    paths[spec.path] ??= {};
    const item = paths[spec.path]!;
    item[spec.method] = operation(spec);
  }
  const schemas: Json = {};
  for (const [schema, name] of named)
    schemas[name] = toSchema(schema, name === 'CaptureSnapshot' ? 'input' : 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'capture-doctor API',
      version,
      description:
        'Explains why each team member’s meetings, calendar and emails are or are not captured, and how to fix it. Errors are RFC 9457 problem+json documents naming the field at fault.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(specs.map((s) => s.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key, bound to one company and one role',
        },
      },
    },
  };
}

function operation(spec: RouteSpec): Json {
  const parameters: Json[] = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (spec.query) {
    const schema = toSchema(spec.query, 'input');
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    for (const [name, property] of Object.entries(properties)) {
      parameters.push({
        name,
        in: 'query',
        required: false,
        schema: property,
        description: property.description,
      });
    }
  }
  const status = String(spec.status ?? 200);
  const example = responseExample(spec);
  const responses: Json = {
    [status]: {
      description: 'Success',
      content: {
        'application/json': {
          schema: spec.response ? ref(spec.response, 'output') : {},
          ...(example === undefined ? {} : { example }),
        },
        ...(spec.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
      },
    },
  };
  for (const code of problemStatusesOf(spec)) {
    responses[String(code)] = {
      description: problemStatuses[code] ?? 'Refused',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return {
    operationId: `${spec.method}${spec.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.roles
      ? { security: [{ apiKey: [] }], description: `Roles: ${spec.roles.join(', ')}.` }
      : { security: [] }),
    parameters,
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(spec.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

function ref(schema: z.ZodType, io: 'input' | 'output'): Json {
  const name = named.get(schema);
  return name ? { $ref: `#/components/schemas/${name}` } : toSchema(schema, io);
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json;
  return rest;
}
