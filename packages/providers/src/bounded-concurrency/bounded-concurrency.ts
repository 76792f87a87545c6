// @internal: the bounded concurrency the provider modules probe with.
/**
 * Runs `task` on every item with at most `limit` running at once; results keep the input order.
 * @example await mapWithConcurrency([1, 2, 3], 2, async (n) => n * 2) // [2, 4, 6]
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}

/**
 * Limits concurrent work per key (e.g. at most 4 requests per mailbox).
 * @example const limiter = new KeyedLimiter(4); await limiter.run('user-1', () => probe());
 */
export class KeyedLimiter {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  /** Runs `task` once `key` has a free slot. */
  async run<R>(key: string, task: () => Promise<R>): Promise<R> {
    await this.acquire(key);
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  /** Runs `task` holding one slot for every key in `keys` (acquired in sorted order). */
  async runAll<R>(keys: readonly string[], task: () => Promise<R>): Promise<R> {
    const sorted = [...keys].sort();
    for (const key of sorted) await this.acquire(key);
    try {
      return await task();
    } finally {
      for (const key of sorted) this.release(key);
    }
  }

  private acquire(key: string): Promise<void> {
    const count = this.running.get(key) ?? 0;
    if (count < this.limit) {
      this.running.set(key, count + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push(() => {
        this.running.set(key, (this.running.get(key) ?? 0) + 1);
        resolve();
      });
      this.waiting.set(key, queue);
    });
  }

  private release(key: string): void {
    const count = (this.running.get(key) ?? 1) - 1;
    if (count === 0) this.running.delete(key);
    else this.running.set(key, count);
    const queue = this.waiting.get(key);
    const wake = queue?.shift();
    if (queue !== undefined && queue.length === 0) this.waiting.delete(key);
    wake?.();
  }
}
