// @internal: used only inside @capture-doctor/store.
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { localChanges, StoreChange } from '../../store-changes/store-changes.js';
import type { StoreCoordination } from '../../store-coordination/store-coordination.js';

const RECONNECT_MS = 250;

/**
 * On PostgreSQL the processes agree through the server: changes travel by LISTEN/NOTIFY on a
 * channel of the store's schema (a notice is delivered when its transaction commits), and locks
 * are session advisory locks, released by the server when their holder's connection dies.
 * @example const coordination = await postgresCoordination(db, url, 'public');
 */
export async function postgresCoordination(
  db: Kysely<unknown>,
  url: string,
  schema: string,
): Promise<StoreCoordination> {
  const channel = `capture_doctor_${schema}`.slice(0, 63);
  const local = localChanges();
  const listener = await listen(
    url,
    channel,
    (payload) => {
      const parsed = StoreChange.safeParse(safeJson(payload));
      if (parsed.success) local.emit(parsed.data);
    },
    () => local.emit({ topic: 'everything', companyId: '*' }),
  );
  const lockKey = (name: string) => `${schema}:${name}`;
  const holding = async <T>(name: string, wait: boolean, work: () => Promise<T>) =>
    db.connection().execute(async (connection) => {
      const key = lockKey(name);
      if (wait) {
        await sql`select pg_advisory_lock(hashtextextended(${key}, 0))`.execute(connection);
      } else {
        const { rows } = await sql<{
          got: boolean;
        }>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as got`.execute(connection);
        if (rows[0]?.got !== true) return { ran: false as const };
      }
      try {
        return { ran: true as const, value: await work() };
      } finally {
        await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection);
      }
    });
  return {
    changes: {
      async publish(change) {
        await sql`select pg_notify(${channel}, ${JSON.stringify(change)})`.execute(db);
      },
      subscribe: local.subscribe,
    },
    async withLock(name, work) {
      const outcome = await holding(name, true, work);
      if (!outcome.ran) throw new Error(`the lock ${name} was not taken`);
      return outcome.value;
    },
    tryLock: (name, work) => holding(name, false, work),
    close: () => listener.close(),
  };
}

// One connection of its own, kept listening; when it drops, it reconnects and tells the
// subscribers to forget everything, since notices sent meanwhile are lost.
async function listen(
  url: string,
  channel: string,
  onNotice: (payload: string) => void,
  onGap: () => void,
): Promise<{ close(): Promise<void> }> {
  let closed = false;
  let client: pg.Client | null = null;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onNotice(message.payload);
    });
    next.on('error', () => {});
    next.on('end', () => {
      if (closed) return;
      setTimeout(() => void reconnect(), RECONNECT_MS).unref();
    });
    await next.connect();
    await next.query(`listen "${channel}"`);
    client = next;
  };
  const reconnect = async (): Promise<void> => {
    if (closed) return;
    try {
      await connect();
      onGap();
    } catch {
      setTimeout(() => void reconnect(), RECONNECT_MS).unref();
    }
  };
  await connect();
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
