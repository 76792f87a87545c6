// @internal: a part of the API's own wiring, not used outside apps/api.
import { ApiKeyRole } from '@capture-doctor/store';
import type { z } from 'zod';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Every role an API key can carry: the `roles` of a route any key may call. */
export const roles: readonly ApiKeyRole[] = ApiKeyRole.options;

/** One documented API route: the same description feeds Hono and the OpenAPI document. */
export interface RouteSpec {
  method: Method;
  /** OpenAPI-style path, e.g. /v1/companies/{companyId} */
  path: string;
  summary: string;
  tag: string;
  /** roles allowed; undefined means no key is needed */
  roles?: readonly ApiKeyRole[];
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  /** also answers text/csv (`?format=csv` or `Accept: text/csv`): the whole list, streamed */
  csv?: boolean;
  /** problem statuses the route's own work may answer, besides those its shape implies (problemStatusesOf) */
  refusals?: number[];
}
