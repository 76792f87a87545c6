import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';

/** One operation of the API, as the reference page lists it. */
export interface ApiOperation {
  id: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  parameters: { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: string;
  responses: { status: string; description: string; body?: string }[];
}

/** What the reference page shows of an OpenAPI document. */
export interface ApiReference extends Record<string, unknown> {
  title: string;
  version: string;
  openapi: string;
  description?: string;
  operations: ApiOperation[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Lists the operations of an OpenAPI 3 document, grouped by their first tag (in the document's
 * tag order), in path order.
 * @example apiReference({ openapi: '3.1.0', info: { title: 'API', version: '1' }, paths: {} }, 'openapi.json').operations // []
 */
export function apiReference(raw: unknown, where: string): ApiReference {
  const doc = record(raw, where);
  const info = record(doc.info, `${where} info`);
  const paths = record(doc.paths ?? {}, `${where} paths`);
  if (typeof doc.openapi !== 'string')
    throw new Error(`${where}: "openapi" (the version) is missing`);
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(record(item, `${where} paths.${path}`))
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => operationOf(path, method, record(op, `${where} ${method} ${path}`))),
  );
  const declared = (Array.isArray(doc.tags) ? doc.tags : []).flatMap((tag) =>
    typeof tag === 'object' && tag !== null && 'name' in tag ? [String(tag.name)] : [],
  );
  // The document's own tag order first (it reads as the API's table of contents), then the rest.
  const rank = (tag: string) => {
    const index = declared.indexOf(tag);
    return index === -1 ? declared.length : index;
  };
  const reference: ApiReference = {
    title: String(info.title ?? 'API'),
    version: String(info.version ?? ''),
    openapi: doc.openapi,
    operations: operations.sort(
      (a, b) =>
        rank(a.tag) - rank(b.tag) || a.tag.localeCompare(b.tag) || a.path.localeCompare(b.path),
    ),
  };
  if (typeof info.description === 'string') reference.description = info.description;
  return reference;
}

function operationOf(path: string, method: string, op: Record<string, unknown>): ApiOperation {
  const tags = Array.isArray(op.tags) ? op.tags.filter((tag) => typeof tag === 'string') : [];
  const operation: ApiOperation = {
    id: `${method}-${path}`
      .replace(/[^a-zA-Z0-9]+/g, '-')
      .replace(/-+$/, '')
      .toLowerCase(),
    method: method.toUpperCase(),
    path,
    tag: tags[0] ?? 'other',
    summary:
      typeof op.summary === 'string' ? op.summary : ((op.operationId as string | undefined) ?? ''),
    parameters: (Array.isArray(op.parameters) ? op.parameters : []).flatMap((param) => {
      if (typeof param !== 'object' || param === null || !('name' in param)) return [];
      const p = param as Record<string, unknown>;
      const entry = { name: String(p.name), in: String(p.in ?? ''), required: p.required === true };
      return [typeof p.description === 'string' ? { ...entry, description: p.description } : entry];
    }),
    responses: Object.entries(
      typeof op.responses === 'object' && op.responses !== null ? op.responses : {},
    ).map(([status, response]) => {
      const answer = typeof response === 'object' && response !== null ? response : {};
      const entry = {
        status,
        description: 'description' in answer ? String(answer.description) : '',
      };
      const body = 'content' in answer ? bodySummary(answer.content) : undefined;
      return body ? { ...entry, body } : entry;
    }),
  };
  if (typeof op.description === 'string') operation.description = op.description;
  const body = op.requestBody;
  if (typeof body === 'object' && body !== null && 'content' in body) {
    const summary = bodySummary(body.content);
    if (summary) operation.requestBody = summary;
  }
  return operation;
}

/** 'application/json (Report)': the media types of a body and the named schema of each. */
function bodySummary(content: unknown): string | undefined {
  if (typeof content !== 'object' || content === null) return undefined;
  const parts = Object.entries(content).map(([type, media]) => {
    const schema =
      typeof media === 'object' && media !== null && 'schema' in media ? media.schema : null;
    const ref =
      typeof schema === 'object' && schema !== null && '$ref' in schema ? schema.$ref : null;
    return typeof ref === 'string' ? `${type} (${ref.split('/').pop()})` : type;
  });
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Where the exported OpenAPI document is read from: CAPTURE_DOCTOR_OPENAPI (absolute, or
 * relative to docs/), else apps/api/dist/openapi.json.
 * @example openApiFile('/work/main/docs') // '/work/main/apps/api/dist/openapi.json'
 */
export function openApiFile(docsRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.CAPTURE_DOCTOR_OPENAPI;
  if (chosen) return isAbsolute(chosen) ? chosen : resolve(docsRoot, chosen);
  return resolve(docsRoot, '../apps/api/dist/openapi.json');
}

/**
 * Loads the exported OpenAPI document as one entry "api"; none when the file is absent, and
 * the reference page then says how to produce it.
 * @example defineCollection({ loader: openApiLoader() })
 */
export function openApiLoader(): Loader {
  return {
    name: 'openapi',
    load: async ({ store, parseData, generateDigest, logger, config }) => {
      store.clear();
      const file = openApiFile(fileURLToPath(config.root));
      if (!existsSync(file)) {
        logger.warn(`no OpenAPI document at ${file}; the API reference page shows a placeholder`);
        return;
      }
      const reference = apiReference(JSON.parse(readFileSync(file, 'utf8')), file);
      const data = await parseData({ id: 'api', data: reference });
      store.set({ id: 'api', data, digest: generateDigest(reference) });
    },
  };
}
