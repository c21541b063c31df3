// How hard the notifier tries before it gives up on one Slack call. Background work (run cards,
// thread replies) may wait out long rate limits, because a run's final state must arrive even in
// a 429 storm; a person waiting on a button click gets an answer quickly or an error quickly.

export interface RetryPolicy {
  /** Attempts in all for 5xx answers and network errors (the first one included). */
  maxAttempts: number;
  /** Backoff before the n-th retry: a random wait between half and all of base·2ⁿ⁻¹, capped. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time one call may spend waiting out 429 Retry-After before it is given up. */
  maxRateLimitWaitMs: number;
}

export const backgroundRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRateLimitWaitMs: 15 * 60_000,
};

export const interactiveRetryPolicy: RetryPolicy = {
  maxAttempts: 2,
  baseDelayMs: 250,
  maxDelayMs: 1_000,
  maxRateLimitWaitMs: 2_000,
};

/**
 * The wait before retry number `retry` (1 for the first retry). "Equal jitter": half the
 * exponential step is guaranteed, half is random, so many runs that failed together (one Slack
 * outage) do not come back together, yet none retries at once.
 */
export function computeBackoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
