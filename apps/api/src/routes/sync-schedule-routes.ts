import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../route-spec/route-spec.js';
import { saveSyncSchedule, syncScheduleOf } from '../services/sync-schedule/sync-schedule.js';

const path = '/v1/companies/{companyId}/sync-schedule';

/**
 * The company's sync schedule: read by every role, set by an admin.
 * @example syncScheduleRoutes(registry, deps) // GET/PUT /v1/companies/{companyId}/sync-schedule
 */
export function syncScheduleRoutes(registry: RouteRegistry, deps: AppDeps): void {
  registry.add(
    {
      method: 'get',
      path,
      summary: "When the company's syncs start on their own, and when the next one starts",
      tag: 'syncs',
      roles,
      response: S.SyncScheduleView,
    },
    async (c) =>
      c.json(await syncScheduleOf(deps.store, c.get('principal').companyId, deps.clock())),
  );

  registry.add(
    {
      method: 'put',
      path,
      summary:
        'Set the sync schedule: a five-field cron expression, its time zone, and whether it is on',
      tag: 'syncs',
      roles: ['admin'],
      body: S.SyncScheduleBody,
      response: S.SyncScheduleView,
    },
    async (c) => {
      const setting = await readBody(c, S.SyncScheduleBody);
      const principal = c.get('principal');
      const view = await saveSyncSchedule(deps.store, principal.companyId, setting, deps.clock());
      await recordAudit(
        deps.store,
        principal,
        'sync.schedule.set',
        `company:${principal.companyId}`,
        {
          ...setting,
        },
      );
      return c.json(view);
    },
  );
}
