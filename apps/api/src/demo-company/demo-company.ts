import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureSnapshot } from '@capture-doctor/domain';
import { ConnectionEvent } from '@capture-doctor/machines';
import type { ApiKeyRole } from '@capture-doctor/store';
import type { AppDeps } from '../app-deps/app-deps.js';
import { seedDemoConsent } from '../demo-consent/demo-consent.js';
import { changeConnection } from '../services/connection/connection.js';
import { evaluateLatest } from '../services/evaluate/evaluate-latest.js';

/** The demo company's id; its snapshots in apps/api/demo use it. */
export const DEMO_COMPANY_ID = 'demo';

/**
 * The demo data shipped with the API: earlier snapshots (oldest first), then the latest.
 * @example demoSnapshots().at(-1)?.members.length // 20
 */
export function demoSnapshots(
  dir = fileURLToPath(new URL('../../demo', import.meta.url)),
): CaptureSnapshot[] {
  const history = readdirSync(join(dir, 'history'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, 'history', f));
  return [...history, join(dir, 'demo-snapshot.json')].map((file) => {
    const parsed = CaptureSnapshot.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new Error(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid snapshot'}`);
    return parsed.data;
  });
}

/** What creating the demo printed: the keys exist only here, the store keeps their hashes. */
export interface DemoKeys {
  companyId: string;
  keys: Record<ApiKeyRole, string>;
}

/**
 * Creates the demo company on first start: its connection (through the connection machine),
 * four snapshots evaluated in order so the history and diffs have something to show, and one
 * key per role; unless `consent` is false, a consent policy in force with a few meetings.
 * Returns null when the demo company already exists.
 * @example const demo = await ensureDemoCompany(deps); if (demo) console.log(demo.keys.admin)
 */
export async function ensureDemoCompany(
  deps: AppDeps,
  options: { consent?: boolean } = {},
): Promise<DemoKeys | null> {
  if (await deps.store.companies.get(DEMO_COMPANY_ID)) return null;
  const snapshots = demoSnapshots();
  const latest = snapshots[snapshots.length - 1]!;
  await deps.store.companies.create({
    id: DEMO_COMPANY_ID,
    name: latest.company.name ?? 'Demo company',
  });
  await connectDemo(deps, latest);
  for (const snapshot of snapshots) {
    await deps.store.snapshots.add(DEMO_COMPANY_ID, snapshot);
    await evaluateLatest(deps, DEMO_COMPANY_ID);
  }
  if (options.consent !== false) await seedDemoConsent(deps, DEMO_COMPANY_ID);
  const key = async (role: ApiKeyRole) =>
    (await deps.store.apiKeys.create(DEMO_COMPANY_ID, { role, name: `demo ${role}` })).key;
  const keys = {
    admin: await key('admin'),
    compliance: await key('compliance'),
    support: await key('support'),
  };
  await deps.store.auditLog.record({
    companyId: DEMO_COMPANY_ID,
    actor: 'system',
    action: 'demo.create',
    target: `company:${DEMO_COMPANY_ID}`,
    details: { snapshots: snapshots.length },
  });
  return { companyId: DEMO_COMPANY_ID, keys };
}

// The demo's connection goes through the machine like any other: user-by-user, with the
// members the latest snapshot shows as connected.
async function connectDemo(deps: AppDeps, latest: CaptureSnapshot): Promise<void> {
  const shipped = latest.company.tenants[0];
  if (!shipped) return;
  // Named by its domain, as the fake-backed provider connection is, so the two stay one tenant.
  const tenant = { ...shipped, id: shipped.domain ?? shipped.id };
  const at = latest.takenAt ?? deps.clock().toISOString();
  const events: unknown[] = [
    { type: 'CRM_CONNECTED', at },
    { type: 'CHOOSE_PROVIDER', provider: tenant.provider, at },
    { type: 'CONNECT_USER_BY_USER', tenant, memberIds: latest.members.map((m) => m.id), at },
    ...latest.members
      .filter((m) => m.connection === 'connected')
      .map((m) => ({ type: 'MEMBER_CONNECTED', memberId: m.id, at })),
    ...Object.entries(latest.company.import)
      .filter(([, on]) => on)
      .map(([setting]) => ({ type: 'SET_IMPORT', setting, enabled: true, at })),
  ];
  for (const event of events.map((e) => ConnectionEvent.parse(e))) {
    const outcome = await changeConnection(deps.store, DEMO_COMPANY_ID, event);
    if (!outcome.ok) deps.log(`demo connection: ${event.type} refused (${outcome.code})`);
  }
}
