import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(html).toContain("fetch('/openapi.json')");
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });
});
