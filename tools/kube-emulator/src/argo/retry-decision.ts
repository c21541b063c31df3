// What a Retry node does next, after Argo's processNodeRetries: wait for the running attempt, back
// off, start another attempt, or finish with the last attempt's phase.
import { formatHumanDuration, parseArgoDuration } from './durations.ts';
import type { NodePhase, NodeStatus, RetryStrategy } from './types.ts';
import { isFailedOrError, isFulfilledPhase } from './types.ts';

export type RetryDecision =
  | { action: 'start' }
  | { action: 'wait' }
  | { action: 'backoff'; until: number; message: string }
  | { action: 'finish'; phase: NodePhase; message?: string; outputsFrom?: NodeStatus };

export interface RetryAttempt {
  node: NodeStatus;
  /** Precise times in epoch ms; status timestamps only keep whole seconds. */
  startedMs: number;
  finishedMs?: number;
}

export interface RetryDecisionInput {
  strategy: RetryStrategy;
  attempts: readonly RetryAttempt[];
  now: number;
  /** Multiplies every backoff wait (a test knob; 1 in real use). */
  timeScale: number;
  /** Set when the workflow is shutting down or past its deadline: no new attempt may start. */
  stopMessage?: string;
  isTransient: (message: string | undefined) => boolean;
}

export function parseRetryLimit(limit: RetryStrategy['limit']): number | undefined {
  if (limit === undefined || limit === null || limit === '') return undefined;
  const value = typeof limit === 'number' ? limit : Number(String(limit).trim());
  if (!Number.isInteger(value) || value < 0) throw new Error(`retryStrategy.limit "${String(limit)}" is not a whole number`);
  return value;
}

const transientPatterns = [
  /connection refused/i,
  /connection reset/i,
  /i\/o timeout/i,
  /timeout/i,
  /exceeded quota/i,
  /unexpected EOF/i,
  /pod deleted/i,
  /the object has been modified/i,
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT/,
];

export function isTransientMessage(message: string | undefined, extra?: RegExp): boolean {
  if (!message) return false;
  return transientPatterns.some((pattern) => pattern.test(message)) || (extra?.test(message) ?? false);
}

function parseFactor(factor: unknown): number | undefined {
  if (factor === undefined || factor === null || factor === '') return undefined;
  const value = Number(factor);
  if (!Number.isFinite(value)) throw new Error(`retryStrategy.backoff.factor "${String(factor)}" is not a number`);
  return value;
}

export function decideRetry(input: RetryDecisionInput): RetryDecision {
  const { strategy, attempts } = input;
  const lastAttempt = attempts.at(-1);
  if (!lastAttempt) return input.stopMessage ? { action: 'finish', phase: 'Failed', message: input.stopMessage } : { action: 'start' };
  const last = lastAttempt.node;
  if (!isFulfilledPhase(last.phase)) return { action: 'wait' };
  if (!isFailedOrError(last.phase)) return { action: 'finish', phase: 'Succeeded', outputsFrom: last };
  if (input.stopMessage) return { action: 'finish', phase: last.phase, message: input.stopMessage };

  const backoff = strategy.backoff;
  if (backoff) {
    let maxDurationDeadline: number | undefined;
    if (backoff.maxDuration !== undefined && backoff.maxDuration !== '') {
      const firstStarted = attempts[0]?.startedMs ?? input.now;
      maxDurationDeadline = firstStarted + parseArgoDuration(String(backoff.maxDuration)) * input.timeScale;
      if (input.now > maxDurationDeadline) return { action: 'finish', phase: last.phase, message: 'Max duration limit exceeded' };
    }
    if (backoff.duration === undefined || backoff.duration === '') throw new Error('no base duration specified for retryStrategy');
    let wait = parseArgoDuration(String(backoff.duration));
    const factor = parseFactor(backoff.factor);
    if (factor !== undefined && factor > 0) wait *= factor ** (attempts.length - 1);
    if (backoff.cap !== undefined && backoff.cap !== '') wait = Math.min(wait, parseArgoDuration(String(backoff.cap)));
    const lastFinished = lastAttempt.finishedMs ?? input.now;
    const until = lastFinished + wait * input.timeScale;
    if (maxDurationDeadline !== undefined && until > maxDurationDeadline) {
      return { action: 'finish', phase: last.phase, message: 'Backoff would exceed max duration limit' };
    }
    const limit = parseRetryLimit(strategy.limit);
    if (input.now < until && (limit === undefined || attempts.length <= limit)) {
      return { action: 'backoff', until, message: `Backoff for ${formatHumanDuration(wait)}` };
    }
  }

  const policy = strategy.retryPolicy ?? 'OnFailure';
  let retryOnFailed = false;
  let retryOnError = false;
  if (policy === 'Always') {
    retryOnFailed = true;
    retryOnError = true;
  } else if (policy === 'OnError') {
    retryOnError = true;
  } else if (policy === 'OnTransientError') {
    retryOnFailed = retryOnError = input.isTransient(last.message);
  } else if (policy === 'OnFailure') {
    retryOnFailed = true;
  } else {
    throw new Error(`${String(policy)} is not a valid RetryPolicy`);
  }
  if ((last.phase === 'Failed' && !retryOnFailed) || (last.phase === 'Error' && !retryOnError)) {
    return { action: 'finish', phase: last.phase, message: last.message };
  }
  const limit = parseRetryLimit(strategy.limit);
  if (limit !== undefined && attempts.length > limit) return { action: 'finish', phase: last.phase, message: 'No more retries left' };
  return { action: 'start' };
}
