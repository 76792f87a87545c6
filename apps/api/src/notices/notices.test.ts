import { describe, expect, it } from 'vitest';
import { noticeText } from './notices.js';
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
});
