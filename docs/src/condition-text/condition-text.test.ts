import { captureFactNames, consentFactNames } from '@capture-doctor/engine';
import { describe, expect, it } from 'vitest';
import vocabularyFile from '../data/vocabulary.json' with { type: 'json' };
import {
  type ConditionTree,
  describeCondition,
  missingWords,
  type Vocabulary,
} from './condition-text.js';

const vocabulary: Vocabulary = vocabularyFile;

describe('describeCondition', () => {
  it('says a boolean fact tested for true as its own sentence', () => {
    const text = describeCondition(
      { all: [{ fact: 'member.settings.recording', operator: 'equal', value: true }] },
      vocabulary,
    );
    expect(text).toEqual({
      kind: 'group',
      join: 'all',
      heading: 'All of these are true:',
      items: [
        {
          kind: 'fact',
          fact: 'member.settings.recording',
          text: 'Recording is on in the member’s settings',
        },
      ],
    });
  });

  it('says "not equal true" as the negative sentence, allowing for an unknown fact', () => {
    const text = describeCondition(
      { fact: 'member.seat.includesRecording', operator: 'notEqual', value: true },
      vocabulary,
    );
    expect(text).toMatchObject({
      text: 'The member’s seat does not include recording (or it is not known)',
    });
  });

  it('names enum values readably and lists several values', () => {
    const text = describeCondition(
      { fact: 'member.connection', operator: 'in', value: ['revoked', 'insufficient_permissions'] },
      vocabulary,
    );
    expect(text).toMatchObject({
      text: 'The member’s own (user-by-user) connection is one of revoked, connected with insufficient permissions',
    });
  });

  it('keeps nested any-groups nested', () => {
    const tree: ConditionTree = {
      all: [{ any: [{ fact: 'company.health', operator: 'equal', value: 'connectivity_error' }] }],
    };
    const text = describeCondition(tree, vocabulary);
    expect(text.kind === 'group' && text.items[0]).toMatchObject({
      kind: 'group',
      join: 'any',
      heading: 'Any one of these is true:',
      items: [{ text: 'The provider’s answer at the last check is unreachable' }],
    });
  });

  it('falls back to the raw fact name for a fact it has no words for', () => {
    const text = describeCondition(
      { fact: 'policy.noticeEmail', operator: 'equal', value: false },
      vocabulary,
    );
    expect(text).toMatchObject({ text: 'policy.noticeEmail is false' });
  });

  it('has words for every fact a capture or consent rule may read', () => {
    const missing = [...captureFactNames, ...consentFactNames].filter(
      (fact) => !vocabulary.facts[fact],
    );
    expect(missing).toEqual([]);
  });

  it('has a sentence for each truth of every yes/no capture fact and words for every enum value', () => {
    expect(missingWords(vocabulary)).toEqual([]);
  });
});
