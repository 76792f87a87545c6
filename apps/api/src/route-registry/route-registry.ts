// @internal: a part of the API's own wiring, not used outside apps/api.
import type { Context, Hono } from 'hono';
import type { ApiEnv } from '../api-env/api-env.js';
import type { RouteSpec } from '../route-spec/route-spec.js';

/** Collects route specs while registering their handlers on a Hono app. */
export interface RouteRegistry {
  specs: RouteSpec[];
  add(spec: RouteSpec, handler: (c: Context<ApiEnv>) => Promise<Response> | Response): void;
}

/**
 * Creates a registry bound to one Hono app; `{param}` paths become Hono's `:param`, and
 * `guard` (authentication, company binding, role) runs before every handler.
 * @example registry.add({ method: 'get', path: '/v1/rules', ... }, (c) => c.json(rules))
 */
export function createRouteRegistry(
  app: Hono<ApiEnv>,
  guard: (c: Context<ApiEnv>, spec: RouteSpec) => Promise<void>,
): RouteRegistry {
  const specs: RouteSpec[] = [];
  return {
    specs,
    add(spec, handler) {
      specs.push(spec);
      const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
      app.on(spec.method.toUpperCase(), honoPath, async (c) => {
        c.set('route', spec);
        await guard(c, spec);
        return handler(c);
      });
    },
  };
}
