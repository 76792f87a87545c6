import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssues } from '../format-issues/format-issues.js';
import { CaptureSnapshot } from './capture-snapshot.js';

const examples = new URL('../../../../examples/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, examples), 'utf8'));

describe('CaptureSnapshot v1', () => {
  it('accepts every example snapshot shipped in examples/', () => {
    const names = readdirSync(examples).filter((n) => n.endsWith('.json'));
    expect(names.length).toBeGreaterThan(2);
    for (const name of names)
      expect(CaptureSnapshot.safeParse(load(name)).success, name).toBe(true);
  });

  it('names the path of a member field with a wrong value', () => {
    const snapshot = load('healthy-google-company-wide.json');
    snapshot.members[1].access.calendar = 'sometimes';
    const result = CaptureSnapshot.safeParse(snapshot);
    expect(result.success).toBe(false);
    const [problem] = formatIssues(result.error!.issues);
    expect(problem?.path).toBe('members[1].access.calendar');
    expect(problem?.message).toContain('"unknown"');
  });

  it('refuses two members with the same id', () => {
    const snapshot = load('healthy-google-company-wide.json');
    snapshot.members[2].id = snapshot.members[0].id;
    const result = CaptureSnapshot.safeParse(snapshot);
    expect(formatIssues(result.error!.issues)[0]?.path).toBe('members[2].id');
  });

  it('refuses a misspelt field instead of ignoring it', () => {
    const snapshot = load('healthy-google-company-wide.json');
    snapshot.company.provder = 'google_workspace';
    expect(CaptureSnapshot.safeParse(snapshot).success).toBe(false);
  });

  it('fills a missing lastError with null', () => {
    const snapshot = load('healthy-google-company-wide.json');
    delete snapshot.members[0].lastError;
    expect(CaptureSnapshot.parse(snapshot).members[0]?.lastError).toBeNull();
  });
});
