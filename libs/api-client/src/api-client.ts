import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAY_HEADER,
  IdempotencyKeySchema,
  InputError,
  ListRunsQuerySchema,
  ProjectListSchema,
  RunIdParamsSchema,
  RunListSchema,
  RunSchema,
} from '@trainops/contracts';
import type { CreateRunRequest, ListRunsQuery, ProjectSummary, Run, RunActionRequest, RunList } from '@trainops/contracts';
import type { z } from 'zod';
import { readResponse } from './read-response.ts';
import type { CallDescription } from './read-response.ts';
import { sendRequest } from './send-request.ts';

export interface ApiClientOptions {
  /** Where the api listens, e.g. `http://127.0.0.1:8080`; a path prefix is kept. */
  baseUrl: string;
  /** Bearer token the api knows this client by. */
  token: string;
  /** Per attempt; default 8000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Extra attempts for calls that are safe to repeat; default 2. */
  retries?: number;
  /** First pause between attempts, doubled each time and capped at 1 s; default 150. */
  retryDelayMs?: number;
}

export interface CreateRunOptions {
  /** Same key, same run: a repeated request answers with the run the first one started. */
  idempotencyKey?: string;
}

export interface CreateRunResult {
  run: Run;
  /** True when the key matched an earlier request and no new run was started. */
  replayed: boolean;
}

export interface CancelRunOptions {
  /** The Slack user the bot acts for; machine clients leave it out and act as themselves. */
  requester?: string;
}

export interface CancelRunResult {
  /** The run as the api answered: `cancelled` when it was still queued, else as it is now. */
  run: Run;
  /** True when its workflow is being stopped; the run turns `cancelled` once the cluster says so. */
  stopping: boolean;
}

export interface RetryRunOptions {
  /** The Slack user the bot acts for; machine clients leave it out and act as themselves. */
  requester?: string;
  /** Same key, same new run: a repeated click answers with the run the first one started. */
  idempotencyKey?: string;
}

/** The api as the bot (or any other client) sees it. Every failure is a UserFacingError. */
export interface ApiClient {
  createRun(request: CreateRunRequest, options?: CreateRunOptions): Promise<CreateRunResult>;
  /** Cancels a queued run, or has a submitted/running one stopped (its requester or an approver). */
  cancelRun(id: string, options?: CancelRunOptions): Promise<CancelRunResult>;
  /** Starts a failed, errored or cancelled run again as a new run. */
  retryRun(id: string, options?: RetryRunOptions): Promise<CreateRunResult>;
  getRun(id: string): Promise<Run>;
  listRuns(query?: ListRunsQuery): Promise<RunList>;
  listProjects(): Promise<ProjectSummary[]>;
  /** Where a person can look at one run in the api (pure: no request is made). */
  runUrl(id: string): string;
}

const apiPrefix = 'api/v1/';
const reading: CallDescription = { changesState: false };
const starting: CallDescription = { changesState: true };
const cancelling: CallDescription = {
  changesState: true,
  nothingHappened: 'Nothing was cancelled.',
  mayHaveHappened: 'The run may or may not have been cancelled: look at its card before trying again.',
};

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = parseBaseUrl(options.baseUrl);
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 8_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 150;
  const authorization = `Bearer ${options.token}`;

  function urlFor(path: string, query?: URLSearchParams): URL {
    const url = new URL(apiPrefix + path, base);
    if (query && query.size > 0) url.search = query.toString();
    return url;
  }

  async function call<S extends z.ZodType>(
    url: URL,
    init: RequestInit & { headers: Record<string, string> },
    schema: S,
    description: CallDescription,
    idempotent: boolean,
  ) {
    const outcome = await sendRequest({
      fetch: fetchFn,
      url,
      init: { ...init, headers: { accept: 'application/json', authorization, ...init.headers } },
      timeoutMs,
      idempotent,
      retries,
      retryDelayMs,
    });
    const result = await readResponse(outcome, schema, description);
    if (!result.ok) throw result.error;
    return result;
  }

  /** A POST that starts a run (a create or a retry): retried only when it carries an Idempotency-Key. */
  async function startRun(url: URL, body: unknown, idempotencyKey: string | undefined): Promise<CreateRunResult> {
    const result = await call(url, { method: 'POST', headers: jsonHeaders(idempotencyKey), body: JSON.stringify(body) }, RunSchema, starting, idempotencyKey !== undefined);
    return { run: result.value, replayed: result.response.headers.get(IDEMPOTENT_REPLAY_HEADER) === 'true' };
  }

  return {
    createRun(request, createOptions = {}) {
      return startRun(urlFor('runs'), request, createOptions.idempotencyKey);
    },

    async cancelRun(id, cancelOptions = {}) {
      assertRunId(id);
      const body: RunActionRequest = cancelOptions.requester === undefined ? {} : { requester: cancelOptions.requester };
      // Sent once: after a lost answer a second cancel could meet a run it already cancelled and
      // be refused, which would tell the user the opposite of what happened.
      const result = await call(
        urlFor(`runs/${encodeURIComponent(id)}/cancel`),
        { method: 'POST', headers: jsonHeaders(undefined), body: JSON.stringify(body) },
        RunSchema,
        cancelling,
        false,
      );
      return { run: result.value, stopping: result.response.status === 202 };
    },

    retryRun(id, retryOptions = {}) {
      assertRunId(id);
      const body: RunActionRequest = retryOptions.requester === undefined ? {} : { requester: retryOptions.requester };
      return startRun(urlFor(`runs/${encodeURIComponent(id)}/retry`), body, retryOptions.idempotencyKey);
    },

    async getRun(id) {
      assertRunId(id);
      const result = await call(urlFor(`runs/${encodeURIComponent(id)}`), { method: 'GET', headers: {} }, RunSchema, reading, true);
      return result.value;
    },

    async listRuns(query = {}) {
      const checked = ListRunsQuerySchema.safeParse(query);
      if (!checked.success) {
        const problems = checked.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`);
        throw new InputError(`The run list cannot be asked for like that (${problems.join('; ')}).`, {
          details: { issues: checked.error.issues },
        });
      }
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(checked.data)) {
        if (value !== undefined) params.set(name, String(value));
      }
      const result = await call(urlFor('runs', params), { method: 'GET', headers: {} }, RunListSchema, reading, true);
      return result.value;
    },

    async listProjects() {
      const result = await call(urlFor('projects'), { method: 'GET', headers: {} }, ProjectListSchema, reading, true);
      return result.value.items;
    },

    runUrl(id) {
      return urlFor(`runs/${encodeURIComponent(id)}`).toString();
    },
  };
}

function assertRunId(id: string): void {
  if (!RunIdParamsSchema.safeParse({ id }).success) {
    throw new InputError(`"${id}" is not a run id: run ids look like 0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47.`);
  }
}

/** Headers of a JSON POST, with the idempotency key when there is one (checked before sending). */
function jsonHeaders(idempotencyKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idempotencyKey !== undefined) {
    const checked = IdempotencyKeySchema.safeParse(idempotencyKey);
    if (!checked.success) {
      throw new InputError(`The idempotency key is not usable: ${checked.error.issues[0]?.message ?? 'invalid'}.`);
    }
    headers[IDEMPOTENCY_KEY_HEADER] = idempotencyKey;
  }
  return headers;
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new InputError(`The api base URL "${baseUrl}" is not a URL (expected e.g. http://127.0.0.1:8080).`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`The api base URL "${baseUrl}" must start with http:// or https://.`);
  }
  // A trailing slash makes relative resolution keep a path prefix such as `/trainops/`.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}
