// Time as the notifier sees it. Injected so that tests can run minutes of coalescing and
// Retry-After waits in milliseconds, and so that the notifier never reads the wall clock itself.

export interface NotifierClock {
  /** Milliseconds on a monotonic-enough scale; only differences are used. */
  now(): number;
  /** Resolves after `ms`; rejects (and forgets the timer) as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: NotifierClock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
