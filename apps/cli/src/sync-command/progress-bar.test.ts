import { describe, expect, it } from 'vitest';
import type { CliIo } from '../run-cli/run-cli.js';
import { progressDisplay } from './progress-bar.js';

function io(isTty: boolean): { io: CliIo; out: string[] } {
  const out: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: () => {}, env: {}, isTty }, out };
}

describe('progressDisplay', () => {
  it('in a log, prints a line per phase and per tenth of the way, not one per member', () => {
    const { io: plain, out } = io(false);
    const display = progressDisplay(plain);
    for (let done = 0; done <= 1000; done++)
      display.update({ phase: 'reading', runId: 'r1', done, total: 1000 });
    display.update({ phase: 'completed', runId: 'r1', done: 1000, total: 1000 });
    expect(out).toHaveLength(12);
    expect(out[0]).toBe('reading: 0/1000 members\n');
    expect(out.at(-1)).toBe('completed: 1000/1000 members\n');
  });

  it('while the directory decides the total, prints a line every hundred members', () => {
    const { io: plain, out } = io(false);
    const display = progressDisplay(plain);
    for (let done = 0; done < 250; done++)
      display.update({ phase: 'reading', runId: 'r1', done, total: null });
    expect(out).toEqual([
      'reading: 0 members\n',
      'reading: 100 members\n',
      'reading: 200 members\n',
    ]);
  });

  it('on a terminal, redraws one line in place and ends it', () => {
    const { io: tty, out } = io(true);
    const display = progressDisplay(tty);
    display.update({ phase: 'reading', runId: 'r1', done: 3, total: 6 });
    display.end();
    expect(out.join('')).toBe(
      '\r\x1b[2K[###############---------------] 3/6 members  50%  reading\n',
    );
  });
});
