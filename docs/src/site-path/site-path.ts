/**
 * An absolute link inside the site, under its base (/docs), always ending in a slash.
 * @example sitePath('/docs', 'rules/provider-not-connected') // '/docs/rules/provider-not-connected/'
 */
export function sitePath(base: string, path: string): string {
  const trimmedBase = base.replace(/\/+$/, '');
  const [rawPath = '', hash] = path.split('#', 2);
  const pathname = rawPath.replace(/^\/+/, '').replace(/\/+$/, '');
  const joined = pathname ? `${trimmedBase}/${pathname}/` : `${trimmedBase}/`;
  return hash ? `${joined}#${hash}` : joined;
}

/**
 * The path of a capture rule's page.
 * @example rulePath('/docs', 'recording-seat-missing') // '/docs/rules/recording-seat-missing/'
 */
export function rulePath(base: string, id: string): string {
  return sitePath(base, `rules/${id}`);
}
