// @internal: a part of the API's own wiring, not used outside apps/api.
import type { RouteSpec } from '../route-registry/route-registry.js';
import type { ApiKeyPrincipal } from '../store-port/store-port.js';

/** Hono's environment for every route: the caller, once authenticated, and the route matched. */
export interface ApiEnv {
  Variables: {
    principal: ApiKeyPrincipal;
    route: RouteSpec;
  };
}
