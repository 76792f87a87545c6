import { describe, expect, it } from 'vitest';
import { noticeText } from './notices.js';
import sentences from './notices.json' with { type: 'json' };

describe('noticeText', () => {
  it('gives each notice its sentence from the data file, placeholders filled in', () => {
    expect(noticeText('evaluation-done')).toBe(sentences['evaluation-done']);
    expect(noticeText('reminders-sent', { count: 3 })).toBe('3 reminder email(s) sent');
    expect(noticeText('sync-not-started', { reason: 'one runs' })).toBe(
      'Sync not started: one runs',
    );
  });
});
