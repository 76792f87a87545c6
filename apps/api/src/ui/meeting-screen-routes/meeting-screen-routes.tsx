/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { signedIn } from '../../middleware/signed-in/index.js';
import { ProblemError } from '../../problem/problem.js';
import { listMeetings } from '../../services/meetings/list-meetings.js';
import {
  evidenceCsv,
  meetingEvidence,
  verifyEvidence,
} from '../../services/meetings/meeting-evidence.js';
import { getMeeting } from '../../services/meetings/meeting-view.js';
import { consentText as t } from '../consent-text/consent-text.js';
import { MeetingEvidenceView, MeetingsView } from '../meetings-view/meetings-view.js';
import { sectionPage } from '../section-page/section-page.js';

/**
 * The meetings screens of the Consent section: the meetings with each participant's answer, and
 * one meeting's evidence with its verify result and CSV download, through the meetings services.
 * @example meetingScreenRoutes(app, deps) // GET /compliance/meetings, GET /compliance/meetings/:id
 */
export function meetingScreenRoutes(app: Hono<ApiEnv>, deps: AppDeps): void {
  const readers = signedIn({
    store: deps.store,
    roles: ['compliance', 'admin'],
    refusal: t('consent-roles'),
  });

  app.get('/compliance/meetings', readers, async (c) => {
    const cursor = c.req.query('cursor');
    const page = await listMeetings(deps.store, c.get('principal').companyId, {
      source: 'api',
      limit: 20,
      ...(cursor ? { cursor } : {}),
    });
    const meetings = page.items.flatMap((m) => (m.source === 'api' ? [m] : []));
    return sectionPage(
      c,
      t('meetings-title'),
      <MeetingsView meetings={meetings} {...(page.nextCursor ? { next: page.nextCursor } : {})} />,
    );
  });

  app.get('/compliance/meetings/:meetingId', readers, async (c) => {
    const { companyId } = c.get('principal');
    const meetingId = c.req.param('meetingId');
    const cursor = c.req.query('cursor');
    try {
      const meeting = await getMeeting(deps.store, companyId, meetingId);
      const evidence = await meetingEvidence(deps.store, companyId, meetingId, {
        limit: 200,
        cursor,
      });
      const verify = await verifyEvidence(deps.store, companyId, meetingId);
      return sectionPage(
        c,
        meeting.title,
        <MeetingEvidenceView
          meeting={meeting}
          evidence={evidence.items}
          verify={verify}
          {...(evidence.nextCursor ? { next: evidence.nextCursor } : {})}
        />,
      );
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status !== 404) throw error;
      return sectionPage(c, t('meeting'), <p>{t('meeting-missing')}</p>, 404);
    }
  });

  app.get('/compliance/meetings/:meetingId/evidence.csv', readers, async (c) => {
    const meetingId = c.req.param('meetingId');
    const csv = await evidenceCsv(deps.store, c.get('principal').companyId, meetingId);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="consent-evidence-${meetingId.replace(/[^\w.-]/g, '_')}.csv"`,
    });
  });
}
