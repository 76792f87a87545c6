import { type DemoFakes, startDemoFakes } from '@capture-doctor/providers/fakes';
import { openStore, type Store } from '@capture-doctor/store';
import { connectFromSyncInput } from '@capture-doctor/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  type TestServer,
  testEncryptionKey,
  testStoreLocation,
} from '../test-support/test-server.js';

interface Status {
  companyId: string;
  runId: string | null;
  phase: string;
  done: number;
  total: number | null;
  finishedAt: string | null;
  evaluationId: string | null;
  resumedFrom: string | null;
  error: string | null;
}
interface Read {
  id: string;
  memberId: string;
  resource: string;
  readKind: string;
  outcome: string;
  errorCode: string | null;
  itemCount: number;
  at: string;
  credentialId: string | null;
}

let t: TestServer;
let raw: Store;
let fakes: DemoFakes;
let acmeKeys: { admin: string; compliance: string; support: string };
const seen: string[] = [];

// Over the real socket, every answer kept so the secret scan sees it.
async function over(
  path: string,
  init: RequestInit & { key?: string | null; json?: unknown } = {},
): Promise<Response> {
  const { key = t.keys.admin, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(`${t.server.url}${path}`, {
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const text = await res.clone().text();
  // Every header, the sign-in answer's cookie too: it holds a session id, never the key.
  const shown = [...res.headers.entries()];
  seen.push(`${path} ${res.status}\n${shown.join('\n')}\n${text}`);
  return res;
}

async function finished(companyId: string, key: string): Promise<Status> {
  for (;;) {
    const res = await over(`/v1/companies/${companyId}/syncs/current`, { key });
    expect(res.status).toBe(200);
    const status = (await res.json()) as Status;
    if (status.finishedAt !== null) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const latestId = async (companyId: string, key: string) => {
  const res = await over(`/v1/companies/${companyId}/evaluations/latest`, { key });
  return res.status === 200 ? ((await res.json()) as { id: string }).id : null;
};

beforeAll(async () => {
  t = await startTestServer();
  // A second company, connected to the Microsoft demo tenant (HTTPS fake, with latency so a
  // sync lasts long enough to be cancelled), through a second handle on the same SQLite file.
  raw = await openStore({
    ...(await testStoreLocation(t.dataDir)),
    encryptionKey: testEncryptionKey,
    logger: { warn: () => {} },
  });
  fakes = await startDemoFakes({ latencyMs: 40 });
  await raw.companies.create({ id: 'acme', name: 'Acme' });
  await connectFromSyncInput(raw, 'acme', {
    provider: 'microsoft_365',
    input: fakes.microsoftCompanyWide,
  });
  const key = async (role: 'admin' | 'compliance' | 'support') =>
    (await raw.apiKeys.create('acme', { role, name: `acme ${role}` })).key;
  acmeKeys = {
    admin: await key('admin'),
    compliance: await key('compliance'),
    support: await key('support'),
  };
});

afterAll(async () => {
  await t.close();
  await raw.close();
  await fakes.close();
});

describe('syncs of the demo company', () => {
  it('the first start synced the demo from its fake tenant: its latest evaluation is live', async () => {
    const status = await finished('demo', t.keys.support);
    expect(status).toMatchObject({ phase: 'completed', done: 20, total: 20 });
    const history = (await (await over('/v1/companies/demo/evaluations?limit=10')).json()) as {
      items: unknown[];
    };
    // the four shipped snapshots as history, then the live one
    expect(history.items).toHaveLength(5);
    expect(t.logs.some((line) => line.includes('loopback fake Google Workspace'))).toBe(true);
  });

  it('"sync now" answers 202, shows progress until completed, and the latest evaluation is the new one', async () => {
    const before = await latestId('demo', t.keys.admin);
    const auditBefore = await auditActions('demo', t.keys.admin);
    const res = await over('/v1/companies/demo/syncs', { method: 'POST' });
    expect(res.status).toBe(202);
    const started = (await res.json()) as Status;
    expect(started.companyId).toBe('demo');
    expect(started.runId).toEqual(expect.any(String));
    expect(['preparing', 'reading', 'evaluating', 'completed']).toContain(started.phase);
    const done = await finished('demo', t.keys.admin);
    expect(done).toMatchObject({ phase: 'completed', runId: started.runId, done: 20, total: 20 });
    const after = await latestId('demo', t.keys.admin);
    expect(after).toBe(done.evaluationId);
    expect(after).not.toBe(before);
    const member = (await (
      await over('/v1/companies/demo/members/m17', { key: t.keys.support })
    ).json()) as { member: { icons: { microphone: string } }; lastError: { code: string } };
    expect(member.member.icons.microphone).toBe('red');
    expect(member.lastError.code).toBe('malformed_response');
    const auditAfter = await auditActions('demo', t.keys.admin);
    expect(auditAfter.slice(0, auditAfter.length - auditBefore.length)).toEqual(
      expect.arrayContaining(['sync.start', 'sync.complete']),
    );
  });

  it('a synced evaluation keeps the acknowledgements in force', async () => {
    const ack = await over('/v1/companies/demo/acknowledgements', {
      method: 'POST',
      json: {
        memberId: 'm13',
        ruleId: 'calendar-not-available',
        reason: 'calendar being restored',
        expiresAt: '2099-06-01T00:00:00Z',
      },
    });
    expect(ack.status).toBe(201);
    await over('/v1/companies/demo/syncs', { method: 'POST' });
    const done = await finished('demo', t.keys.admin);
    const maya = (await (await over('/v1/companies/demo/members/m13')).json()) as {
      evaluationId: string;
      member: {
        icons: Record<string, string>;
        findings: Array<{ ruleId: string; acknowledgement?: { reason: string } }>;
      };
    };
    expect(maya.evaluationId).toBe(done.evaluationId);
    const finding = maya.member.findings.find((f) => f.ruleId === 'calendar-not-available');
    expect(finding?.acknowledgement?.reason).toBe('calendar being restored');
    // the finding stays listed but no longer colours the icon (yellow before)
    expect(maya.member.icons.calendar).not.toBe('yellow');
  });

  it('a cancel with nothing running answers 409 and records nothing', async () => {
    const before = await auditActions('demo', t.keys.admin);
    const res = await over('/v1/companies/demo/syncs/current', { method: 'DELETE' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('no_sync_running');
    expect(await auditActions('demo', t.keys.admin)).toEqual(before);
  });

  it('only an admin starts or cancels a sync; every role sees its progress', async () => {
    const before = await finished('demo', t.keys.admin);
    for (const key of [t.keys.compliance, t.keys.support]) {
      expect((await over('/v1/companies/demo/syncs', { method: 'POST', key })).status).toBe(403);
      expect(
        (await over('/v1/companies/demo/syncs/current', { method: 'DELETE', key })).status,
      ).toBe(403);
      expect((await over('/v1/companies/demo/syncs/current', { key })).status).toBe(200);
    }
    expect(await finished('demo', t.keys.admin)).toEqual(before);
  });
});

describe('the team page', () => {
  const signIn = async (key: string) => {
    const res = await over('/sign-in', {
      method: 'POST',
      key: null,
      body: new URLSearchParams({ key }),
      headers: { origin: t.server.url },
      redirect: 'manual',
    });
    return res.headers.get('set-cookie')?.split(';')[0] ?? '';
  };
  // A form posted from the team page: its origin, and the session's CSRF token from the page.
  const postForm = async (path: string, cookie: string) => {
    const page = await (await over('/team', { key: null, headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    return over(path, {
      method: 'POST',
      key: null,
      headers: { cookie, origin: t.server.url },
      body: new URLSearchParams({ _csrf: token }),
      redirect: 'manual',
    });
  };

  it('an admin starts a sync with a plain form and the page shows where it stands on reload', async () => {
    const cookie = await signIn(t.keys.admin);
    const before = await finished('demo', t.keys.admin);
    const page = await (await over('/team', { key: null, headers: { cookie } })).text();
    expect(page).toContain('action="/team/sync"');
    expect(page).toContain('Last provider sync completed');
    const res = await postForm('/team/sync', cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/team');
    const notice = await (await over('/team', { key: null, headers: { cookie } })).text();
    expect(notice).toContain('Sync started');
    const after = await finished('demo', t.keys.admin);
    expect(after.runId).not.toBe(before.runId);
    expect(after.phase).toBe('completed');
  });

  it('a support key sees the status line but no button, and its post starts nothing', async () => {
    const cookie = await signIn(t.keys.support);
    const before = await finished('demo', t.keys.admin);
    const page = await (await over('/team', { key: null, headers: { cookie } })).text();
    expect(page).not.toContain('action="/team/sync"');
    expect(page).toContain('Last provider sync completed');
    const res = await postForm('/team/sync', cookie);
    expect(res.status).toBe(303);
    expect(await finished('demo', t.keys.admin)).toEqual(before);
  });
});

describe('a company connected to a fake Microsoft 365 tenant', () => {
  it('has no sync before the first one (404), then a sync reads its members into a first evaluation', async () => {
    const none = await over('/v1/companies/acme/syncs/current', { key: acmeKeys.support });
    expect(none.status).toBe(404);
    expect(await latestId('acme', acmeKeys.admin)).toBeNull();
    expect(
      (await over('/v1/companies/acme/syncs', { method: 'POST', key: acmeKeys.admin })).status,
    ).toBe(202);
    const done = await finished('acme', acmeKeys.admin);
    expect(done).toMatchObject({ phase: 'completed', done: 7, total: 7 });
    expect(await latestId('acme', acmeKeys.admin)).toBe(done.evaluationId);
    const brad = (await (
      await over('/v1/companies/acme/members/m-brad', { key: acmeKeys.support })
    ).json()) as { member: { icons: Record<string, string> }; lastError: { code: string } };
    expect(brad.lastError.code).toBe('access_policy_blocked');
    expect(Object.values(brad.member.icons)).not.toContain('green');
  });

  it('a second start while one runs answers 409; a cancel answers 202 and the sync ends cancelled', async () => {
    const start = await over('/v1/companies/acme/syncs', { method: 'POST', key: acmeKeys.admin });
    expect(start.status).toBe(202);
    const again = await over('/v1/companies/acme/syncs', { method: 'POST', key: acmeKeys.admin });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('conflict');
    const cancel = await over('/v1/companies/acme/syncs/current', {
      method: 'DELETE',
      key: acmeKeys.admin,
    });
    expect(cancel.status).toBe(202);
    const ended = await finished('acme', acmeKeys.admin);
    expect(ended.phase).toBe('cancelled');
    expect(ended.evaluationId).toBeNull();
    const actions = await auditActions('acme', acmeKeys.admin);
    expect(actions).toEqual(expect.arrayContaining(['sync.cancel.request', 'sync.cancel']));
    // the next one resumes and completes
    await over('/v1/companies/acme/syncs', { method: 'POST', key: acmeKeys.admin });
    expect((await finished('acme', acmeKeys.admin)).phase).toBe('completed');
  });
});

describe('companies that cannot sync', () => {
  it('no provider connection answers 404; a connection missing a setting answers 422 naming it; nothing is recorded', async () => {
    await raw.companies.create({ id: 'bare', name: 'Bare' });
    const admin = (await raw.apiKeys.create('bare', { role: 'admin', name: 'bare admin' })).key;
    const none = await over('/v1/companies/bare/syncs', { method: 'POST', key: admin });
    expect(none.status).toBe(404);
    expect(((await none.json()) as { code: string }).code).toBe('not_found');

    await raw.connections.create('bare', {
      provider: 'microsoft_365',
      tenantId: 'bare.example',
      mode: 'company_wide',
    });
    const refused = await over('/v1/companies/bare/syncs', { method: 'POST', key: admin });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({
      code: 'invalid_configuration',
      field: 'settings.clientId',
    });
    expect((await over('/v1/companies/bare/syncs/current', { key: admin })).status).toBe(404);
    expect(await auditActions('bare', admin)).toEqual([]);
  });
});

describe('the ingestion audit trail', () => {
  it('lists every mailbox and calendar read, filtered by member, resource and period', async () => {
    const all = await audit('/v1/companies/demo/ingestion-audit');
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((read) => read.memberId))).toContain('m01');
    // a member never connected is never read
    expect(all.some((read) => read.memberId === 'm05')).toBe(false);

    const ada = await audit('/v1/companies/demo/ingestion-audit?memberId=m01&resource=calendar');
    expect(ada.length).toBeGreaterThan(0);
    expect(ada.every((r) => r.memberId === 'm01' && r.resource === 'calendar')).toBe(true);
    expect(ada.every((r) => r.credentialId !== null)).toBe(true);

    // m19's mailbox answers malformed JSON in the demo's fake tenant: the read is kept, failed.
    const m19 = await audit('/v1/companies/demo/members/m19/ingestion-audit?resource=mailbox');
    expect(m19.map((r) => [r.readKind, r.outcome, r.errorCode, r.itemCount])).toContainEqual([
      'gmail.users.getProfile',
      'failed',
      'malformed_response',
      0,
    ]);
    const failed = await audit('/v1/companies/demo/ingestion-audit?outcome=failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.outcome === 'failed' && r.errorCode !== null)).toBe(true);
    expect(failed.map((r) => r.memberId)).toContain('m19');
    expect(failed).toHaveLength(all.filter((r) => r.outcome === 'failed').length);

    const perMember = await audit('/v1/companies/demo/members/m01/ingestion-audit');
    expect(perMember).toEqual(all.filter((read) => read.memberId === 'm01'));

    const times = all.map((read) => read.at).sort();
    const first = times[0]!;
    const last = times[times.length - 1]!;
    expect(await audit(`/v1/companies/demo/ingestion-audit?to=${first}`)).toEqual([]);
    const later = new Date(Date.parse(last) + 1).toISOString();
    expect(await audit(`/v1/companies/demo/ingestion-audit?from=${later}`)).toEqual([]);
    expect(
      await audit(`/v1/companies/demo/ingestion-audit?from=${first}&to=${later}`),
    ).toHaveLength(all.length);
    const newest = await audit(
      '/v1/companies/demo/ingestion-audit?order=desc&limit=2',
      t.keys.compliance,
    );
    expect(newest.map((read) => read.at)).toEqual([...times].reverse().slice(0, 2));
  });

  it('shows reads a killed sync left in flight as interrupted, and filters by that outcome', async () => {
    const [inFlight] = await raw.ingestionAudit.recordMany('acme', [
      {
        memberId: 'a1',
        resource: 'calendar',
        readKind: 'calendar.events.list',
        outcome: 'started',
        itemCount: 0,
      },
    ]);
    const path = '/v1/companies/acme/ingestion-audit';
    const started = await audit(`${path}?outcome=started`, acmeKeys.admin);
    expect(started.map((r) => [r.id, r.outcome])).toEqual([[inFlight!.id, 'started']]);
    expect(await raw.ingestionAudit.interruptStarted('acme')).toBe(1);
    expect(await audit(`${path}?outcome=started`, acmeKeys.admin)).toEqual([]);
    const interrupted = await audit(`${path}?outcome=interrupted`, acmeKeys.admin);
    expect(interrupted.map((r) => [r.id, r.memberId, r.outcome, r.errorCode])).toEqual([
      [inFlight!.id, 'a1', 'interrupted', null],
    ]);
  });

  it('names the query field at fault with 400, and refuses the support role', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/companies/demo/ingestion-audit?limit=0', 'query:limit'],
      ['/v1/companies/demo/ingestion-audit?resource=drive', 'query:resource'],
      ['/v1/companies/demo/ingestion-audit?outcome=maybe', 'query:outcome'],
      ['/v1/companies/demo/ingestion-audit?from=yesterday', 'query:from'],
      [
        '/v1/companies/demo/ingestion-audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
        'query:from',
      ],
      ['/v1/companies/demo/ingestion-audit?colour=red', 'query:colour'],
      ['/v1/companies/demo/members/m01/ingestion-audit?memberId=m02', 'query:memberId'],
    ];
    for (const [path, field] of cases) {
      const res = await over(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { field: string }).field, path).toBe(field);
    }
    const support = await over('/v1/companies/demo/ingestion-audit', { key: t.keys.support });
    expect(support.status).toBe(403);
    expect((await over('/v1/companies/demo/members/nobody/ingestion-audit')).status).toBe(404);
  });
});

describe('isolation', () => {
  it('a key of one company gets 404 on every sync and audit route of another, and nothing changes', async () => {
    const demoStatus = await finished('demo', t.keys.admin);
    const demoAudit = await auditActions('demo', t.keys.admin);
    const acmeStatus = await finished('acme', acmeKeys.admin);
    const routes: Array<[string, string]> = [
      ['POST', '/syncs'],
      ['GET', '/syncs/current'],
      ['DELETE', '/syncs/current'],
      ['GET', '/ingestion-audit'],
      ['GET', '/members/m01/ingestion-audit'],
      ['GET', '/members/m-satya/ingestion-audit'],
    ];
    for (const [method, route] of routes) {
      for (const [company, key] of [
        ['demo', acmeKeys.admin],
        ['acme', t.keys.admin],
        ['no-such-company', t.keys.admin],
      ] as const) {
        const res = await over(`/v1/companies/${company}${route}`, { method, key });
        expect(res.status, `${method} ${company}${route}`).toBe(404);
      }
    }
    expect(await finished('demo', t.keys.admin)).toEqual(demoStatus);
    expect(await finished('acme', acmeKeys.admin)).toEqual(acmeStatus);
    expect(await auditActions('demo', t.keys.admin)).toEqual(demoAudit);
  });
});

describe('/openapi.json', () => {
  it('documents the sync and ingestion audit routes with their query parameters and refusals', async () => {
    const doc = (await (await over('/openapi.json', { key: null })).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: Array<{ name: string; in: string }>; responses: object }>
      >;
    };
    const company = '/v1/companies/{companyId}';
    expect(Object.keys(doc.paths[`${company}/syncs`] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths[`${company}/syncs/current`] ?? {}).sort()).toEqual([
      'delete',
      'get',
    ]);
    expect(Object.keys(doc.paths[`${company}/syncs`]!.post!.responses)).toEqual(
      expect.arrayContaining(['202', '409', '422']),
    );
    const query = (path: string) =>
      (doc.paths[path]!.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(query(`${company}/ingestion-audit`).sort()).toEqual([
      'cursor',
      'format',
      'from',
      'limit',
      'memberId',
      'order',
      'outcome',
      'resource',
      'to',
    ]);
    expect(query(`${company}/members/{memberId}/ingestion-audit`)).not.toContain('memberId');
  });
});

describe('secrets', () => {
  it('no credential of either tenant appears in any answer or log line', async () => {
    const secrets: string[] = [];
    for (const companyId of ['demo', 'acme']) {
      for (const connection of await raw.connections.list(companyId)) {
        for (const credential of await raw.credentials.reveal(connection.id))
          secrets.push(credential.secret);
      }
    }
    expect(secrets.length).toBeGreaterThan(5);
    secrets.push(t.keys.admin, acmeKeys.admin, testEncryptionKey);
    await over('/v1/companies/demo/connection');
    await over('/v1/companies/acme/syncs/current', { key: acmeKeys.support });
    const everything = [...seen, ...t.logs].join('\n');
    for (const secret of secrets)
      expect(everything.includes(secret), `a secret leaked: ${secret.slice(0, 6)}…`).toBe(false);
  });
});

async function auditActions(companyId: string, key: string): Promise<string[]> {
  const res = await over(`/v1/companies/${companyId}/audit?limit=500`, { key });
  return ((await res.json()) as { items: Array<{ action: string }> }).items.map(
    (entry) => entry.action,
  );
}

async function audit(path: string, key = t.keys.admin): Promise<Read[]> {
  const reads: Read[] = [];
  let cursor: string | undefined;
  do {
    const next =
      cursor === undefined
        ? ''
        : `${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
    const res = await over(`${path}${next}`, { key });
    expect(res.status, path).toBe(200);
    const body = (await res.json()) as { items: Read[]; nextCursor?: string };
    reads.push(...body.items);
    // Without a limit, walk every page so the assertions see the whole trail.
    cursor = path.includes('limit=') ? undefined : body.nextCursor;
  } while (cursor !== undefined);
  return reads;
}
