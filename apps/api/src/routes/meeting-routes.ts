import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { parseWith, readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { botEvent } from '../services/meetings/bot-event.js';
import { createMeeting } from '../services/meetings/create-meeting.js';
import { listMeetings } from '../services/meetings/list-meetings.js';
import {
  evidenceCsv,
  meetingEvidence,
  verifyEvidence,
} from '../services/meetings/meeting-evidence.js';
import * as M from '../services/meetings/meeting-schemas.js';
import { getMeeting } from '../services/meetings/meeting-view.js';

const meetings = '/v1/companies/{companyId}/meetings';
const jurisdictionMap = '/v1/companies/{companyId}/jurisdiction-map';

/**
 * Meetings a bot integration registers, and the events it reports while in the call.
 * @example meetingRoutes(registry, deps) // POST /v1/companies/{companyId}/meetings, ...
 */
export function meetingRoutes(registry: RouteRegistry, deps: AppDeps): void {
  const now = () => deps.clock().toISOString();

  registry.add(
    {
      method: 'post',
      path: meetings,
      summary:
        'Register a meeting under the consent policy in force; the answer gives each participant’s consent state and the recorder’s display name',
      tag: 'meetings',
      roles: ['admin'],
      body: M.MeetingRequest,
      response: M.MeetingView,
      status: 201,
      refusals: [409],
    },
    async (c) => {
      const request = await readBody(c, M.MeetingRequest);
      const principal = c.get('principal');
      const meeting = await createMeeting(
        deps.store,
        principal.companyId,
        request,
        now(),
        deps.consentLinks,
      );
      await recordAudit(deps.store, principal, 'meeting.create', `meeting:${meeting.id}`, {
        participants: meeting.participants.length,
        policyVersion: meeting.policy.version,
      });
      return c.json(meeting, 201);
    },
  );

  registry.add(
    {
      method: 'get',
      path: meetings,
      summary:
        'The company’s meetings by start time (`from` inclusive, `to` exclusive), paged: those registered through the API (`source: "api"`) and those found on the calendars (`source: "calendar"`, with `verdict` and `reasons`); filter by `verdict` and `memberId`',
      tag: 'meetings',
      roles: ['admin', 'compliance'],
      query: M.MeetingListQuery,
      response: M.MeetingList,
    },
    async (c) => {
      const query = parseWith(M.MeetingListQuery, c.req.query(), 'query');
      return c.json(await listMeetings(deps.store, c.get('principal').companyId, query));
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${meetings}/{meetingId}`,
      summary: 'One meeting with each participant’s consent state',
      tag: 'meetings',
      roles: ['admin', 'compliance'],
      response: M.MeetingView,
    },
    async (c) =>
      c.json(
        await getMeeting(deps.store, c.get('principal').companyId, c.req.param('meetingId') ?? ''),
      ),
  );

  registry.add(
    {
      method: 'post',
      path: `${meetings}/{meetingId}/events`,
      summary:
        'Report what happened in the call; the consent machine decides whether the recorder may record (409 with its code when it refuses the event)',
      tag: 'meetings',
      roles: ['admin'],
      body: M.BotEvent,
      response: M.BotEventAnswer,
      refusals: [409],
    },
    async (c) => {
      const event = await readBody(c, M.BotEvent);
      const { companyId } = c.get('principal');
      const meetingId = c.req.param('meetingId') ?? '';
      return c.json(await botEvent(deps.store, companyId, meetingId, event, now()));
    },
  );

  registry.add(
    {
      method: 'get',
      path: jurisdictionMap,
      summary:
        'Where participants of each email domain are, for meetings that do not say: domain → ISO 3166 code',
      tag: 'meetings',
      roles: ['compliance', 'admin'],
      response: M.JurisdictionMapBody,
    },
    async (c) => c.json(await deps.store.jurisdictionMap.get(c.get('principal').companyId)),
  );

  registry.add(
    {
      method: 'put',
      path: jurisdictionMap,
      summary: 'Replace the jurisdiction map (compliance role only)',
      tag: 'meetings',
      roles: ['compliance'],
      body: M.JurisdictionMapBody,
      response: M.JurisdictionMapBody,
    },
    async (c) => {
      const map = await readBody(c, M.JurisdictionMapBody);
      const principal = c.get('principal');
      const saved = await deps.store.jurisdictionMap.replace(principal.companyId, map);
      await recordAudit(deps.store, principal, 'jurisdiction-map.replace', 'jurisdiction-map', {
        domains: Object.keys(saved).length,
      });
      return c.json(saved);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${meetings}/{meetingId}/evidence`,
      summary:
        'The meeting’s consent evidence in order, each event with the hash of the previous one; `format=csv` answers text/csv with every event',
      tag: 'meetings',
      roles: ['admin', 'compliance'],
      query: M.EvidenceQuery,
      response: M.EvidenceList,
    },
    async (c) => {
      const query = parseWith(M.EvidenceQuery, c.req.query(), 'query');
      const { companyId } = c.get('principal');
      const meetingId = c.req.param('meetingId') ?? '';
      if (query.format === 'csv') {
        const csv = await evidenceCsv(deps.store, companyId, meetingId);
        return c.body(csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="consent-evidence-${meetingId}.csv"`,
        });
      }
      return c.json(await meetingEvidence(deps.store, companyId, meetingId, query));
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${meetings}/{meetingId}/evidence/verify`,
      summary:
        'Recompute the meeting’s evidence hash chain: `{ "valid": true }` or the first broken link',
      tag: 'meetings',
      roles: ['admin', 'compliance'],
      response: M.ChainCheckAnswer,
    },
    async (c) =>
      c.json(
        await verifyEvidence(
          deps.store,
          c.get('principal').companyId,
          c.req.param('meetingId') ?? '',
        ),
      ),
  );
}
