import type { ConsentLinkSettings } from '../services/consent-notice/queue-notices.js';

const PUBLIC_URL_ENV = 'CAPTURE_DOCTOR_PUBLIC_URL';
const GRACE_HOURS_ENV = 'CAPTURE_DOCTOR_CONSENT_GRACE_HOURS';
const DEFAULT_GRACE_HOURS = 24;

/**
 * The consent links' settings of a `serve` or `worker` process: the public address (given, else
 * CAPTURE_DOCTOR_PUBLIC_URL, else `fallbackUrl()`) and the hours a link outlives its meeting;
 * the CLI's `sync` passes its own environment.
 * @example const links = consentLinksFrom({ fallbackUrl: () => listeningUrl });
 */
export function consentLinksFrom(input: {
  publicUrl?: string | undefined;
  graceHours?: number | undefined;
  fallbackUrl: () => string;
  /** where the settings not given are read (default: this process's environment) */
  env?: Record<string, string | undefined>;
}): ConsentLinkSettings {
  const env = input.env ?? process.env;
  const publicUrl = consentPublicUrl(input.publicUrl ?? env[PUBLIC_URL_ENV]);
  const graceHours = consentGraceHours(
    input.graceHours ?? env[GRACE_HOURS_ENV] ?? DEFAULT_GRACE_HOURS,
  );
  return { publicUrl: () => publicUrl ?? input.fallbackUrl(), graceHours };
}

// A wrong address would send every participant a dead link: it stops the start instead.
function consentPublicUrl(setting: string | undefined): string | null {
  if (setting === undefined || setting === '') return null;
  const url = URL.parse(setting);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new Error(
      `${PUBLIC_URL_ENV}: expected an http(s) address such as https://capture.example.com`,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function consentGraceHours(setting: string | number): number {
  const hours = Number(setting);
  if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 90) {
    throw new Error(`${GRACE_HOURS_ENV}: expected hours between 0 and 2160`);
  }
  return hours;
}
