// @internal: a part of the API's own wiring, not used outside apps/api.
/**
 * The docs page of a rule, as served under /docs by the built docs site.
 * @example docsUrl('recording-seat-missing') // "/docs/rules/recording-seat-missing/"
 */
export function docsUrl(ruleId: string): string {
  return `/docs/rules/${encodeURIComponent(ruleId)}/`;
}
