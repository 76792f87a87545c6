/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import { AcknowledgementBody } from '../../api-schemas/api-schemas.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { signedIn } from '../../middleware/signed-in/index.js';
import { ProblemError } from '../../problem/problem.js';
import {
  acknowledgeFinding,
  revokeAcknowledgement,
} from '../../services/acknowledge/acknowledge.js';
import {
  backTo,
  formFields,
  issueLine,
  signedInScreen,
} from '../screen-response/screen-response.js';
import { screenText } from '../screen-text/screen-text.js';
import { AcknowledgementListView } from './acknowledgement-list-view.js';

/**
 * The acknowledgements screen (every acknowledgement, revoke) and the form a member's finding
 * carries to acknowledge it; both call the same service as the API.
 * @example acknowledgementScreenRoutes(app, deps) // GET /team/acknowledgements, POST /team/members/:id/acknowledgements
 */
export function acknowledgementScreenRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  const anyone = signedIn({ store: deps.store });
  const admin = signedIn({ store: deps.store, roles: ['admin'] });

  app.get('/team/acknowledgements', anyone, async (c) => {
    const principal = c.get('principal');
    const titles = new Map(deps.rules.rules.map((r) => [r.id, r.title]));
    return signedInScreen(
      c,
      deps,
      { title: 'Acknowledgements', active: 'acknowledgements' },
      <AcknowledgementListView
        acknowledgements={await deps.store.acknowledgements.list(principal.companyId)}
        titles={titles}
        now={deps.clock()}
        canAct={principal.role === 'admin'}
        csrfToken={c.get('session')?.csrfToken ?? ''}
      />,
    );
  });

  app.post('/team/members/:memberId/acknowledgements', admin, async (c) => {
    const memberId = c.req.param('memberId');
    const back = `/team/members/${encodeURIComponent(memberId)}`;
    const form = await formFields(c, 500);
    // A date from the form holds until the end of that day, UTC.
    const body = AcknowledgementBody.safeParse({
      memberId,
      ruleId: form.ruleId ?? '',
      reason: form.reason ?? '',
      expiresAt: /^\d{4}-\d{2}-\d{2}$/.test(form.until ?? '') ? `${form.until}T23:59:59Z` : '',
    });
    if (!body.success) {
      const reason = issueLine(body.error);
      return backTo(c, deps, back, screenText('ack-refused', { reason }));
    }
    try {
      const created = await acknowledgeFinding(deps, c.get('principal'), body.data);
      const expiresAt = created.expiresAt.slice(0, 10);
      return backTo(c, deps, back, screenText('ack-created', { expiresAt }));
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return backTo(c, deps, back, screenText('ack-refused', { reason: error.detail }));
    }
  });

  app.post('/team/acknowledgements/:acknowledgementId/revoke', admin, async (c) => {
    const back = '/team/acknowledgements';
    try {
      await revokeAcknowledgement(deps, c.get('principal'), c.req.param('acknowledgementId'));
      return backTo(c, deps, back, screenText('ack-revoked'));
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return backTo(c, deps, back, screenText('ack-revoke-refused', { reason: error.detail }));
    }
  });
}
