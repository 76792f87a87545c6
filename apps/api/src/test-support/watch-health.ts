import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What the watch saw: every /healthz answer, and the longest the event loop was held. */
export interface HealthReport {
  polls: number;
  failures: number;
  worstMs: number;
  loopMaxMs: number;
}

/**
 * Polls `${url}/healthz` over the socket every 25 ms until stopped, and measures the event
 * loop's longest delay meanwhile (the server shares this process, so a blocked loop shows there).
 * @example const watch = watchHealth(t.server.url); await bigRequest(); const seen = await watch.stop()
 */
export function watchHealth(url: string): { stop(): Promise<HealthReport> } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const report: HealthReport = { polls: 0, failures: 0, worstMs: 0, loopMaxMs: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) })
        .then(async (res) => {
          await res.text();
          return res.status === 200;
        })
        .catch(() => false);
      report.polls += 1;
      if (!ok) report.failures += 1;
      report.worstMs = Math.max(report.worstMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      delay.disable();
      report.loopMaxMs = delay.max / 1e6;
      return report;
    },
  };
}
