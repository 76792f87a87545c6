import { ConsentPolicy } from '@capture-doctor/domain';
import type { ConsentPolicyVersion } from '@capture-doctor/store';
import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/auth.js';
import { notFound, ProblemError } from '../problem/problem.js';
import { readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../route-spec/route-spec.js';
import {
  approveDraft,
  SimulatedMeeting,
  saveDraft,
  simulatePolicy,
} from '../services/consent/consent-policy.js';

const policyPath = '/v1/companies/{companyId}/consent-policy';

/**
 * The recording-consent policy: read, edit the draft, approve, versions, simulate.
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
      summary: 'Write the draft policy (a new version when the newest one is approved)',
      tag: 'consent',
      roles: ['admin', 'compliance'],
      body: ConsentPolicy,
      response: S.ConsentPolicyVersion,
    },
    async (c) => {
      const policy = await readBody(c, ConsentPolicy);
      const principal = c.get('principal');
      const saved = await saveDraft(deps.store, principal.companyId, policy, actorOf(principal));
      await recordAudit(
        deps.store,
        principal,
        'consent-policy.draft',
        `consent-policy:v${saved.version}`,
      );
      return c.json(versionAnswer(saved));
    },
  );

  registry.add(
    {
      method: 'post',
      path: `${policyPath}/approve`,
      summary: 'Approve the draft; recorded with the approver and the time (compliance role only)',
      tag: 'consent',
      roles: ['compliance'],
      response: S.ConsentPolicyVersion,
      refusals: [409],
    },
    async (c) => {
      const principal = c.get('principal');
      const approved = await approveDraft(deps.store, principal.companyId, actorOf(principal));
      if (!approved) {
        throw new ProblemError(
          409,
          'no-draft',
          'Nothing to approve',
          'there is no draft policy to approve',
          { code: 'no_draft' },
        );
      }
      await recordAudit(
        deps.store,
        principal,
        'consent-policy.approve',
        `consent-policy:v${approved.version}`,
      );
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
      method: 'post',
      path: `${policyPath}/simulate`,
      summary:
        'Simulate a meeting against the policy in force (else the draft): would it record, what each participant is told, which rules object',
      tag: 'consent',
      roles,
      body: SimulatedMeeting,
    },
    async (c) => {
      const meeting = await readBody(c, SimulatedMeeting);
      return c.json(await simulatePolicy(deps.store, c.get('principal').companyId, meeting));
    },
  );
}

function versionAnswer(version: ConsentPolicyVersion) {
  return S.ConsentPolicyVersion.parse(version);
}
