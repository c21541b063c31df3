import type { NotifierClock } from './clock.ts';
import { classifySlackError } from './classify-slack-error.ts';
import type { DeliveryFailure } from './delivery-outcome.ts';
import { notifierErrors } from './delivery-outcome.ts';
import type { NotifierLogger } from './notifier-logger.ts';
import { rateLimitKey } from './rate-limit-gates.ts';
import type { RateLimitGates } from './rate-limit-gates.ts';
import { computeBackoffMs } from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';

// The single place of retry policy for every Slack call the api makes: wait while the method and
// channel are rate limited, call, and on failure wait out Retry-After, back off with jitter, or
// give up. The WebClient itself is configured never to retry, so nothing retries twice.

export interface SlackCall<T> {
  method: string;
  /** The channel the call writes to; rate limits are kept per method and channel. */
  channel?: string;
  policy: RetryPolicy;
  call: () => Promise<T>;
  /** Runs before each retry, after its wait, e.g. to swap in a newer card state that arrived meanwhile. */
  beforeRetry?: () => void;
  /** Fields for the log lines (run id, what is being sent). */
  context?: Record<string, unknown>;
}

export type SlackCallResult<T> = { ok: true; value: T; attempts: number } | { ok: false; failure: DeliveryFailure };

export interface SlackCallRunner {
  run<T>(call: SlackCall<T>): Promise<SlackCallResult<T>>;
}

export interface SlackCallRunnerOptions {
  clock: NotifierClock;
  gates: RateLimitGates;
  logger: NotifierLogger;
  /** Calls in flight at once, over all runs. */
  maxConcurrentCalls: number;
  random: () => number;
  /** Aborted when the notifier closes: every wait ends at once. */
  signal: AbortSignal;
}

// Slack's Retry-After is whole seconds and may be 0; waiting at least this long keeps a 429 loop
// from spinning and lets the rate-limit budget bound it.
const minRateLimitWaitMs = 1_000;

export function createSlackCallRunner(options: SlackCallRunnerOptions): SlackCallRunner {
  const { clock, gates, logger, random, signal } = options;
  const slots = createSemaphore(options.maxConcurrentCalls);

  async function run<T>(request: SlackCall<T>): Promise<SlackCallResult<T>> {
    const key = rateLimitKey(request.method, request.channel);
    const fields = { method: request.method, channel: request.channel, ...request.context };
    let attempts = 0;
    let transientFailures = 0;
    let rateLimitedWaitMs = 0;
    const fail = (failure: Omit<DeliveryFailure, 'attempts'>): SlackCallResult<T> => ({ ok: false, failure: { ...failure, attempts } });
    const closed = () => fail({ error: notifierErrors.closed, permanent: true, message: 'the notifier was closed before Slack took the message' });

    for (;;) {
      if (signal.aborted) return closed();
      const wait = gates.openAt(key) - clock.now();
      if (wait > 0) {
        if (rateLimitedWaitMs + wait > request.policy.maxRateLimitWaitMs) {
          return fail({ error: 'ratelimited', permanent: false, message: `Slack kept ${request.method} rate limited for longer than ${Math.round(request.policy.maxRateLimitWaitMs / 1_000)} s` });
        }
        rateLimitedWaitMs += wait;
        if (!(await sleep(clock, wait, signal))) return closed();
        continue;
      }

      // Only now, after any wait, so that whatever arrived during the wait is what gets sent.
      if (attempts > 0) request.beforeRetry?.();
      if (!(await slots.acquire(signal))) return closed();
      attempts += 1;
      let value: T;
      try {
        value = await request.call();
      } catch (error) {
        slots.release();
        const failure = classifySlackError(error);
        if (failure.kind === 'permanent') {
          return fail({ error: failure.error, permanent: true, message: failure.message });
        }
        if (failure.kind === 'rate_limited') {
          const retryAfterMs = Math.max(minRateLimitWaitMs, failure.retryAfterMs);
          gates.close(key, clock.now() + retryAfterMs);
          logger.debug({ ...fields, retryAfterMs, attempts }, 'Slack rate limited the call; waiting as told');
        } else {
          transientFailures += 1;
          if (transientFailures >= request.policy.maxAttempts) {
            return fail({ error: failure.error, permanent: false, message: failure.message });
          }
          const backoffMs = computeBackoffMs(transientFailures, request.policy, random);
          logger.debug({ ...fields, error: failure.error, backoffMs, attempts }, 'Slack call failed; retrying after a backoff');
          if (!(await sleep(clock, backoffMs, signal))) return closed();
        }
        continue;
      }
      slots.release();
      return { ok: true, value, attempts };
    }
  }

  return { run };
}

/** True when the full time passed; false when the notifier was closed meanwhile. */
async function sleep(clock: NotifierClock, ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}

interface Semaphore {
  /** False when `signal` aborted before a slot was free. */
  acquire(signal: AbortSignal): Promise<boolean>;
  release(): void;
}

function createSemaphore(size: number): Semaphore {
  let free = size;
  const waiting: Array<(granted: boolean) => void> = [];
  return {
    acquire(signal) {
      if (signal.aborted) return Promise.resolve(false);
      if (free > 0) {
        free -= 1;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        const grant = (granted: boolean) => {
          signal.removeEventListener('abort', onAbort);
          resolve(granted);
        };
        const onAbort = () => {
          const index = waiting.indexOf(grant);
          if (index !== -1) waiting.splice(index, 1);
          resolve(false);
        };
        waiting.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      const next = waiting.shift();
      if (next === undefined) free += 1;
      else next(true);
    },
  };
}
