import type { NotifierClock } from '../clock.ts';

// A clock for tests whose time moves only when told (advance), or, with autoAdvance, jumps to the
// next timer whenever the real event loop comes round. Slack calls still go over real HTTP; only
// the waits between them (coalescing intervals, Retry-After, backoff) take no real time. A jump
// while a call is in flight is just a slow call, which the notifier must handle anyway.

export interface VirtualClock extends NotifierClock {
  /** Moves time forward by `ms`, firing due timers in order and letting the event loop run between them. */
  advance(ms: number): Promise<void>;
  /** Timers waiting, for assertions such as "the run is waiting out a Retry-After". */
  pendingTimers(): number[];
}

interface Timer {
  due: number;
  resolve: () => void;
}

export function createVirtualClock(options: { autoAdvance?: boolean; start?: number } = {}): VirtualClock {
  let now = options.start ?? 0;
  const timers: Timer[] = [];
  let stepScheduled = false;

  function schedule(timer: Timer): void {
    const index = timers.findIndex((other) => other.due > timer.due);
    if (index === -1) timers.push(timer);
    else timers.splice(index, 0, timer);
    if (options.autoAdvance) scheduleStep();
  }

  function scheduleStep(): void {
    if (stepScheduled) return;
    stepScheduled = true;
    setTimeout(() => {
      stepScheduled = false;
      const next = timers.shift();
      if (next === undefined) return;
      now = Math.max(now, next.due);
      next.resolve();
      if (timers.length > 0) scheduleStep();
    }, 0);
  }

  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const timer: Timer = {
          due: now + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = timers.indexOf(timer);
          if (index !== -1) timers.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        schedule(timer);
      });
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const next = timers[0];
        if (next === undefined || next.due > target) break;
        timers.shift();
        now = Math.max(now, next.due);
        next.resolve();
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = target;
      await new Promise((resolve) => setImmediate(resolve));
    },
    pendingTimers: () => timers.map((timer) => timer.due),
  };
}
