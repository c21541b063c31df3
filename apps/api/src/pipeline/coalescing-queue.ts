// A work queue keyed by object, in the manner of Kubernetes controllers' work queues: at most one
// item per key is in progress, and items that arrive for a key while it waits collapse into the
// newest one. A workflow's status is a snapshot, so applying the latest is applying all of them;
// this is what lets the watcher keep up with a burst of events without writing each one, and
// keeps a workflow's updates in order while different workflows proceed in parallel.

export interface CoalescingQueueOptions<T> {
  /** How many keys are handled at once (bounded by the database pool in practice). */
  concurrency: number;
  handle(item: T): Promise<void>;
  /**
   * Which of two items for the same key to keep when the second arrives before the first was
   * handled. By default the later one; the watcher keeps the one with the newer resourceVersion.
   */
  pick?(waiting: T, arriving: T): T;
}

export interface CoalescingQueueStats {
  /** Items pushed. */
  pushed: number;
  /** Items handed to `handle`. */
  handled: number;
  /** Items dropped because a newer one for the same key replaced them before their turn. */
  superseded: number;
}

export interface CoalescingQueue<T> {
  /** Queues `item` under `key`; resolves once it, or an item that replaced it, has been handled. */
  push(key: string, item: T): Promise<void>;
  /** Resolves when nothing waits and nothing is in progress. */
  idle(): Promise<void>;
  stats(): CoalescingQueueStats;
}

interface Waiting<T> {
  item: T;
  settle: Array<() => void>;
}

export function createCoalescingQueue<T>(options: CoalescingQueueOptions<T>): CoalescingQueue<T> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${String(options.concurrency)}`);
  }
  const pick = options.pick ?? ((_waiting: T, arriving: T) => arriving);
  // Insertion order is arrival order: keys are served first come, first served.
  const waiting = new Map<string, Waiting<T>>();
  const inProgress = new Set<string>();
  const idleWaiters: Array<() => void> = [];
  const stats: CoalescingQueueStats = { pushed: 0, handled: 0, superseded: 0 };

  function push(key: string, item: T): Promise<void> {
    stats.pushed += 1;
    return new Promise<void>((resolve) => {
      const entry = waiting.get(key);
      if (entry === undefined) {
        waiting.set(key, { item, settle: [resolve] });
      } else {
        stats.superseded += 1;
        entry.item = pick(entry.item, item);
        entry.settle.push(resolve);
      }
      pump();
    });
  }

  function pump(): void {
    if (inProgress.size >= options.concurrency) return;
    for (const [key, entry] of waiting) {
      if (inProgress.has(key)) continue;
      waiting.delete(key);
      inProgress.add(key);
      void run(key, entry);
      if (inProgress.size >= options.concurrency) return;
    }
  }

  async function run(key: string, entry: Waiting<T>): Promise<void> {
    stats.handled += 1;
    try {
      await options.handle(entry.item);
    } catch {
      // `handle` owns its errors; a throw here must not stall the key.
    } finally {
      inProgress.delete(key);
      for (const settle of entry.settle) settle();
      pump();
      if (waiting.size === 0 && inProgress.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    }
  }

  function idle(): Promise<void> {
    if (waiting.size === 0 && inProgress.size === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  return { push, idle, stats: () => ({ ...stats }) };
}
