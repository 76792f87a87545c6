import { describe, expect, it } from 'vitest';
import { alertEmail } from './alert-events.js';

const banner = (count: number) =>
  alertEmail('banner.new', {
    companyName: 'Acme',
    title: 'Mailbox access not granted',
    count,
    message: 'the app cannot read mailboxes',
    fix: 'grant access',
  });

describe('alertEmail', () => {
  it('a new banner affecting one member says "1 member", and "2 members" for two', () => {
    expect(banner(1).text).toMatch(
      /^A new company-wide problem was found for Acme, affecting 1 member\.\n/,
    );
    expect(banner(2).text).toMatch(/affecting 2 members\.\n/);
    expect(banner(1).subject).toBe('Acme: Mailbox access not granted');
  });

  it('fills every placeholder of each sentence and writes no "(s)" plural', () => {
    const email = banner(2);
    expect(email.text).toContain('Fix: grant access');
    expect(`${email.subject}\n${email.text}`).not.toMatch(/\{\w+\}|\(s\)/);
  });
});
