// @internal: a part of the API's own wiring, not used outside apps/api.
import type { VerifiedApiKey } from '@capture-doctor/store';
import type { ScreenSession } from '../middleware/session/index.js';
import type { RouteSpec } from '../route-spec/route-spec.js';

/** Hono's environment for every route: the caller, once authenticated, and the route matched. */
export interface ApiEnv {
  Variables: {
    principal: VerifiedApiKey;
    /** the SHA-256 of the API key that authenticated the request (see keyDigest) */
    keyDigest: string | undefined;
    route: RouteSpec;
    /** the screen session named by the cookie, when it is live */
    session: ScreenSession | undefined;
  };
}
