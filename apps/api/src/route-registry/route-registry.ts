// @internal: a part of the API's own wiring, not used outside apps/api.
import type { Context, Hono } from 'hono';
import type { ApiEnv } from '../api-env/api-env.js';
import type { RouteSpec } from '../route-spec/route-spec.js';

type Handler = (c: Context<ApiEnv>) => Promise<Response> | Response;

/** Collects route specs and their handlers, then registers the handlers on a Hono app. */
export interface RouteRegistry {
  specs: RouteSpec[];
  add(spec: RouteSpec, handler: Handler): void;
  /** Registers every route added so far on the app; call once, after the last `add`. */
  register(): void;
}

interface Route {
  spec: RouteSpec;
  handler: Handler;
  honoPath: string;
}

/**
 * Creates a registry bound to one Hono app; `{param}` paths become Hono's `:param`, and
 * `guard` (authentication, company binding, role) runs before every handler.
 * @example registry.add({ method: 'get', path: '/v1/rules', ... }, (c) => c.json(rules)); registry.register()
 */
export function createRouteRegistry(
  app: Hono<ApiEnv>,
  guard: (c: Context<ApiEnv>, spec: RouteSpec) => Promise<void>,
): RouteRegistry {
  const specs: RouteSpec[] = [];
  const routes: Route[] = [];
  const guarded =
    ({ spec, handler }: Route): Handler =>
    async (c) => {
      c.set('route', spec);
      await guard(c, spec);
      return handler(c);
    };
  return {
    specs,
    add(spec, handler) {
      specs.push(spec);
      routes.push({ spec, handler, honoPath: spec.path.replace(/\{(\w+)\}/g, ':$1') });
    },
    register() {
      const siblings = staticSiblings(routes);
      for (const route of routes) {
        if (siblings.taken.has(route)) continue;
        const method = route.spec.method.toUpperCase();
        const own = guarded(route);
        const named = siblings.of.get(route);
        if (!named) {
          app.on(method, route.honoPath, own);
          continue;
        }
        const param = route.honoPath.slice(route.honoPath.lastIndexOf(':') + 1);
        const byName = new Map([...named].map((r) => [lastSegment(r.honoPath), guarded(r)]));
        app.on(method, route.honoPath, (c) => (byName.get(c.req.param(param) ?? '') ?? own)(c));
      }
    },
  };
}

/**
 * The routes ending in a fixed name beside a route ending in a parameter, same method and the
 * same path before (…/evaluations/latest beside …/evaluations/{evaluationId}). Hono's fastest
 * router (RegExpRouter) refuses such a pair and Hono then matches every request with a slower
 * one, so the parameter's route answers for its fixed-name siblings, which answer as before.
 */
function staticSiblings(routes: readonly Route[]): {
  of: Map<Route, Route[]>;
  taken: Set<Route>;
} {
  const of = new Map<Route, Route[]>();
  const taken = new Set<Route>();
  for (const route of routes) {
    if (!lastSegment(route.honoPath).startsWith(':')) continue;
    const prefix = route.honoPath.slice(0, route.honoPath.lastIndexOf('/') + 1);
    const named = routes.filter(
      (r) =>
        r.spec.method === route.spec.method &&
        r.honoPath.startsWith(prefix) &&
        !r.honoPath.slice(prefix.length).includes('/') &&
        !lastSegment(r.honoPath).startsWith(':'),
    );
    if (named.length === 0) continue;
    of.set(route, named);
    for (const r of named) taken.add(r);
  }
  return { of, taken };
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
