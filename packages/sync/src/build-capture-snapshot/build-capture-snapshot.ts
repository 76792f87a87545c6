// @internal: how runSync assembles the snapshot; runSync is its only user.
import {
  CaptureSnapshot,
  type ImportSettings,
  type MemberSettings,
  type Seat,
} from '@capture-doctor/domain';
import type { ProviderMemberFacts, ProviderSync } from '@capture-doctor/providers';

/** What the platform itself knows about the company (not read from the provider). */
export interface PlatformCompany {
  id: string;
  name?: string | undefined;
  /** The permission given on the provider page of the company settings. */
  providerPermissionGranted: boolean;
  emailAccessAuthorized: boolean;
  crmConnected: boolean;
  connectedByProviderAdmin?: boolean | null | undefined;
  import: ImportSettings;
}

/** A team member as the platform knows them. */
export interface PlatformMember {
  id: string;
  email: string;
  name?: string | undefined;
  seat: Seat | null;
  settings: MemberSettings;
}

/**
 * Joins platform facts with an adapter run into a valid CaptureSnapshot v1. Every platform member
 * appears once; one the adapter did not reach keeps access `unknown`, never `ok`.
 * @example const snapshot = buildCaptureSnapshot(company, members, sync, new Date());
 */
export function buildCaptureSnapshot(
  company: PlatformCompany,
  members: readonly PlatformMember[],
  sync: ProviderSync,
  takenAt?: Date,
): CaptureSnapshot {
  const byId = new Map<string, ProviderMemberFacts>();
  const byEmail = new Map<string, ProviderMemberFacts>();
  for (const facts of sync.members) {
    byId.set(facts.id, facts);
    byEmail.set(facts.email.toLowerCase(), facts);
  }
  const snapshot = {
    version: 1 as const,
    ...(takenAt === undefined ? {} : { takenAt: takenAt.toISOString() }),
    company: {
      id: company.id,
      ...(company.name === undefined ? {} : { name: company.name }),
      provider: sync.company.provider,
      connectionMode: sync.company.connectionMode,
      connectedByProviderAdmin: company.connectedByProviderAdmin ?? null,
      tenants: sync.company.tenants,
      providerPermissionGranted: company.providerPermissionGranted,
      emailAccessAuthorized: company.emailAccessAuthorized,
      crmConnected: company.crmConnected,
      import: company.import,
      grantedScopes: sync.company.grantedScopes,
      health: sync.company.health,
      lastError: sync.company.lastError,
    },
    members: members.map((member) => {
      const facts = byId.get(member.id) ?? byEmail.get(member.email.toLowerCase());
      const name = member.name ?? facts?.name;
      return {
        id: member.id,
        email: member.email,
        ...(name === undefined ? {} : { name }),
        seat: member.seat,
        settings: member.settings,
        inScope: facts?.inScope ?? true,
        connection:
          facts?.connection ??
          (sync.company.connectionMode === 'user_by_user' ? 'not_connected' : null),
        access: facts?.access ?? { mailbox: 'unknown', calendar: 'unknown' },
        lastError: facts?.lastError ?? null,
        ...probeErrors(facts),
      };
    }),
  };
  return CaptureSnapshot.parse(snapshot);
}

// Facts saved by a run older than per-probe errors have none: left out, lastError stands for them.
function probeErrors(facts: ProviderMemberFacts | undefined) {
  if (facts?.mailboxError === undefined) return {};
  return {
    mailboxError: facts.mailboxError,
    calendarError: facts.calendarError ?? null,
    directoryError: facts.directoryError ?? null,
  };
}
