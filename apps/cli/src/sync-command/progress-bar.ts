import type { SyncProgressEvent } from '@capture-doctor/sync';
import type { CliIo } from '../run-cli/run-cli.js';

const WIDTH = 30;

/** Shows sync progress: a bar redrawn in place on a terminal, a few plain lines otherwise. */
export interface ProgressDisplay {
  update(event: SyncProgressEvent): void;
  /** Ends the bar's line so the next output starts on a fresh one. */
  end(): void;
}

/**
 * A terminal progress bar (TTY), or plain lines (logs, CI) at each phase and every tenth of the
 * way (every 100 members while the total is not known).
 * @example const bar = progressDisplay(io); bar.update({ phase: 'reading', runId, done: 3, total: 7 });
 */
export function progressDisplay(io: CliIo): ProgressDisplay {
  let drawn = false;
  let lastPhase: string | null = null;
  let lastStep = -1;
  return {
    update(event) {
      if (io.isTty) {
        io.stdout(`\r\x1b[2K${barLine(event)}`);
        drawn = true;
        return;
      }
      const step = stepOf(event);
      if (event.phase === lastPhase && step === lastStep) return;
      lastPhase = event.phase;
      lastStep = step;
      io.stdout(`${plainLine(event)}\n`);
    },
    end() {
      if (drawn) io.stdout('\n');
      drawn = false;
    },
  };
}

// Which line of plain output a count falls on: a tenth of the total, or a hundred members.
function stepOf(event: SyncProgressEvent): number {
  if (event.total === null) return Math.floor(event.done / 100);
  return event.total === 0 ? 10 : Math.floor((event.done / event.total) * 10);
}

function barLine(event: SyncProgressEvent): string {
  if (event.total === null) return `${event.phase}: ${event.done} members read`;
  const share = event.total === 0 ? 1 : Math.min(1, event.done / event.total);
  const filled = Math.round(share * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  return `[${bar}] ${event.done}/${event.total} members  ${Math.round(share * 100)}%  ${event.phase}`;
}

function plainLine(event: SyncProgressEvent): string {
  const count =
    event.total === null ? `${event.done} members` : `${event.done}/${event.total} members`;
  return `${event.phase}: ${count}`;
}
