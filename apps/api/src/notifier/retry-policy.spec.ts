import { describe, expect, it } from 'vitest';
import { backgroundRetryPolicy, computeBackoffMs } from './retry-policy.ts';

describe('computeBackoffMs', () => {
  it('doubles from the base, with half of each step random', () => {
    expect([1, 2, 3].map((retry) => computeBackoffMs(retry, backgroundRetryPolicy, () => 0))).toEqual([500, 1_000, 2_000]);
    expect([1, 2, 3].map((retry) => computeBackoffMs(retry, backgroundRetryPolicy, () => 1))).toEqual([1_000, 2_000, 4_000]);
  });

  it('never waits longer than the cap, however many retries', () => {
    expect(computeBackoffMs(50, backgroundRetryPolicy, () => 1)).toBe(backgroundRetryPolicy.maxDelayMs);
  });
});
