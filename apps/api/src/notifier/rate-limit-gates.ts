// Slack's 429 answers name a method (and for chat.postMessage a channel). A gate per method and
// channel remembers until when that pair must not be called, so a rate-limited channel waits
// while every other channel's work carries on.

export interface RateLimitGates {
  /** The clock time before which `key` must not be called; 0 when open. */
  openAt(key: string): number;
  /** Closes `key` until `until` (never shortens an existing wait). */
  close(key: string, until: number): void;
}

export function rateLimitKey(method: string, channel: string | undefined): string {
  return channel === undefined ? method : `${method} ${channel}`;
}

export function createRateLimitGates(now: () => number): RateLimitGates {
  const closedUntil = new Map<string, number>();
  return {
    openAt(key) {
      const until = closedUntil.get(key);
      if (until === undefined) return 0;
      if (until <= now()) {
        closedUntil.delete(key);
        return 0;
      }
      return until;
    },
    close(key, until) {
      closedUntil.set(key, Math.max(until, closedUntil.get(key) ?? 0));
    },
  };
}
