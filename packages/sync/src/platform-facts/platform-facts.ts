import type { CaptureSnapshot, ConnectionMode, MemberSettings, Seat } from '@capture-doctor/domain';
import type {
  PlatformCompany,
  PlatformMember,
} from '../build-capture-snapshot/build-capture-snapshot.js';
import type { PlatformSettings } from '../sync-settings/sync-settings.js';

/** A member as the snapshot lists it, before the platform's own facts are added. */
export interface KnownMember {
  id: string;
  email: string;
  name?: string | null | undefined;
}

const DEFAULT_SETTINGS: MemberSettings = {
  recording: false,
  calendarImport: false,
  nonRecordedMeetings: false,
  emailImport: false,
};

/**
 * The platform's side of the snapshot: the connection's `platform` settings first, then what the
 * previous snapshot said, then "nothing set up" (no seat, nothing turned on). The provider never
 * tells these, so a sync must not invent them.
 * @example const { company, members } = platformFacts({ companyId: 'acme', mode, platform, previous, members });
 */
export function platformFacts(input: {
  companyId: string;
  companyName?: string | undefined;
  mode: ConnectionMode;
  platform: PlatformSettings | undefined;
  previous: CaptureSnapshot | null;
  members: readonly KnownMember[];
}): { company: PlatformCompany; members: PlatformMember[] } {
  const configured = input.platform?.company ?? {};
  const before = input.previous?.company;
  const company: PlatformCompany = {
    id: input.companyId,
    ...(input.companyName === undefined ? {} : { name: input.companyName }),
    providerPermissionGranted:
      configured.providerPermissionGranted ?? before?.providerPermissionGranted ?? false,
    emailAccessAuthorized:
      configured.emailAccessAuthorized ?? before?.emailAccessAuthorized ?? false,
    crmConnected: configured.crmConnected ?? before?.crmConnected ?? false,
    connectedByProviderAdmin:
      configured.connectedByProviderAdmin !== undefined
        ? configured.connectedByProviderAdmin
        : (before?.connectedByProviderAdmin ?? (input.mode === 'company_wide' ? true : null)),
    import: configured.import ??
      before?.import ?? {
        meetings: false,
        calendar: false,
        nonRecordedMeetings: false,
        emails: false,
      },
  };
  const previousMembers = new Map(input.previous?.members.map((m) => [m.id, m]) ?? []);
  const fallback = input.platform?.defaultMember ?? {};
  const members = input.members.map((member): PlatformMember => {
    const own = input.platform?.members?.[member.id] ?? {};
    const earlier = previousMembers.get(member.id);
    const seat: Seat | null =
      own.seat !== undefined
        ? own.seat
        : earlier !== undefined
          ? earlier.seat
          : (fallback.seat ?? null);
    const settings = own.settings ?? earlier?.settings ?? fallback.settings ?? DEFAULT_SETTINGS;
    return {
      id: member.id,
      email: member.email,
      ...(member.name === null || member.name === undefined ? {} : { name: member.name }),
      seat,
      settings,
    };
  });
  return { company, members };
}
