// @internal: a part of the API's own wiring, not used outside apps/api.
import type { Provider } from '@capture-doctor/domain';

/**
 * The docs page of a rule, as served under /docs by the built docs site; for a company on a
 * provider, at that provider's steps (the page's section of that name), not the other's.
 * @example docsUrl('recording-seat-missing') // "/docs/rules/recording-seat-missing/"
 * @example docsUrl('technical-problem', 'microsoft_365') // "/docs/rules/technical-problem/#microsoft-365"
 */
export function docsUrl(ruleId: string, provider?: Provider | null): string {
  const page = `/docs/rules/${encodeURIComponent(ruleId)}/`;
  return provider ? `${page}#${provider.replaceAll('_', '-')}` : page;
}
