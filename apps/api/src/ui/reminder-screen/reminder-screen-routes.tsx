/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { docsUrl } from '../../docs-url/docs-url.js';
import { signedIn } from '../../middleware/signed-in/index.js';
import { noticeText } from '../../notices/notices.js';
import { queueReminders, reminderCandidates } from '../../services/remind/queue-reminders.js';
import { reminderCooldownHours, reminderEmail } from '../../services/remind/reminder-email.js';
import { backTo, signedInScreen } from '../screen-response/screen-response.js';
import { screenText } from '../screen-text/screen-text.js';
import { ReminderView } from './reminder-view.js';

const here = '/team/reminders';

/**
 * The reminders screen: who will be reminded and why, when each was last reminded, the email
 * each would receive, and the button that sends them (once per member per cooldown).
 * @example reminderScreenRoutes(app, deps) // GET /team/reminders, POST /team/reminders
 */
export function reminderScreenRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  const anyone = signedIn({ store: deps.store });
  const admin = signedIn({
    store: deps.store,
    roles: ['admin'],
    refusal: noticeText('only-admin-reminds'),
  });

  app.get(here, anyone, async (c) => {
    const principal = c.get('principal');
    const candidates = (await reminderCandidates(deps, principal.companyId)) ?? [];
    const company = await deps.store.companies.get(principal.companyId);
    const provider =
      (await deps.cache.evaluation(principal.companyId))?.evaluation.report.provider ?? null;
    const origin = new URL(c.req.url).origin;
    const previews = new Map(
      candidates.map((candidate) => [
        candidate.member.id,
        reminderEmail({
          member: candidate.member,
          reason: candidate.reason,
          companyName: company?.name ?? principal.companyId,
          provider,
          providerName: deps.rules.catalog.providers[provider ?? 'none'].name,
          connectUrl: new URL(docsUrl(candidate.reason), origin).toString(),
        }),
      ]),
    );
    return signedInScreen(
      c,
      deps,
      { title: 'Reminders', active: 'reminders' },
      <ReminderView
        candidates={candidates}
        previews={previews}
        titles={new Map(deps.rules.rules.map((r) => [r.id, r.title]))}
        cooldownHours={reminderCooldownHours}
        canAct={principal.role === 'admin'}
        csrfToken={c.get('session')?.csrfToken ?? ''}
      />,
    );
  });

  app.post(here, admin, async (c) => {
    try {
      const { queued, delivery, coolingDown } = await queueReminders(
        deps,
        c.get('principal'),
        undefined,
        new URL(c.req.url).origin,
      );
      const sent = noticeText(delivery === 'smtp' ? 'reminders-sent' : 'reminders-queued', {
        count: queued.length,
      });
      const leftOut = coolingDown.length
        ? ` ${screenText('reminders-left-out', { count: coolingDown.length, hours: reminderCooldownHours })}`
        : '';
      return backTo(c, deps, here, `${sent}.${leftOut}`);
    } catch {
      return backTo(c, deps, here, noticeText('reminders-failed'));
    }
  });
}
