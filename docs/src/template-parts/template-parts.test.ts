import { describe, expect, it } from 'vitest';
import { readableTemplate, templateParts } from './template-parts.js';

const labels = { memberName: 'the member’s name', count: 'number of members' };

describe('templateParts', () => {
  it('splits text and placeholders in order', () => {
    expect(templateParts('Hello {memberName}, {count} left.', labels)).toEqual([
      { kind: 'text', text: 'Hello ' },
      { kind: 'placeholder', name: 'memberName', label: 'the member’s name' },
      { kind: 'text', text: ', ' },
      { kind: 'placeholder', name: 'count', label: 'number of members' },
      { kind: 'text', text: ' left.' },
    ]);
  });

  it('spells out a placeholder it has no label for', () => {
    expect(templateParts('{seatName}', {})).toEqual([
      { kind: 'placeholder', name: 'seatName', label: 'seat name' },
    ]);
  });

  it('leaves a template without placeholders whole', () => {
    expect(templateParts('No provider is connected.', labels)).toEqual([
      { kind: 'text', text: 'No provider is connected.' },
    ]);
  });
});

describe('readableTemplate', () => {
  it('shows placeholders between angle quotes', () => {
    expect(readableTemplate('{count} members import nothing', labels)).toBe(
      '‹number of members› members import nothing',
    );
  });
});
