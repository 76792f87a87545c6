import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countedText, noticeText } from './notices.js';
import sentences from './notices.json' with { type: 'json' };

describe('noticeText', () => {
  it('gives each notice its sentence from the data file, placeholders filled in', () => {
    expect(noticeText('evaluation-done')).toBe(sentences['evaluation-done']);
    expect(noticeText('reminders-sent', { count: 3 })).toBe('3 reminder emails sent');
    expect(noticeText('reminders-sent', { count: 1 })).toBe('1 reminder email sent');
    expect(noticeText('reminders-queued', { count: 1 })).toMatch(/^1 reminder email queued /);
    expect(noticeText('sync-not-started', { reason: 'one runs' })).toBe(
      'Sync not started: one runs',
    );
  });

  it('counted sentences take the form that agrees with the count', () => {
    const forms = {
      one: '{count} red finding in {place}',
      other: '{count} red findings in {place}',
    };
    expect(countedText(forms, { count: 1, place: 'DE' })).toBe('1 red finding in DE');
    expect(countedText(forms, { count: 2, place: 'DE' })).toBe('2 red findings in DE');
    expect(countedText('{count} sent', { count: 1 })).toBe('1 sent');
  });
});

const sourceDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('the API’s word files', () => {
  it('write no count with a "(s)" plural: a counted sentence has its one and other forms', () => {
    const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.json'),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        join('services', 'alerts', 'alert-events.json'),
        join('services', 'consent', 'approval-refusals.json'),
      ]),
    );
    const plurals = files.filter((file) =>
      /\w\(s\)/.test(readFileSync(join(sourceDir, file), 'utf8')),
    );
    expect(plurals).toEqual([]);
  });
});
