/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { signedIn } from '../../middleware/signed-in/index.js';
import type { CalendarMeetingView } from '../../services/meetings/calendar-meeting-schemas.js';
import { listMeetings } from '../../services/meetings/list-meetings.js';
import type { ApiMeetingView } from '../../services/meetings/meeting-schemas.js';
import { Layout } from '../layout/layout.js';
import {
  meetingsWords,
  UpcomingMeetingsView,
} from '../upcoming-meetings-view/upcoming-meetings-view.js';

const DAYS = 7;
// The screen shows one week: enough meetings for any team without paging on the page.
const MOST_SHOWN = 500;

/**
 * The upcoming-meetings screen: the next week's meetings with their verdicts and reasons, for
 * the whole company or, with `?member=`, one member's calendar. Same service as the API.
 * @example meetingsPageRoutes(app, deps) // GET /meetings, GET /meetings?member=m01
 */
export function meetingsPageRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  app.get('/meetings', signedIn({ store: deps.store }), async (c) => {
    const principal = c.get('principal');
    const now = deps.clock();
    const memberId = c.req.query('member')?.slice(0, 128) || undefined;
    const { items } = await listMeetings(deps.store, principal.companyId, {
      from: now.toISOString(),
      to: new Date(now.getTime() + DAYS * 86_400_000).toISOString(),
      limit: MOST_SHOWN,
      ...(memberId === undefined ? {} : { memberId }),
    });
    const members = await deps.store.members.list(principal.companyId);
    const names = new Map(members.map((m) => [m.id, m.name ?? m.email]));
    const member =
      memberId === undefined ? null : { id: memberId, name: names.get(memberId) ?? memberId };
    const calendar = items.filter((m): m is CalendarMeetingView => m.source === 'calendar');
    const api = items.filter((m): m is ApiMeetingView => m.source === 'api');
    const node = (
      <Layout
        title={meetingsWords.title}
        signedIn
        active="meetings"
        who={principal.role}
        csrfToken={c.get('session')?.csrfToken}
      >
        <UpcomingMeetingsView
          calendar={calendar}
          api={api}
          days={DAYS}
          member={member}
          names={names}
          catalog={deps.rules.catalog}
        />
      </Layout>
    );
    return c.html(`<!doctype html>${await node.toString()}`);
  });
}
