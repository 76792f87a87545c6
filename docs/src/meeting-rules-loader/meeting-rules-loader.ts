import { join } from 'node:path';
import { loadMeetingRules, type MeetingRule, rulesRoot } from '@capture-doctor/engine';
import type { Loader } from 'astro/loaders';

/** A meeting rule as the site stores it: the rule file plus its path in the repository. */
export type MeetingRuleEntry = Omit<MeetingRule, 'file' | 'dir' | 'cases'> & { source: string };

/**
 * Loads every rules/meetings/<id>/rule.json, validated by the engine like the capture rules.
 * @example defineCollection({ loader: meetingRulesLoader() })
 */
export function meetingRulesLoader(dir: string = join(rulesRoot(), 'meetings')): Loader {
  return {
    name: 'meeting-rules',
    load: async ({ store, parseData, generateDigest, logger }) => {
      store.clear();
      const { rules } = loadMeetingRules(dir);
      for (const { file: _file, dir: _dir, cases: _cases, ...rule } of rules) {
        const entry: MeetingRuleEntry = { ...rule, source: `rules/meetings/${rule.id}/rule.json` };
        const data = await parseData({ id: rule.id, data: entry });
        store.set({ id: rule.id, data, digest: generateDigest(entry) });
      }
      logger.info(`${rules.length} meeting rules`);
    },
  };
}
