import { z } from 'zod';

const HostPattern = z
  .string()
  .regex(
    /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/,
    'a host name, or *. and a domain for its subdomains',
  );

/**
 * `rules/meetings/conferencing.json`: the conferencing services a link can lead to (and whether
 * the recorder joins them), and the mail-security gateways and shorteners that hide a link.
 */
export const ConferencingFile = z.strictObject({
  $schema: z.string().optional(),
  services: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9_]+$/),
        name: z.string().min(2),
        hosts: z.array(HostPattern),
        solutions: z
          .array(z.string().min(1))
          .default([])
          .describe(
            "the providers' own names for it on an event (conferenceSolution, onlineMeetingProvider)",
          ),
        recorderJoins: z.boolean(),
      }),
    )
    .min(1),
  gateways: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9_]+$/),
        name: z.string().min(2),
        hosts: z.array(HostPattern).min(1),
      }),
    )
    .min(1),
});
export type ConferencingFile = z.infer<typeof ConferencingFile>;

/** What a meeting's link is, as conferencing.json reads it. */
export interface LinkKind {
  /** A service id; `unknown` for a link to no listed service; null without a link. */
  conferencing: string | null;
  conferencingName: string;
  /** Null without a link; false for an unknown service. */
  recorderJoins: boolean | null;
  /** The gateway or shortener whose link hides the real one; null when none. */
  gateway: string | null;
  gatewayName: string;
}

/**
 * Classifies a meeting link (and the provider's own conferencing name) with conferencing.json.
 * @example linkKind(file, 'https://zoom.us/j/1', null).conferencing // 'zoom'
 */
export function linkKind(
  file: ConferencingFile,
  joinUrl: string | null,
  solution: string | null,
): LinkKind {
  const host = hostOf(joinUrl);
  const gateway =
    host === null ? undefined : file.gateways.find((g) => g.hosts.some((p) => matches(p, host)));
  const service =
    (host === null
      ? undefined
      : file.services.find((s) => s.hosts.some((p) => matches(p, host)))) ??
    (solution === null ? undefined : file.services.find((s) => s.solutions.includes(solution)));
  const linked = joinUrl !== null;
  return {
    conferencing: service?.id ?? (linked ? 'unknown' : null),
    conferencingName: service?.name ?? (linked ? (host ?? 'an unknown service') : 'none'),
    recorderJoins: service?.recorderJoins ?? (linked ? false : null),
    gateway: gateway?.id ?? null,
    gatewayName: gateway?.name ?? 'none',
  };
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function matches(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return host === pattern;
  const domain = pattern.slice(2);
  return host === domain || host.endsWith(`.${domain}`);
}
