import { IconName, type MemberIcons } from '@capture-doctor/domain';
import type { Catalog } from '../catalog/catalog.js';
import { compileCondition, factsRead } from '../compile-condition/compile-condition.js';
import type { Facts } from '../facts/capture-facts.js';

/** Computes each icon's colour before findings, from the catalog's activeWhen and requires. */
export interface IconBase {
  (facts: Facts): MemberIcons;
  /**
   * The colours once every finding on an icon is acknowledged: green when each probe it needs
   * ran, unknown ("not checked") only when one did not.
   */
  settled: (facts: Facts) => MemberIcons;
  /** The facts it reads. */
  facts: string[];
}

/**
 * Compiles the catalog's icon definitions: off when not in use, green when every required
 * access fact reads ok, otherwise unknown.
 * @example compileIconBase(catalog)(facts).email // 'off'
 */
export function compileIconBase(catalog: Catalog): IconBase {
  const parts = IconName.options.map((icon) => {
    const definition = catalog.icons[icon];
    return { icon, active: compileCondition(definition.activeWhen), requires: definition.requires };
  });
  const colorWhen = (works: (value: unknown) => boolean) => (facts: Facts) => {
    const icons = { microphone: 'off', calendar: 'off', email: 'off' } as MemberIcons;
    for (const { icon, active, requires } of parts) {
      if (active(facts) === null) continue;
      icons[icon] = requires.every((fact) => works(facts[fact])) ? 'green' : 'unknown';
    }
    return icons;
  };
  // Only a probe that succeeded proves capture works; anything else no rule explains stays unknown.
  const base = colorWhen((access) => access === 'ok') as IconBase;
  base.settled = colorWhen((access) => access !== 'unknown');
  base.facts = [
    ...new Set(
      IconName.options.flatMap((icon) => [
        ...factsRead(catalog.icons[icon].activeWhen),
        ...catalog.icons[icon].requires,
      ]),
    ),
  ];
  return base;
}
