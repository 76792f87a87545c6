// @internal: a part of the API's own wiring, not used outside apps/api.
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { ApiEnv } from '../api-env/api-env.js';
import type { Role } from '../store-port/store-port.js';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** One documented API route: the same description feeds Hono and the OpenAPI document. */
export interface RouteSpec {
  method: Method;
  /** OpenAPI-style path, e.g. /v1/companies/{companyId} */
  path: string;
  summary: string;
  tag: string;
  /** roles allowed; undefined means no key is needed */
  roles?: readonly Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  /** problem statuses the route may answer, besides 400/401/404/413/415 */
  refusals?: number[];
}

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
