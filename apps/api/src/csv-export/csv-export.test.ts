import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdaptorServer } from '@hono/node-server';
import { parse } from 'csv-parse/sync';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { csvResponse, EXPORT_PAGE_SIZE } from './csv-export.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  // 1,200 members (more than two export pages), some with names a CSV writer must quote.
  const snapshot = structuredClone((await t.server.store.snapshots.latest('demo'))!.snapshot);
  const model = snapshot.members;
  const awkward = ['Park, Ada', 'Ada "the boss" Park', 'Ada\nPark', '=HYPERLINK("x")'];
  snapshot.members = Array.from({ length: 1200 }, (_, i) => ({
    ...structuredClone(model[i % model.length]!),
    id: `x${String(i).padStart(4, '0')}`,
    email: `member${i}@example.com`,
    name: awkward[i % 50] ?? `Member ${i}`,
  }));
  expect(
    (await t.call('/v1/companies/demo/snapshots', { method: 'POST', json: snapshot })).status,
  ).toBe(201);
  expect((await t.call('/v1/companies/demo/evaluations', { method: 'POST' })).status).toBe(201);
});
afterAll(async () => t.close());

type Row = Record<string, string>;

async function csvRows(path: string, init: RequestInit = {}): Promise<Row[]> {
  const res = await t.call(path, init);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
  return parse(await res.text(), { columns: true }) as Row[];
}

async function walk<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await (await t.call(url)).json()) as { items: T[]; nextCursor?: string };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

interface ListedMember {
  id: string;
  name?: string;
  email: string;
  icons: { microphone: string; calendar: string; email: string };
}

describe('members export', () => {
  it('exports every member once, in list order, whatever the limit and cursor say', async () => {
    const rows = await csvRows('/v1/companies/demo/members?format=csv&limit=1');
    const listed = await walk<ListedMember>('/v1/companies/demo/members');
    expect(rows).toHaveLength(1200);
    expect(rows.map((r) => r.id)).toEqual(listed.map((m) => m.id));
    expect(Object.keys(rows[0]!).join(',')).toBe(
      'id,name,email,microphone,calendar,email_icon,finding_ids,finding_messages',
    );
    const byId = new Map(listed.map((m) => [m.id, m]));
    for (const row of rows) {
      const member = byId.get(row.id!)!;
      expect([row.microphone, row.calendar, row.email_icon]).toEqual([
        member.icons.microphone,
        member.icons.calendar,
        member.icons.email,
      ]);
      expect(row.email).toBe(member.email);
    }
  });

  it('round-trips names with commas, quotes and newlines; a formula-like name stays text', async () => {
    const rows = await csvRows('/v1/companies/demo/members?format=csv');
    const names = new Map(rows.map((r) => [r.id, r.name]));
    expect(names.get('x0000')).toBe('Park, Ada');
    expect(names.get('x0001')).toBe('Ada "the boss" Park');
    expect(names.get('x0002')).toBe('Ada\nPark');
    expect(names.get('x0003')).toBe(`'=HYPERLINK("x")`);
  });

  it("lists each member's finding ids and messages, as the member's own answer has them", async () => {
    const rows = await csvRows('/v1/companies/demo/members?format=csv&color=red');
    const row = rows[0]!;
    const answer = (await (await t.call(`/v1/companies/demo/members/${row.id}`)).json()) as {
      member: { findings: Array<{ ruleId: string; message: string }> };
    };
    expect(row.finding_ids).toBe(answer.member.findings.map((f) => f.ruleId).join(' '));
    expect(row.finding_messages).toBe(answer.member.findings.map((f) => f.message).join('\n'));
  });

  it('keeps the filters: Accept: text/csv with a colour and a search gives the filtered walk', async () => {
    const rows = await csvRows('/v1/companies/demo/members?color=yellow&q=member1', {
      headers: { accept: 'text/csv' },
    });
    const listed = await walk<ListedMember>('/v1/companies/demo/members?color=yellow&q=member1');
    expect(listed.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id)).toEqual(listed.map((m) => m.id));
  });

  it('refuses a bad filter with problem+json before any CSV is written', async () => {
    const res = await t.call('/v1/companies/demo/members?format=csv&color=purple');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const bad = await t.call('/v1/companies/demo/members?format=xlsx');
    expect(((await bad.json()) as { field: string }).field).toBe('query:format');
  });
});

describe('audit exports', () => {
  it('exports the whole audit log, newest first, as the paged list has it', async () => {
    const rows = await csvRows('/v1/companies/demo/audit?format=csv');
    const listed = await walk<{ id: string; action: string; detail: unknown }>(
      '/v1/companies/demo/audit',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.id, r.action])).toEqual(listed.map((e) => [e.id, e.action]));
    expect(rows.map((r) => JSON.parse(r.detail!))).toEqual(listed.map((e) => e.detail));
  });

  it('exports every ingestion read matching the filters, for the company and for one member', async () => {
    const rows = await csvRows('/v1/companies/demo/ingestion-audit?format=csv&resource=mailbox');
    const listed = await walk<{ id: string; memberId: string; outcome: string }>(
      '/v1/companies/demo/ingestion-audit?resource=mailbox',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.id, r.member_id, r.outcome])).toEqual(
      listed.map((r) => [r.id, r.memberId, r.outcome]),
    );
    const one = await csvRows('/v1/companies/demo/members/m01/ingestion-audit', {
      headers: { accept: 'text/csv' },
    });
    expect(one.length).toBeGreaterThan(0);
    expect(new Set(one.map((r) => r.member_id))).toEqual(new Set(['m01']));
  });
});

describe('a streamed export and a slow reader', () => {
  // 48 MB of CSV in pages of 500 rows of 1 KB: far more than the socket buffers between the
  // server and a reader that stopped reading can hold.
  const ROWS = 48_000;
  const ROW_BYTES = 1024;

  it('stops reading pages while the client does not read, keeps little buffered, then sends every row', async () => {
    let rowsRead = 0;
    async function* pages() {
      for (let start = 0; start < ROWS; start += EXPORT_PAGE_SIZE) {
        const page = Array.from({ length: EXPORT_PAGE_SIZE }, (_, i) => [
          String(start + i),
          'x'.repeat(ROW_BYTES - 10),
        ]);
        rowsRead += page.length;
        yield page;
      }
    }
    const app = new Hono();
    app.get('/export', (c) =>
      csvResponse(c, { filename: 'x.csv', columns: ['id', 'text'], pages: pages() }),
    );
    const server = createAdaptorServer({ fetch: app.fetch });
    const responses: ServerResponse[] = [];
    server.on('request', (_req, res: ServerResponse) => responses.push(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    try {
      socket.write(`GET /export HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`);
      socket.pause();
      // Wait until the server has stopped reading pages: the reader's socket buffers are full.
      let seen = -1;
      while (seen !== rowsRead) {
        seen = rowsRead;
        await sleep(300);
      }
      const buffered = responses[0]?.writableLength ?? Number.POSITIVE_INFINITY;
      expect(rowsRead).toBeGreaterThan(0);
      expect(rowsRead * ROW_BYTES).toBeLessThan((ROWS * ROW_BYTES) / 3);
      // What the server holds itself beyond the kernel's socket buffers: a chunk or two.
      expect(buffered).toBeLessThan(256 * 1024);

      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      socket.resume();
      await new Promise((resolve) => socket.once('end', resolve));
      expect(rowsRead).toBe(ROWS);
      // Every row reached the reader once it read again (the answer is chunked, so a little more).
      expect(received).toBeGreaterThan(ROWS * (ROW_BYTES - 10));
    } finally {
      socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
