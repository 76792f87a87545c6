import type { ConsentPolicyVersion } from '@capture-doctor/store';
import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { notFound } from '../problem/problem.js';
import { parseWith, readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../route-spec/route-spec.js';
import { ApprovalRequest, approveDraft } from '../services/consent/consent-approval.js';
import {
  DraftPolicy,
  policyVersion,
  SimulatedMeeting,
  saveDraft,
  simulatePolicy,
  withServerVersion,
} from '../services/consent/consent-policy.js';
import { policyChanges } from '../services/consent/policy-diff.js';
import { usualJurisdictions } from '../services/consent/usual-jurisdictions.js';

const policyPath = '/v1/companies/{companyId}/consent-policy';

/**
 * The recording-consent policy: read, edit the draft, approve, versions, diff, simulate, and the
 * usual jurisdictions approval checks against.
 * @example consentRoutes(registry, deps) // PUT /v1/companies/{companyId}/consent-policy/draft, ...
 */
export function consentRoutes(registry: RouteRegistry, deps: AppDeps): void {
  registry.add(
    {
      method: 'get',
      path: policyPath,
      summary: 'The newest consent policy version, draft or approved',
      tag: 'consent',
      roles,
      response: S.ConsentPolicyVersion,
    },
    async (c) => {
      const [current] = await deps.store.consentPolicies.list(c.get('principal').companyId);
      if (!current) throw notFound('consent policy', 'current');
      return c.json(versionAnswer(current));
    },
  );

  registry.add(
    {
      method: 'put',
      path: `${policyPath}/draft`,
      summary:
        'Write the draft policy (a new version when the newest one is approved); a `version` in the body is ignored: the server numbers versions',
      tag: 'consent',
      roles: ['admin', 'compliance'],
      body: DraftPolicy,
      response: S.ConsentPolicyVersion,
    },
    async (c) => {
      const policy = await readBody(c, DraftPolicy);
      return c.json(versionAnswer(await saveDraft(deps.store, c.get('principal'), policy)));
    },
  );

  registry.add(
    {
      method: 'post',
      path: `${policyPath}/approve`,
      summary:
        'Approve the draft (compliance role only). Refused (409) when this key edited the draft last (a second compliance key must approve), or while the draft has red findings for the usual jurisdictions and no `reason` is given; the reason is kept with the version and in the audit log',
      tag: 'consent',
      roles: ['compliance'],
      body: ApprovalRequest,
      response: S.ConsentPolicyVersion,
      refusals: [409],
    },
    async (c) => {
      // The body is optional: an approval without red findings needs no reason.
      const request = c.req.header('content-type')
        ? await readBody(c, ApprovalRequest)
        : ApprovalRequest.parse({});
      const { approved } = await approveDraft(deps.store, c.get('principal'), request, {
        now: deps.clock(),
      });
      return c.json(versionAnswer(approved));
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${policyPath}/versions`,
      summary: 'Every version of the policy, newest first',
      tag: 'consent',
      roles,
      response: S.ConsentPolicyVersions,
    },
    async (c) => {
      const versions = await deps.store.consentPolicies.list(c.get('principal').companyId);
      return c.json({ versions: versions.map(versionAnswer) });
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${policyPath}/diff`,
      summary: 'Which fields changed between two versions of the policy, old → new',
      tag: 'consent',
      roles,
      query: S.PolicyDiffQuery,
      response: S.PolicyDiff,
    },
    async (c) => {
      const query = parseWith(S.PolicyDiffQuery, c.req.query(), 'query');
      const companyId = c.get('principal').companyId;
      const from = await policyVersion(deps.store, companyId, query.from, 'query:from');
      const to = await policyVersion(deps.store, companyId, query.to, 'query:to');
      return c.json({
        from: from.version,
        to: to.version,
        changes: policyChanges(from.body, to.body),
      });
    },
  );

  registry.add(
    {
      method: 'post',
      path: `${policyPath}/simulate`,
      summary:
        'Simulate a meeting against one version (`?version=`, draft included), else the policy in force (else the draft): would it record, what each participant is told, which rules object. No evidence is dated before now',
      tag: 'consent',
      roles,
      query: S.SimulateQuery,
      body: SimulatedMeeting,
      response: S.PolicySimulation,
    },
    async (c) => {
      const query = parseWith(S.SimulateQuery, c.req.query(), 'query');
      const meeting = await readBody(c, SimulatedMeeting);
      const companyId = c.get('principal').companyId;
      return c.json(
        await simulatePolicy(deps.store, companyId, meeting, {
          now: deps.clock(),
          ...(query.version !== undefined ? { version: query.version } : {}),
        }),
      );
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${policyPath}/usual-jurisdictions`,
      summary:
        "The jurisdictions the company's meetings usually reach, approval checks the draft against them: those of its meetings' participants and its jurisdiction map, else the configured list",
      tag: 'consent',
      roles,
      response: S.UsualJurisdictions,
    },
    async (c) =>
      c.json(await usualJurisdictions(deps.store, c.get('principal').companyId, deps.clock())),
  );

  registry.add(
    {
      method: 'put',
      path: `${policyPath}/usual-jurisdictions`,
      summary: "Replace the list of the company's usual jurisdictions (ISO 3166 codes)",
      tag: 'consent',
      roles: ['admin', 'compliance'],
      body: S.UsualJurisdictionsInput,
      response: S.UsualJurisdictions,
    },
    async (c) => {
      const { jurisdictions } = await readBody(c, S.UsualJurisdictionsInput);
      const principal = c.get('principal');
      const saved = await deps.store.usualJurisdictions.replace(principal.companyId, jurisdictions);
      await recordAudit(deps.store, principal, 'consent-policy.usual-jurisdictions', 'company', {
        jurisdictions: saved,
      });
      return c.json(await usualJurisdictions(deps.store, principal.companyId, deps.clock()));
    },
  );
}

function versionAnswer(version: ConsentPolicyVersion) {
  return S.ConsentPolicyVersion.parse(withServerVersion(version));
}
