import { ErrorCode } from '@slack/web-api';

// What a failed Slack call means for the queue: wait and retry (429), back off and retry (5xx,
// network, Slack's own transient errors), or stop (everything else: retrying `channel_not_found`
// or `invalid_blocks` can only fail again and burn the rate limit other runs need).

export type SlackErrorClass =
  | { kind: 'rate_limited'; error: 'ratelimited'; retryAfterMs: number; message: string }
  | { kind: 'transient'; error: string; message: string }
  | { kind: 'permanent'; error: string; message: string };

// Errors Slack documents as "try again": its side failed, not the request.
const transientPlatformErrors = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Used when Slack says `ratelimited` without a Retry-After: Slack's own advice is about a second. */
const defaultRetryAfterMs = 1_000;

/** Thrown by the byte upload step (which is plain HTTP, not a Web API method). */
export class UploadHttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'UploadHttpError';
    this.status = status;
  }
}

/** A Web API answer with `ok: false` from a client that does not throw (a port, not WebClient). */
export class SlackPlatformAnswerError extends Error {
  readonly error: string;

  constructor(error: string) {
    super(`Slack answered ${error}`);
    this.name = 'SlackPlatformAnswerError';
    this.error = error;
  }
}

export function classifySlackError(error: unknown): SlackErrorClass {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UploadHttpError) return classifyStatus(error.status, message, `upload_http_${error.status}`);
  if (error instanceof SlackPlatformAnswerError) return classifyPlatformError(error.error, message);
  switch (code) {
    case ErrorCode.RateLimitedError: {
      const seconds = (error as { retryAfter?: unknown }).retryAfter;
      const retryAfterMs = typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : defaultRetryAfterMs;
      return { kind: 'rate_limited', error: 'ratelimited', retryAfterMs, message };
    }
    case ErrorCode.PlatformError: {
      const data = (error as { data?: { error?: unknown; response_metadata?: { messages?: unknown } } }).data;
      const platformError = typeof data?.error === 'string' ? data.error : 'unknown_error';
      // invalid_blocks and friends say what exactly was wrong here: keep it for the log.
      const details = data?.response_metadata?.messages;
      const explained = Array.isArray(details) && details.length > 0 ? `${message} (${details.slice(0, 5).map(String).join('; ')})` : message;
      return classifyPlatformError(platformError, explained);
    }
    case ErrorCode.HTTPError: {
      const status = (error as { statusCode?: unknown }).statusCode;
      return classifyStatus(typeof status === 'number' ? status : 0, message, `http_${String(status)}`);
    }
    case ErrorCode.RequestError:
      return { kind: 'transient', error: 'request_error', message };
    default:
      // Anything else (a timeout, a reset socket surfacing as a plain Error) is most likely the
      // network; it is retried, but only within the policy's few attempts.
      return { kind: 'transient', error: 'unexpected_error', message };
  }
}

function classifyPlatformError(error: string, message: string): SlackErrorClass {
  if (error === 'ratelimited') return { kind: 'rate_limited', error: 'ratelimited', retryAfterMs: defaultRetryAfterMs, message };
  if (transientPlatformErrors.has(error)) return { kind: 'transient', error, message };
  return { kind: 'permanent', error, message };
}

function classifyStatus(status: number, message: string, error: string): SlackErrorClass {
  if (status === 429) return { kind: 'rate_limited', error: 'ratelimited', retryAfterMs: defaultRetryAfterMs, message };
  if (status >= 500 || status === 408) return { kind: 'transient', error, message };
  return { kind: 'permanent', error, message };
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
}
