import { describe, expect, it } from 'vitest';
import { startupBanner } from './start-server.js';

const server = { url: 'http://127.0.0.1:1', demo: null };
const syncLine = (syncWarnings: number) =>
  startupBanner(server, { syncWarnings })
    .split('\n')
    .find((line) => line.startsWith('Start-up sync:'));

describe('the start-up block', () => {
  it('counts the start-up sync’s warnings in words that agree with the count', () => {
    expect(syncLine(0)).toBe('Start-up sync: no warnings.');
    expect(syncLine(1)).toMatch(/^Start-up sync: 1 warning about a member's mailbox or calendar;/);
    expect(syncLine(2)).toMatch(
      /^Start-up sync: 2 warnings about members' mailboxes and calendars;/,
    );
    expect(startupBanner(server, { syncWarnings: 2 })).not.toContain('(s)');
  });
});
