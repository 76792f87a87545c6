import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp } from '../test-support/smtp-sink.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// An acknowledgement of m04's missing seat, a finding the demo company's latest evaluation has.
const seatAck = {
  memberId: 'm04',
  ruleId: 'recording-seat-missing',
  reason: 'seat ordered',
  expiresAt: '2099-01-01T00:00:00Z',
};

describe('acknowledgements', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.close());

  it('an acknowledged finding stays listed but no longer colours the icon, until revoked', async () => {
    const created = await t.call('/v1/companies/demo/acknowledgements', {
      method: 'POST',
      json: {
        memberId: 'm04',
        ruleId: 'recording-seat-missing',
        reason: 'seat ordered, arrives Monday',
        expiresAt: '2099-01-01T00:00:00Z',
      },
    });
    expect(created.status).toBe(201);
    const ack = (await created.json()) as { id: string; by: string };
    expect(ack.by).toMatch(/^admin:/);

    const member = (await (await t.call('/v1/companies/demo/members/m04')).json()) as {
      member: {
        icons: { microphone: string };
        findings: Array<{ ruleId: string; acknowledgement?: unknown }>;
      };
    };
    expect(member.member.icons.microphone).toBe('green');
    expect(member.member.findings[0]).toMatchObject({
      ruleId: 'recording-seat-missing',
      acknowledgement: expect.any(Object),
    });

    const list = (await (
      await t.call('/v1/companies/demo/acknowledgements', { key: t.keys.support })
    ).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);

    expect(
      (await t.call(`/v1/companies/demo/acknowledgements/${ack.id}`, { method: 'DELETE' })).status,
    ).toBe(200);
    const after = (await (await t.call('/v1/companies/demo/members/m04')).json()) as {
      member: { icons: { microphone: string } };
    };
    expect(after.member.icons.microphone).toBe('yellow');
  });

  it('refuses with 409 a second acknowledgement of a finding already acknowledged, and accepts one after revoking', async () => {
    const post = () =>
      t.call('/v1/companies/demo/acknowledgements', { method: 'POST', json: seatAck });
    const first = await post();
    expect(first.status).toBe(201);
    const ack = (await first.json()) as { id: string };

    const second = await post();
    expect(second.status).toBe(409);
    const problem = (await second.json()) as { field: string; code: string; detail: string };
    expect(problem).toMatchObject({ field: 'ruleId', code: 'already_acknowledged' });
    expect(problem.detail).toContain(ack.id);

    await t.call(`/v1/companies/demo/acknowledgements/${ack.id}`, { method: 'DELETE' });
    const again = await post();
    expect(again.status).toBe(201);
    await t.call(
      `/v1/companies/demo/acknowledgements/${((await again.json()) as { id: string }).id}`,
      {
        method: 'DELETE',
      },
    );
    const member = (await (await t.call('/v1/companies/demo/members/m04')).json()) as {
      member: { icons: { microphone: string } };
    };
    expect(member.member.icons.microphone).toBe('yellow');
  });

  it('refuses an expiry in the past, an unknown rule or an unknown member, naming the field', async () => {
    const base = seatAck;
    const cases: Array<[Record<string, string>, string]> = [
      [{ expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ ruleId: 'no-such-rule' }, 'ruleId'],
      [{ memberId: 'ghost' }, 'memberId'],
      [{ reason: '' }, 'reason'],
    ];
    for (const [change, field] of cases) {
      const res = await t.call('/v1/companies/demo/acknowledgements', {
        method: 'POST',
        json: { ...base, ...change },
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { field: string }).field).toBe(field);
    }
  });

  it('refuses with 422 a rule that does not fire for that member, naming the rule and the member', async () => {
    const res = await t.call('/v1/companies/demo/acknowledgements', {
      method: 'POST',
      json: {
        memberId: 'm04',
        ruleId: 'mailbox-access-denied',
        reason: 'x',
        expiresAt: '2099-01-01T00:00:00Z',
      },
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { detail: string; field: string };
    expect(problem.field).toBe('ruleId');
    expect(problem.detail).toContain('"mailbox-access-denied"');
    expect(problem.detail).toContain('"m04"');
  });

  it('adds no row to the evaluation history nor the member history when made or revoked', async () => {
    const count = async () => {
      const list = (await (await t.call('/v1/companies/demo/evaluations?limit=500')).json()) as {
        items: Array<{ id: string }>;
      };
      const history = (await (
        await t.call('/v1/companies/demo/members/m04/history?limit=500')
      ).json()) as { history: Array<{ evaluationId: string; icons: { microphone: string } }> };
      return { evaluations: list.items.map((e) => e.id), history: history.history };
    };
    const before = await count();
    const created = await t.call('/v1/companies/demo/acknowledgements', {
      method: 'POST',
      json: {
        memberId: 'm04',
        ruleId: 'recording-seat-missing',
        reason: 'seat ordered',
        expiresAt: '2099-01-01T00:00:00Z',
      },
    });
    const { id } = (await created.json()) as { id: string };
    const acked = await count();
    expect(acked.evaluations).toEqual(before.evaluations);
    expect(acked.history.map((h) => h.evaluationId)).toEqual(
      before.history.map((h) => h.evaluationId),
    );
    expect(acked.history[0]?.icons.microphone).toBe('green');
    await t.call(`/v1/companies/demo/acknowledgements/${id}`, { method: 'DELETE' });
    const revoked = await count();
    expect(revoked.evaluations).toEqual(before.evaluations);
    expect(revoked.history).toEqual(before.history);
  });

  it('writes every change to the audit log, which compliance can read and support cannot', async () => {
    const log = (await (
      await t.call('/v1/companies/demo/audit', { key: t.keys.compliance })
    ).json()) as {
      items: Array<{ action: string; actor: string }>;
    };
    const actions = log.items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['acknowledgement.create', 'acknowledgement.revoke', 'demo.create']),
    );
    expect((await t.call('/v1/companies/demo/audit', { key: t.keys.support })).status).toBe(403);
  });
});

describe('reminders', () => {
  it('without SMTP, queues one email per member the members-not-connected banner counts, and per member whose own connection broke, and keeps them', async () => {
    const t = await startTestServer();
    try {
      const res = await t.call('/v1/companies/demo/reminders', { method: 'POST' });
      expect(res.status).toBe(202);
      const body = (await res.json()) as {
        queued: number;
        delivery: string;
        emails: Array<{ to: string; status: string; subject: string }>;
      };
      expect(body.delivery).toBe('kept_in_outbox');
      // the three the members-not-connected banner counts, and the four whose own connection broke
      expect(body.emails.map((e) => e.to).sort()).toEqual([
        'elif@northwind.example',
        'farid@northwind.example',
        'greta@northwind.example',
        'hugo@northwind.example',
        'iris@northwind.example',
        'liam@northwind.example',
        'pedro@northwind.example',
      ]);
      const subjects = new Map(body.emails.map((e) => [e.to, e.subject]));
      expect(subjects.get('farid@northwind.example')).toMatch(/^Reminder: connect your/);
      expect(subjects.get('hugo@northwind.example')).toMatch(/^Action needed: reconnect your/);
      const outbox = (await (await t.call('/v1/companies/demo/outbox')).json()) as {
        items: Array<{ status: string }>;
      };
      expect(outbox.items.map((e) => e.status)).toEqual(Array(7).fill('queued'));
    } finally {
      await t.close();
    }
  });

  it('with SMTP, sends them through nodemailer and the SMTP server receives each message', async () => {
    const smtp = await startSmtp();
    const t = await startTestServer({
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        from: 'capture-doctor <doctor@northwind.example>',
      },
    });
    try {
      const res = await t.call('/v1/companies/demo/reminders', {
        method: 'POST',
        json: { memberIds: ['m06'] },
      });
      expect(res.status).toBe(202);
      const body = (await res.json()) as { delivery: string; emails: Array<{ status: string }> };
      expect(body).toMatchObject({ delivery: 'smtp', emails: [{ status: 'sent' }] });
      expect(smtp.received).toHaveLength(1);
      const message = smtp.received[0]!;
      expect(message.to).toEqual(['farid@northwind.example']);
      expect(message.from).toBe('doctor@northwind.example');
      expect(message.data).toContain(
        'Subject: Reminder: connect your Google Workspace account for Northwind',
      );
      expect(message.data).toContain('Hello Farid Haddad');
    } finally {
      await t.close();
      await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    }
  });

  it('refuses a member the banner does not count', async () => {
    const t = await startTestServer();
    try {
      const res = await t.call('/v1/companies/demo/reminders', {
        method: 'POST',
        json: { memberIds: ['m01'] },
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { field: string }).field).toBe('memberIds');
    } finally {
      await t.close();
    }
  });
});
