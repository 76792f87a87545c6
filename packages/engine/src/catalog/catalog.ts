import { Provider } from '@capture-doctor/domain';
import { z } from 'zod';
import { TopCondition } from '../conditions/conditions.js';

const IconDefinition = z.strictObject({
  label: z.string().min(3),
  description: z.string().min(10),
  activeWhen: TopCondition.describe('the member uses this capture; otherwise the icon is off'),
  requires: z
    .array(z.string())
    .describe('access facts that must read "ok" before the icon may show green'),
});

const ColorDefinition = z.strictObject({
  label: z.string().min(2),
  meaning: z.string().min(10),
  hex: z.string().regex(/^#[0-9a-f]{6}$/i),
  terminal: z.string().describe('ANSI SGR code used by the CLI table, e.g. 32 for green'),
});

/** `rules/capture/catalog.json`: the icons, colours and provider names every rule refers to. */
export const Catalog = z.strictObject({
  $schema: z.string().optional(),
  icons: z.strictObject({
    microphone: IconDefinition,
    calendar: IconDefinition,
    email: IconDefinition,
  }),
  colors: z.strictObject({
    off: ColorDefinition,
    green: ColorDefinition,
    unknown: ColorDefinition,
    yellow: ColorDefinition,
    red: ColorDefinition,
  }),
  // One entry per provider the domain knows, and "none" for when nothing is connected.
  providers: z.record(
    z.enum([...Provider.options, 'none']),
    z.strictObject({ name: z.string().min(2) }),
  ),
  fixBy: z.record(z.string(), z.string()).describe('readable name of each fixBy value'),
  counts: z
    .strictObject({
      members: z.strictObject({
        one: z.string().min(3),
        other: z.string().min(3),
      }),
    })
    .describe('the words of {members} in a banner, by count form; {count} is the number'),
});
export type Catalog = z.infer<typeof Catalog>;
export type IconDefinition = z.infer<typeof IconDefinition>;
