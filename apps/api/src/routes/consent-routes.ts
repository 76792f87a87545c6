import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/auth.js';
import { notFound, ProblemError } from '../problem/problem.js';
import { readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles, type StoredConsentPolicy } from '../store-port/store-port.js';

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
      const current = await deps.store.consentPolicies.current(c.get('principal').companyId);
      if (!current) throw notFound('consent policy', 'current');
      return c.json(publicVersion(current));
    },
  );

  registry.add(
    {
      method: 'put',
      path: `${policyPath}/draft`,
      summary: 'Write the draft policy (a new version when the newest one is approved)',
      tag: 'consent',
      roles: ['admin', 'compliance'],
      body: deps.consent.policySchema,
      response: S.ConsentPolicyVersion,
    },
    async (c) => {
      const policy = await readBody(c, deps.consent.policySchema);
      const principal = c.get('principal');
      const saved = await deps.store.consentPolicies.saveDraft(
        principal.companyId,
        policy,
        actorOf(principal),
      );
      await recordAudit(deps, c, 'consent-policy.draft', `consent-policy:v${saved.version}`);
      return c.json(publicVersion(saved));
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
      const approved = await deps.store.consentPolicies.approve(
        principal.companyId,
        actorOf(principal),
      );
      if (!approved) {
        throw new ProblemError(
          409,
          'no-draft',
          'Nothing to approve',
          'there is no draft policy to approve',
          { code: 'no_draft' },
        );
      }
      await recordAudit(deps, c, 'consent-policy.approve', `consent-policy:v${approved.version}`);
      return c.json(publicVersion(approved));
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
      const versions = await deps.store.consentPolicies.versions(c.get('principal').companyId);
      return c.json({ versions: versions.map(publicVersion) });
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
      body: deps.consent.meetingSchema,
    },
    async (c) => {
      const meeting = await readBody(c, deps.consent.meetingSchema);
      const companyId = c.get('principal').companyId;
      // The policy in force; before any approval, the draft being written.
      const used =
        (await deps.store.consentPolicies.inForce(companyId)) ??
        (await deps.store.consentPolicies.current(companyId));
      const policy = used?.policy ?? deps.consent.defaultPolicy();
      return c.json({
        policyVersion: used?.version ?? null,
        policyStatus: used?.status ?? 'default',
        result: deps.consent.simulate(policy, meeting),
      });
    },
  );
}

function publicVersion(v: StoredConsentPolicy) {
  const { companyId: _companyId, ...rest } = v;
  return rest;
}
