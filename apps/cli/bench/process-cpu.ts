// CPU seconds spent by processes, read from Linux's /proc: the scale-out bench tells with it
// whether the workers, PostgreSQL or the fake tenants hold the machine's cores. Null elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

// Linux counts CPU time in clock ticks of 1/100 s on every architecture Node runs on.
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** its own user + system time, in seconds */
  own: number;
  /** the time of the children it waited for (PostgreSQL's finished backends) */
  children: number;
}

function procStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name may hold spaces and brackets: the fields start after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const tick = (index: number) => Number(fields[index] ?? 0) / TICKS_PER_SECOND;
  return { ppid: Number(fields[1]), own: tick(11) + tick(12), children: tick(13) + tick(14) };
}

/**
 * CPU seconds a process has used so far; null when it is gone or this is not Linux.
 * @example const before = processCpuSeconds(worker.pid);
 */
export function processCpuSeconds(pid: number | undefined): number | null {
  return pid === undefined ? null : (procStat(pid)?.own ?? null);
}

/**
 * CPU seconds a PostgreSQL server listening on `port` has used so far: its postmaster, the
 * backends it has reaped and those still alive. Null when it cannot be found.
 * @example const before = postgresCpuSeconds(5432);
 */
export function postgresCpuSeconds(port: number): number | null {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return null;
  }
  const postmaster = pids.find((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const flag = argv.indexOf('-p');
      return argv[0]?.endsWith('/postgres') === true && argv[flag + 1] === String(port);
    } catch {
      return false;
    }
  });
  const main = postmaster === undefined ? null : procStat(postmaster);
  if (postmaster === undefined || main === null) return null;
  let seconds = main.own + main.children;
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat?.ppid === postmaster) seconds += stat.own;
  }
  return seconds;
}
