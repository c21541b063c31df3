import { describe, expect, it } from 'vitest';
import { computeBackoffDelay, sleep } from './backoff.ts';

const options = { initialDelayMs: 100, maxDelayMs: 1_000 };

describe('computeBackoffDelay', () => {
  it('doubles from the initial delay up to the cap, within its upper half', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => computeBackoffDelay(attempt, options, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map((attempt) => computeBackoffDelay(attempt, options, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads retries with jitter', () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoffDelay(3, options)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(400);
  });
});

describe('sleep', () => {
  it('ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(10_000, controller.signal);
    controller.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
