import { describe, expect, it } from 'vitest';
import { decideRetry, isTransientMessage, parseRetryLimit, type RetryAttempt } from './retry-decision.ts';
import type { NodePhase, RetryStrategy } from './types.ts';

function attempt(phase: NodePhase, startedMs: number, finishedMs?: number, message?: string): RetryAttempt {
  return { node: { id: `n${startedMs}`, name: 'n', displayName: 'n', type: 'Pod', phase, message }, startedMs, finishedMs };
}

const base = { now: 10_000, timeScale: 1, isTransient: (message: string | undefined) => isTransientMessage(message) };

describe('retry decisions', () => {
  it('starts the first attempt and waits while an attempt runs', () => {
    expect(decideRetry({ ...base, strategy: { limit: 2 }, attempts: [] })).toEqual({ action: 'start' });
    expect(decideRetry({ ...base, strategy: { limit: 2 }, attempts: [attempt('Running', 0)] })).toEqual({ action: 'wait' });
  });

  it('succeeds with the last attempt and fails once the limit is spent', () => {
    const success = attempt('Succeeded', 0, 1);
    expect(decideRetry({ ...base, strategy: { limit: '2' }, attempts: [attempt('Failed', 0, 1), success] })).toEqual({ action: 'finish', phase: 'Succeeded', outputsFrom: success.node });
    expect(decideRetry({ ...base, strategy: { limit: 1 }, attempts: [attempt('Failed', 0, 1), attempt('Failed', 2, 3)] })).toEqual({
      action: 'finish',
      phase: 'Failed',
      message: 'No more retries left',
    });
    expect(decideRetry({ ...base, strategy: { limit: 1 }, attempts: [attempt('Failed', 0, 1)] })).toEqual({ action: 'start' });
  });

  it('follows the retry policy', () => {
    const errored = [attempt('Error', 0, 1, 'boom')];
    const failed = [attempt('Failed', 0, 1, 'Error (exit code 1)')];
    expect(decideRetry({ ...base, strategy: { limit: 3 }, attempts: errored })).toMatchObject({ action: 'finish', phase: 'Error', message: 'boom' });
    expect(decideRetry({ ...base, strategy: { limit: 3, retryPolicy: 'OnError' }, attempts: errored })).toEqual({ action: 'start' });
    expect(decideRetry({ ...base, strategy: { limit: 3, retryPolicy: 'OnError' }, attempts: failed })).toMatchObject({ action: 'finish', phase: 'Failed' });
    expect(decideRetry({ ...base, strategy: { limit: 3, retryPolicy: 'Always' }, attempts: errored })).toEqual({ action: 'start' });
    expect(decideRetry({ ...base, strategy: { limit: 3, retryPolicy: 'OnTransientError' }, attempts: failed })).toMatchObject({ action: 'finish' });
    expect(decideRetry({ ...base, strategy: { limit: 3, retryPolicy: 'OnTransientError' }, attempts: [attempt('Error', 0, 1, 'pod deleted')] })).toEqual({ action: 'start' });
  });

  it('backs off duration × factor^n, capped, and scaled by the time knob', () => {
    const strategy: RetryStrategy = { limit: 10, backoff: { duration: '1', factor: '2', cap: '5' } };
    const three = [attempt('Failed', 0, 1000), attempt('Failed', 2000, 3000), attempt('Failed', 7000, 8000)];
    expect(decideRetry({ ...base, now: 8500, strategy, attempts: three })).toEqual({ action: 'backoff', until: 12_000, message: 'Backoff for 4 seconds' });
    expect(decideRetry({ ...base, now: 12_000, strategy, attempts: three })).toEqual({ action: 'start' });
    const five = [...three, attempt('Failed', 12_000, 13_000), attempt('Failed', 21_000, 22_000)];
    expect(decideRetry({ ...base, now: 22_000, strategy, attempts: five })).toMatchObject({ action: 'backoff', until: 27_000, message: 'Backoff for 5 seconds' });
    expect(decideRetry({ ...base, now: 1000, timeScale: 0.01, strategy, attempts: [attempt('Failed', 0, 1000)] })).toMatchObject({ action: 'backoff', until: 1010 });
  });

  it('gives up when the backoff would pass maxDuration', () => {
    const strategy: RetryStrategy = { limit: 10, backoff: { duration: '30', maxDuration: '1m' } };
    expect(decideRetry({ ...base, now: 40_000, strategy, attempts: [attempt('Failed', 0, 40_000)] })).toEqual({
      action: 'finish',
      phase: 'Failed',
      message: 'Backoff would exceed max duration limit',
    });
    expect(decideRetry({ ...base, now: 61_000, strategy, attempts: [attempt('Failed', 0, 1000)] })).toMatchObject({ message: 'Max duration limit exceeded' });
  });

  it('stops retrying when the workflow is shutting down', () => {
    expect(decideRetry({ ...base, strategy: { limit: 5 }, attempts: [attempt('Failed', 0, 1)], stopMessage: "Stopped with strategy 'Stop'" })).toEqual({
      action: 'finish',
      phase: 'Failed',
      message: "Stopped with strategy 'Stop'",
    });
  });

  it('reads limits given as numbers or strings and refuses others', () => {
    expect(parseRetryLimit(3)).toBe(3);
    expect(parseRetryLimit('10')).toBe(10);
    expect(parseRetryLimit(undefined)).toBeUndefined();
    expect(() => parseRetryLimit('ten')).toThrow('retryStrategy.limit "ten" is not a whole number');
  });
});
