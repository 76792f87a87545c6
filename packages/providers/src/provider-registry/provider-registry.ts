import type { Provider } from '@capture-doctor/domain';
import { googleWorkspace } from '../google-workspace/google-workspace.js';
import { microsoft365 } from '../microsoft-365/microsoft-365.js';
import type { ProviderModule } from '../provider-module/provider-module.js';

// One line per provider: its module folder does the rest.
const modules = {
  google_workspace: googleWorkspace,
  microsoft_365: microsoft365,
} as const;

type InputOf<M> = M extends ProviderModule<infer Input, infer _Settings> ? Input : never;
type SettingsOf<M> = M extends ProviderModule<infer _Input, infer Settings> ? Settings : never;

/** Each provider's input: what its plan builds and its reads take. */
export type ProviderInputs = { [K in keyof typeof modules]: InputOf<(typeof modules)[K]> };
type ProviderSettings = { [K in keyof typeof modules]: SettingsOf<(typeof modules)[K]> };

/** Every provider module, by provider. */
export const providerRegistry: {
  [K in Provider]: ProviderModule<ProviderInputs[K], ProviderSettings[K]>;
} = modules;

/**
 * The module of one provider.
 * @example const sync = await providerModule(plan.provider).sync(plan.input);
 */
export function providerModule<K extends Provider>(
  kind: K,
): ProviderModule<ProviderInputs[K], ProviderSettings[K]> {
  return providerRegistry[kind];
}

/** A provider and an input of that provider, kept together. */
export type ProviderSource<K extends Provider = Provider> = {
  [P in K]: { provider: P; input: ProviderInputs[P] };
}[K];
