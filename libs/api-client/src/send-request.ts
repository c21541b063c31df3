// The transport under every api call: one fetch per attempt with its own timeout, and a small,
// bounded number of retries for calls that are safe to repeat. Turning answers into values or
// typed errors is `read-response.ts`'s job; this module only says what happened on the wire.

export interface SendRequestOptions {
  fetch: typeof fetch;
  url: URL;
  init: RequestInit;
  timeoutMs: number;
  /** True when repeating the call cannot do anything twice (a GET, or a POST with a key). */
  idempotent: boolean;
  retries: number;
  retryDelayMs: number;
}

/** What the last attempt came to: an answer, or the reason there was none. */
export type SendOutcome =
  | { kind: 'answer'; response: Response; attempts: number }
  | { kind: 'no-answer'; failure: TransportFailure; attempts: number };

export interface TransportFailure {
  /** Plain words for the user: "connection refused", "timed out after 5 s". */
  reason: string;
  /** False only when the request surely never reached the api (nothing can have happened). */
  mayHaveArrived: boolean;
  cause: unknown;
}

const retryableStatuses = new Set([502, 503, 504]);
const maxRetryDelayMs = 1_000;

export async function sendRequest(options: SendRequestOptions): Promise<SendOutcome> {
  const maxAttempts = options.idempotent ? options.retries + 1 : 1;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    let outcome: SendOutcome;
    try {
      const response = await options.fetch(options.url, {
        ...options.init,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      outcome = { kind: 'answer', response, attempts: attempt };
    } catch (error) {
      outcome = { kind: 'no-answer', failure: describeTransportFailure(error, options.timeoutMs), attempts: attempt };
    }
    const worthRetrying =
      outcome.kind === 'no-answer' || retryableStatuses.has(outcome.response.status);
    if (!worthRetrying || attempt >= maxAttempts) return outcome;
    if (outcome.kind === 'answer') await discardBody(outcome.response);
    await sleep(Math.min(options.retryDelayMs * 2 ** (attempt - 1), maxRetryDelayMs));
  }
}

export function describeTransportFailure(error: unknown, timeoutMs: number): TransportFailure {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { reason: `timed out after ${formatDuration(timeoutMs)}`, mayHaveArrived: true, cause: error };
  }
  const code = findErrorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return { reason: 'connection refused', mayHaveArrived: false, cause: error };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: 'its address could not be resolved', mayHaveArrived: false, cause: error };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { reason: 'its host is unreachable', mayHaveArrived: false, cause: error };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return { reason: 'the connection was dropped', mayHaveArrived: true, cause: error };
    default:
      return { reason: code ? `network error ${code}` : 'network error', mayHaveArrived: true, cause: error };
  }
}

// undici wraps the socket error: TypeError('fetch failed') with the errno code on `cause`,
// sometimes one level deeper (an AggregateError for happy-eyeballs connects).
function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) {
    for (const inner of nested) {
      const found = findErrorCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return findErrorCode((error as { cause?: unknown }).cause, depth + 1);
}

function formatDuration(ms: number): string {
  return ms >= 1_000 && ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`;
}

async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The body is thrown away either way; a failed cancel leaves nothing to clean up.
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
