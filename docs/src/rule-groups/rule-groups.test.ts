import { describe, expect, it } from 'vitest';
import { type GroupableRule, groupByField, groupByIconAndColor, sorted } from './rule-groups.js';

const rule = (id: string, over: Partial<GroupableRule>): GroupableRule => ({
  id,
  title: id,
  icons: ['microphone'],
  color: 'yellow',
  providers: ['google_workspace', 'microsoft_365'],
  fixBy: ['platform_admin'],
  scope: 'member',
  ...over,
});

const rules = [
  rule('b-seat', {}),
  rule('a-calendar', { icons: ['calendar', 'microphone'], color: 'red' }),
  rule('c-mail', { icons: ['email'], providers: ['microsoft_365'], fixBy: ['provider_admin'] }),
];

describe('groupByIconAndColor', () => {
  it('puts a rule under every icon it can colour, in catalog order, skipping empty pairs', () => {
    const groups = groupByIconAndColor(
      rules,
      ['microphone', 'calendar', 'email'],
      ['yellow', 'red'],
    );
    expect(groups.map((group) => [group.key, group.rules.map((r) => r.id)])).toEqual([
      ['microphone/yellow', ['b-seat']],
      ['microphone/red', ['a-calendar']],
      ['calendar/red', ['a-calendar']],
      ['email/yellow', ['c-mail']],
    ]);
  });
});

describe('groupByField', () => {
  it('groups by provider in the order given', () => {
    const groups = groupByField(rules, 'providers', ['google_workspace', 'microsoft_365']);
    expect(groups.map((group) => [group.key, group.rules.map((r) => r.id)])).toEqual([
      ['google_workspace', ['a-calendar', 'b-seat']],
      ['microsoft_365', ['a-calendar', 'b-seat', 'c-mail']],
    ]);
  });

  it('leaves out a fixer no rule names', () => {
    const groups = groupByField(rules, 'fixBy', ['support', 'provider_admin']);
    expect(groups.map((group) => group.key)).toEqual(['provider_admin']);
  });
});

describe('sorted', () => {
  it('lists red before yellow, then by title', () => {
    expect(sorted(rules).map((r) => r.id)).toEqual(['a-calendar', 'b-seat', 'c-mail']);
  });
});
