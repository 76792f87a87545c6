import { requireBuiltSite } from './built-site.js';

// vitest globalSetup: the site tests read docs/dist, so fail at once, clearly, without it.
export default function setup(): void {
  requireBuiltSite();
}
