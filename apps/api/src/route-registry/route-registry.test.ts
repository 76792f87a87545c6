import { Hono } from 'hono';
import { SmartRouter } from 'hono/router/smart-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnv } from '../api-env/api-env.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { createRouteRegistry } from './route-registry.js';

function routerName(app: Hono<ApiEnv>): string {
  return app.router instanceof SmartRouter ? app.router.activeRouter.name : app.router.name;
}

describe('the route registry', () => {
  it('answers a fixed-name route beside a parameter route as its own, and the parameter for any other value', async () => {
    const app = new Hono<ApiEnv>();
    const guarded: string[] = [];
    const registry = createRouteRegistry(app, async (_c, spec) => {
      guarded.push(spec.summary);
    });
    const spec = { method: 'get', tag: 'test' } as const;
    registry.add({ ...spec, path: '/v1/things/latest', summary: 'latest' }, (c) =>
      c.text('latest'),
    );
    registry.add({ ...spec, path: '/v1/things/{thingId}', summary: 'one' }, (c) =>
      c.text(`one ${c.req.param('thingId')}`),
    );
    registry.add({ ...spec, method: 'post', path: '/v1/things/latest', summary: 'post' }, (c) =>
      c.text('posted'),
    );
    registry.register();
    expect(await (await app.request('/v1/things/latest')).text()).toBe('latest');
    expect(await (await app.request('/v1/things/t1')).text()).toBe('one t1');
    expect(await (await app.request('/v1/things/latest', { method: 'POST' })).text()).toBe(
      'posted',
    );
    expect((await app.request('/v1/things/t1', { method: 'POST' })).status).toBe(404);
    expect((await app.request('/v1/things/t1/more')).status).toBe(404);
    // Each route ran its own guard, with its own spec.
    expect(guarded).toEqual(['latest', 'one', 'post']);
    expect(routerName(app)).toBe('RegExpRouter');
  });
});

describe('the whole app', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ demo: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is matched by Hono’s RegExpRouter: no pair of routes sends every request to a slower router', async () => {
    expect((await t.call('/healthz', { key: null })).status).toBe(200);
    expect(routerName(t.server.app)).toBe('RegExpRouter');
  });
});
