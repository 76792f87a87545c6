import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

function startSmtp(): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        data += chunk;
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve({
        server,
        port: typeof address === 'object' && address ? address.port : 0,
        received,
      });
    });
  });
}

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
    ).json()) as { acknowledgements: unknown[] };
    expect(list.acknowledgements).toHaveLength(1);

    expect(
      (await t.call(`/v1/companies/demo/acknowledgements/${ack.id}`, { method: 'DELETE' })).status,
    ).toBe(200);
    const after = (await (await t.call('/v1/companies/demo/members/m04')).json()) as {
      member: { icons: { microphone: string } };
    };
    expect(after.member.icons.microphone).toBe('yellow');
  });

  it('refuses an expiry in the past, an unknown rule or an unknown member, naming the field', async () => {
    const base = {
      memberId: 'm04',
      ruleId: 'recording-seat-missing',
      reason: 'x',
      expiresAt: '2099-01-01T00:00:00Z',
    };
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

  it('writes every change to the audit log, which compliance can read and support cannot', async () => {
    const log = (await (
      await t.call('/v1/companies/demo/audit', { key: t.keys.compliance })
    ).json()) as {
      entries: Array<{ action: string; actor: string }>;
    };
    const actions = log.entries.map((e) => e.action);
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
        emails: Array<{ status: string }>;
      };
      expect(outbox.emails.map((e) => e.status)).toEqual(Array(7).fill('queued'));
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
