import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document with every route, its roles and its problem answers', async () => {
    const doc = (await (await t.call('/openapi.json', { key: null })).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { security: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }
        >
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/evaluate',
        '/v1/companies/{companyId}/members/{memberId}',
        '/v1/rules/{ruleId}',
        '/healthz',
        '/v1/companies/{companyId}/consent-policy/simulate',
      ]),
    );
    const evaluate = doc.paths['/v1/evaluate']!.post!;
    expect(evaluate.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/CaptureSnapshot' } } },
    });
    expect(Object.keys(evaluate.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '413', '415']),
    );
    expect(doc.components.schemas.CaptureSnapshot?.properties).toHaveProperty('members');
    expect(doc.paths['/healthz']!.get!.security).toEqual([]);
  });

  it('lists the API key routes: create with a body, list, and revoke with a 404 answer', async () => {
    const doc = (await (await t.call('/openapi.json', { key: null })).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>
      >;
    };
    const keys = doc.paths['/v1/companies/{companyId}/api-keys'];
    expect(Object.keys(keys ?? {}).sort()).toEqual(['get', 'post']);
    expect(keys?.post?.requestBody).toBeDefined();
    expect(Object.keys(keys?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '404']),
    );
    const revoke = doc.paths['/v1/companies/{companyId}/api-keys/{keyId}']?.delete;
    expect(Object.keys(revoke?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403', '404']),
    );
  });

  it('lists the alert routes: webhooks, their deliveries and replay, and the email recipients', async () => {
    const doc = (await (await t.call('/openapi.json', { key: null })).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            description?: string;
            responses: Record<string, unknown>;
            requestBody?: { content: Record<string, { schema: { properties?: object } }> };
          }
        >
      >;
    };
    const hooks = '/v1/companies/{companyId}/webhooks';
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods(hooks)).toEqual(['get', 'post']);
    expect(methods(`${hooks}/{webhookId}`)).toEqual(['delete', 'get', 'patch']);
    expect(methods(`${hooks}/{webhookId}/deliveries`)).toEqual(['get']);
    expect(methods(`${hooks}/{webhookId}/deliveries/{deliveryId}/replay`)).toEqual(['post']);
    expect(methods('/v1/companies/{companyId}/alert-recipients')).toEqual(['get', 'put']);
    const create = doc.paths[hooks]!.post!;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '403']));
    expect(JSON.stringify(create.requestBody)).toContain('meeting.will_not_record');
    const replay = doc.paths[`${hooks}/{webhookId}/deliveries/{deliveryId}/replay`]!.post!;
    expect(Object.keys(replay.responses)).toEqual(expect.arrayContaining(['202', '404']));
  });

  it('has an interactive reference page that loads nothing from another origin', async () => {
    const res = await t.call('/reference', { key: null });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<script src="/reference/assets/swagger-ui-bundle.js">');
    const start = await (await t.call('/reference/assets/reference.js', { key: null })).text();
    expect(start).toContain("url: '/openapi.json'");
    expect(start).toContain('queryConfigEnabled: false');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });
});

type Operation = {
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema?: object; example?: unknown }> }
  >;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
};

/** The schema with every `#/components/schemas/…` reference replaced by what it names. */
function inlined(schema: unknown, components: Record<string, object>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inlined(s, components));
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/'))
    return inlined(components[ref.slice('#/components/schemas/'.length)], components);
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, inlined(value, components)]),
  );
}

describe('every operation of /openapi.json', () => {
  let doc: Document;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method} ${path}`, op })),
    );
  beforeAll(async () => {
    doc = (await (await t.call('/openapi.json', { key: null })).json()) as Document;
  });

  it('has a success answer with its schema and an example that the schema accepts', () => {
    expect(operations().length).toBeGreaterThanOrEqual(45);
    for (const { name, op } of operations()) {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect(success, name).toHaveLength(1);
      const media = success[0]?.[1].content?.['application/json'];
      expect(Object.keys(media?.schema ?? {}), `${name}: response schema`).not.toEqual([]);
      expect(media?.example, `${name}: example`).toBeDefined();
      const schema = z.fromJSONSchema(
        inlined(media?.schema, doc.components.schemas) as Parameters<typeof z.fromJSONSchema>[0],
      );
      const checked = schema.safeParse(media?.example);
      expect(checked.success, `${name}: ${checked.error?.message ?? ''}`).toBe(true);
    }
  });

  it('lists a 5xx only where the route says why it fails that way', () => {
    const withServerError = operations().filter(({ op }) =>
      Object.keys(op.responses).some((status) => status.startsWith('5')),
    );
    expect(withServerError.map((o) => o.name)).toEqual(['post /v1/companies/{companyId}/syncs']);
    expect(withServerError[0]?.op.responses['500']?.description).toMatch(/`code` says why/);
  });

  it('lists only the problems a route can answer', () => {
    const statuses = (name: string) =>
      Object.keys(operations().find((o) => o.name === name)?.op.responses ?? {});
    // no key, no body, no query, nothing named in the path: it can only succeed
    expect(statuses('get /healthz')).toEqual(['200']);
    // every role may read the rules: no 403; nothing named in the path: no 404
    expect(statuses('get /v1/rules')).toEqual(['200', '401', '429']);
    expect(statuses('get /v1/rules/{ruleId}')).toEqual(['200', '401', '404', '429']);
    expect(statuses('delete /v1/companies/{companyId}/api-keys/{keyId}')).toEqual([
      '200',
      '401',
      '403',
      '404',
      '413',
      '429',
    ]);
  });
});
