/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import { CredentialBody, SyncScheduleBody } from '../../api-schemas/api-schemas.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { recordAudit } from '../../audit/audit.js';
import { signedIn } from '../../middleware/signed-in/index.js';
import {
  changeConnection,
  connectionView,
  credentialKinds,
  saveCredential,
} from '../../services/connection/connection.js';
import { saveSyncSchedule, syncScheduleOf } from '../../services/sync-schedule/sync-schedule.js';
import {
  backTo,
  formFields,
  issueLine,
  signedInScreen,
} from '../screen-response/screen-response.js';
import { screenText } from '../screen-text/screen-text.js';
import { connectionEventFromForm } from './connection-form.js';
import { ConnectionSettingsView } from './connection-view.js';
import { SyncScheduleForm } from './sync-schedule-form.js';

const here = '/team/connection';

/**
 * The connection settings screen: every change is one event sent to the connection machine
 * through the same service as the API; a refusal comes back as the machine's sentence.
 * @example connectionScreenRoutes(app, deps) // GET /team/connection, POST /team/connection
 */
export function connectionScreenRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  const anyone = signedIn({ store: deps.store });
  const admin = signedIn({ store: deps.store, roles: ['admin'] });

  app.get(here, anyone, async (c) => {
    const principal = c.get('principal');
    return signedInScreen(
      c,
      deps,
      { title: 'Connection settings', active: 'connection' },
      <>
        <ConnectionSettingsView
          connection={await connectionView(deps.store, principal.companyId)}
          credentials={await credentialKinds(deps.store, principal.companyId)}
          catalog={deps.rules.catalog}
          canAct={principal.role === 'admin'}
          csrfToken={c.get('session')?.csrfToken ?? ''}
        />
        <SyncScheduleForm
          schedule={await syncScheduleOf(deps.store, principal.companyId, deps.clock())}
          canAct={principal.role === 'admin'}
          csrfToken={c.get('session')?.csrfToken ?? ''}
        />
      </>,
    );
  });

  app.post(here, admin, async (c) => {
    const principal = c.get('principal');
    const form = connectionEventFromForm(await formFields(c), deps.clock().toISOString());
    if (!form.ok)
      return backTo(c, deps, here, screenText('connection-refused', { message: form.reason }));
    const outcome = await changeConnection(deps.store, principal.companyId, form.event);
    if (!outcome.ok) {
      return backTo(c, deps, here, screenText('connection-refused', { message: outcome.message }));
    }
    await recordAudit(
      deps.store,
      principal,
      'connection.change',
      `company:${principal.companyId}`,
      {
        event: form.event.type,
        state: outcome.view.state,
        from: 'connection screen',
      },
    );
    return backTo(c, deps, here, screenText('connection-changed', { state: outcome.view.state }));
  });

  app.post(`${here}/credentials`, admin, async (c) => {
    const principal = c.get('principal');
    const form = await formFields(c, 20_000);
    const body = CredentialBody.safeParse({ kind: form.kind, secret: form.secret });
    if (!body.success) {
      const message = issueLine(body.error);
      return backTo(c, deps, here, screenText('connection-refused', { message }));
    }
    const { kind, secret } = body.data;
    const saved = await saveCredential(deps.store, principal.companyId, { kind, secret });
    if (!saved) return backTo(c, deps, here, screenText('credential-no-connection'));
    await recordAudit(
      deps.store,
      principal,
      'connection.credential.save',
      `company:${principal.companyId}`,
      {
        kind,
      },
    );
    return backTo(c, deps, here, screenText('credential-saved', { kinds: saved.kinds.join(', ') }));
  });

  app.post(`${here}/sync-schedule`, admin, async (c) => {
    const principal = c.get('principal');
    const form = await formFields(c);
    const body = SyncScheduleBody.safeParse({
      cron: form.cron,
      timezone: form.timezone,
      enabled: form.enabled === 'on',
    });
    if (!body.success) {
      const message = issueLine(body.error);
      return backTo(c, deps, here, screenText('connection-refused', { message }));
    }
    await saveSyncSchedule(deps.store, principal.companyId, body.data, deps.clock());
    await recordAudit(
      deps.store,
      principal,
      'sync.schedule.set',
      `company:${principal.companyId}`,
      {
        ...body.data,
        from: 'connection screen',
      },
    );
    return backTo(c, deps, here, screenText('schedule-saved'));
  });
}
