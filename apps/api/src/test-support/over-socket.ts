import type { TestServer } from './test-server.js';

/**
 * A request to the test server over a real socket, as a client or bot integration sends it,
 * with the given key (default the admin key) as Bearer.
 * @example const res = await overSocket(t, '/v1/companies/demo/meetings', { method: 'POST', json })
 */
export function overSocket(
  t: TestServer,
  path: string,
  init: { method?: string; json?: unknown; key?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${init.key ?? t.keys.admin}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${t.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
}

/** A consent policy with the consent page for guests and no notice email, so a bot may join at once. */
export const guestConsentPolicy = {
  id: 'northwind-consent',
  version: 1,
  recorderName: 'Northwind Notetaker',
  noticeEmail: { enabled: false, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'external' },
  announcement: { enabled: true },
};

/**
 * Writes `guestConsentPolicy` as the demo company's draft (admin key) and approves it
 * (compliance key), through the API; returns the approval's answer.
 * @example expect((await approveGuestConsentPolicy(t)).status).toBe(200)
 */
export async function approveGuestConsentPolicy(t: TestServer): Promise<Response> {
  const policyPath = '/v1/companies/demo/consent-policy';
  await overSocket(t, `${policyPath}/draft`, { method: 'PUT', json: guestConsentPolicy });
  return overSocket(t, `${policyPath}/approve`, { method: 'POST', key: t.keys.compliance });
}
