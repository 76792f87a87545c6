import type {
  AccessState,
  CaptureSnapshot,
  ErrorCode,
  MemberFacts,
  Provider,
} from '@capture-doctor/domain';

/** Options of {@link generateSnapshot}. */
export interface GenerateSnapshotOptions {
  members: number;
  seed?: number;
  provider?: Provider;
}

/**
 * A synthetic tenant for benchmarks and load tests: mostly healthy members, with the mix of
 * problems a real company shows (missing seats, denied mailboxes, unknown probes, errors).
 * Deterministic for a given seed.
 * @example generateSnapshot({ members: 1000, seed: 7 }).members.length // 1000
 */
export function generateSnapshot(options: GenerateSnapshotOptions): CaptureSnapshot {
  const random = mulberry32(options.seed ?? 1);
  const provider = options.provider ?? 'microsoft_365';
  const pick = <T>(weighted: ReadonlyArray<readonly [T, number]>): T => {
    let roll = random();
    for (const [value, weight] of weighted) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return weighted[weighted.length - 1]![0];
  };
  const access = (): AccessState =>
    pick<AccessState>([
      ['ok', 0.9],
      ['unknown', 0.03],
      ['denied', 0.03],
      ['not_found', 0.02],
      ['error', 0.02],
    ]);
  const members: MemberFacts[] = [];
  for (let i = 0; i < options.members; i++) {
    const mailbox = access();
    const calendar = access();
    const failed =
      mailbox === 'error' || calendar === 'error' || mailbox === 'denied' || calendar === 'denied';
    const code = pick<ErrorCode>([
      ['timeout', 0.3],
      ['access_denied', 0.3],
      ['access_policy_blocked', 0.2],
      ['unexpected', 0.2],
    ]);
    members.push({
      id: `u${String(i).padStart(6, '0')}`,
      email: `user${i}@example.com`,
      name: `User ${i}`,
      seat:
        random() < 0.95
          ? { name: 'Full', includesRecording: true }
          : { name: 'Viewer', includesRecording: false },
      settings: {
        recording: random() < 0.9,
        calendarImport: random() < 0.95,
        nonRecordedMeetings: random() < 0.5,
        emailImport: random() < 0.8,
      },
      inScope: random() < 0.97,
      connection: null,
      access: { mailbox, calendar },
      lastError: failed ? { code, message: `synthetic ${code}` } : null,
    });
  }
  return {
    version: 1,
    company: {
      id: `bench-${options.members}`,
      provider,
      connectionMode: 'company_wide',
      connectedByProviderAdmin: true,
      tenants: [{ id: 'tenant-1', provider }],
      providerPermissionGranted: true,
      emailAccessAuthorized: true,
      crmConnected: true,
      import: { meetings: true, calendar: true, nonRecordedMeetings: false, emails: true },
      grantedScopes:
        provider === 'microsoft_365' ? ['Mail.Read', 'Calendars.Read', 'User.Read.All'] : [],
      health: 'ok',
      lastError: null,
    },
    members,
  };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
