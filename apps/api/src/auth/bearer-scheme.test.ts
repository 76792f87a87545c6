import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

const asked = (authorization: string) =>
  fetch(`${t.server.url}/v1/companies/demo`, { headers: { authorization } }).then(async (res) => {
    await res.text();
    return res.status;
  });

describe('the Authorization scheme', () => {
  it('accepts Bearer in any case, as RFC 9110 says schemes are case-insensitive', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
      expect(await asked(`${scheme} ${t.keys.admin}`), scheme).toBe(200);
  });

  it('still refuses another scheme, a missing key and a key in the wrong case', async () => {
    expect(await asked(`Basic ${t.keys.admin}`)).toBe(401);
    expect(await asked('bearer')).toBe(401);
    expect(await asked(`bearer ${t.keys.admin.toUpperCase()}`)).toBe(401);
  });
});
