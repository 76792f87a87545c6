import { generateSnapshot } from '@capture-doctor/engine';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

interface MemberPage {
  evaluationId: string;
  items: Array<{ id: string; name?: string; email: string; icons: Record<string, string> }>;
  nextCursor?: string;
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await addEvaluation(1);
}, 120_000);
afterAll(async () => t.close());

async function addEvaluation(seed: number): Promise<void> {
  const snapshot = generateSnapshot({ members: 10_000, seed, provider: 'google_workspace' });
  snapshot.company.id = 'demo';
  await t.server.store.snapshots.add('demo', snapshot);
  expect((await t.call('/v1/companies/demo/evaluations', { method: 'POST' })).status).toBe(201);
}

async function page(query: string): Promise<MemberPage> {
  const res = await t.call(`/v1/companies/demo/members?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()) as MemberPage;
}

/** Follows nextCursor to the end; `between` runs after each page. */
async function walk(query: string, limit: () => number, between = async (_turn: number) => {}) {
  const seen: MemberPage['items'] = [];
  const evaluations = new Set<string>();
  let cursor: string | undefined;
  let turn = 0;
  do {
    const next = cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const answer = await page(`${query}limit=${limit()}${next}`);
    seen.push(...answer.items);
    evaluations.add(answer.evaluationId);
    cursor = answer.nextCursor;
    await between(turn++);
  } while (cursor !== undefined);
  return { seen, evaluations };
}

const RANK: Record<string, number> = { off: 0, green: 1, unknown: 2, yellow: 3, red: 4 };
const worst = (icons: Record<string, string>) =>
  Math.max(...Object.values(icons).map((c) => RANK[c]!));

describe('the members list, paged by cursor', () => {
  it('lists 10,000 members exactly once following nextCursor from limit=500, worst colour first then name', async () => {
    const { seen } = await walk('', () => 500);
    expect(seen).toHaveLength(10_000);
    expect(new Set(seen.map((m) => m.id)).size).toBe(10_000);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(worst(a.icons)).toBeGreaterThanOrEqual(worst(b.icons));
      if (worst(a.icons) === worst(b.icons)) {
        expect((a.name ?? a.email).toLowerCase() <= (b.name ?? b.email).toLowerCase()).toBe(true);
      }
    }
  }, 120_000);

  it('with random page sizes, lists every member once even while new evaluations are added', async () => {
    let seed = 100;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 250, max: 500 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 10 }),
        async (sizes, addAt) => {
          let turn = 0;
          const { seen, evaluations } = await walk(
            '',
            () => sizes[turn++ % sizes.length]!,
            async (at) => {
              if (at === addAt) await addEvaluation(seed++);
            },
          );
          expect(evaluations.size).toBe(1);
          expect(seen).toHaveLength(10_000);
          expect(new Set(seen.map((m) => m.id)).size).toBe(10_000);
        },
      ),
      { numRuns: 2 },
    );
  }, 300_000);

  it('filters and searches on the server, and the filtered walk matches the summary count', async () => {
    const latest = (await (await t.call('/v1/companies/demo/evaluations/latest')).json()) as {
      report: {
        summary: { worst: Record<string, number>; icons: Record<string, Record<string, number>> };
      };
    };
    const red = await walk('color=red&', () => 500);
    expect(red.seen).toHaveLength(latest.report.summary.worst.red!);
    const yellowCalendar = await walk('icon=calendar&color=yellow&', () => 500);
    expect(yellowCalendar.seen).toHaveLength(latest.report.summary.icons.calendar!.yellow!);
    expect(yellowCalendar.seen.every((m) => m.icons.calendar === 'yellow')).toBe(true);
    const found = await page('q=USER4217%40example&limit=50');
    expect(found.items.map((m) => m.email)).toEqual(['user4217@example.com']);
  }, 120_000);

  it('refuses a cursor it did not make, naming the cursor', async () => {
    const res = await t.call('/v1/companies/demo/members?cursor=bogus');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('query:cursor');
  });
});
