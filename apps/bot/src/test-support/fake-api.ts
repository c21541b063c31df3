import { randomUUID } from 'node:crypto';
import type { ApiClient, CancelRunOptions, CancelRunResult, CreateRunOptions, CreateRunResult, RetryRunOptions } from '@trainops/api-client';
import { ConflictError } from '@trainops/contracts';
import type { CreateRunRequest, ListRunsQuery, ProjectSummary, Run, RunList } from '@trainops/contracts';
import { buildRunFixture } from '@trainops/contracts/testing';

// A fake at our own port, one layer up (conventions: "fakes only at our own ports"): the bot
// depends on the ApiClient interface, and the real client is tested over HTTP in
// libs/api-client. Here the question is what the bot asks for and what the user sees, so the
// fake records every call and keeps the api's promise that one idempotency key is one run.

export type ApiCall =
  | { method: 'createRun'; request: CreateRunRequest; options: CreateRunOptions }
  | { method: 'cancelRun'; id: string; options: CancelRunOptions }
  | { method: 'retryRun'; id: string; options: RetryRunOptions }
  | { method: 'getRun'; id: string }
  | { method: 'listRuns'; query: ListRunsQuery }
  | { method: 'listProjects' };

export interface FakeApi extends ApiClient {
  calls: ApiCall[];
  projects: ProjectSummary[];
  runs: Run[];
  /** When set, the next calls of that method fail with this error (once each entry). */
  failures: Partial<Record<ApiCall['method'], unknown[]>>;
  /** Holds the next call of `method` until the returned function is called. */
  hold(method: ApiCall['method']): () => void;
  /** Resolves once a call of `method` is being held. */
  held(method: ApiCall['method']): Promise<void>;
}

export function createFakeApi(projects: ProjectSummary[]): FakeApi {
  const byKey = new Map<string, Run>();
  const gates = new Map<ApiCall['method'], { opened: Promise<void>; reached: Promise<void>; arrive: () => void }>();
  let runCount = 0;
  const fake: FakeApi = {
    calls: [],
    projects,
    runs: [],
    failures: {},

    hold(method) {
      let open!: () => void;
      let arrive!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      const reached = new Promise<void>((resolve) => (arrive = resolve));
      gates.set(method, { opened, reached, arrive });
      return open;
    },

    held(method) {
      const gate = gates.get(method);
      if (!gate) throw new Error(`fake api: ${method} is not held`);
      return gate.reached;
    },

    async createRun(request, options = {}): Promise<CreateRunResult> {
      fake.calls.push({ method: 'createRun', request, options });
      await followScript('createRun');
      const key = options.idempotencyKey;
      const earlier = key === undefined ? undefined : byKey.get(key);
      if (earlier) return { run: earlier, replayed: true };
      runCount += 1;
      // Predictable ids keep the users' view stable enough to compare whole messages.
      const run = buildRun(request, { id: `00000000-0000-4000-8000-${String(runCount).padStart(12, '0')}` });
      fake.runs.unshift(run);
      if (key !== undefined) byKey.set(key, run);
      return { run, replayed: false };
    },

    // Access rules are the api's (tested there); a test scripts a refusal through `failures`.
    async cancelRun(id, options = {}): Promise<CancelRunResult> {
      fake.calls.push({ method: 'cancelRun', id, options });
      await followScript('cancelRun');
      const index = fake.runs.findIndex((candidate) => candidate.id === id);
      const run = fake.runs[index];
      if (!run) throw new Error(`fake api: no run ${id}`);
      if (run.state === 'queued') {
        const cancelled: Run = { ...run, state: 'cancelled' };
        fake.runs[index] = cancelled;
        return { run: cancelled, stopping: false };
      }
      if (run.state === 'submitted' || run.state === 'running') return { run, stopping: true };
      throw new ConflictError(`Run ${id.slice(0, 8)} is ${run.state} and can no longer be cancelled.`);
    },

    async retryRun(id, options = {}): Promise<CreateRunResult> {
      fake.calls.push({ method: 'retryRun', id, options });
      await followScript('retryRun');
      const source = fake.runs.find((candidate) => candidate.id === id);
      if (!source) throw new Error(`fake api: no run ${id}`);
      const key = options.idempotencyKey === undefined ? undefined : `retry:${options.idempotencyKey}`;
      const earlier = key === undefined ? undefined : byKey.get(key);
      if (earlier) return { run: earlier, replayed: true };
      runCount += 1;
      const run = buildRun(
        { project: source.project, params: source.params, trigger: 'slash', requester: options.requester ?? 'api' },
        { id: `00000000-0000-4000-8000-${String(runCount).padStart(12, '0')}`, slack: source.slack },
      );
      fake.runs.unshift(run);
      if (key !== undefined) byKey.set(key, run);
      return { run, replayed: false };
    },

    async getRun(id) {
      fake.calls.push({ method: 'getRun', id });
      await followScript('getRun');
      const run = fake.runs.find((candidate) => candidate.id === id);
      if (!run) throw new Error(`fake api: no run ${id}`);
      return run;
    },

    async listRuns(query = {}): Promise<RunList> {
      fake.calls.push({ method: 'listRuns', query });
      await followScript('listRuns');
      const items = fake.runs
        .filter((run) => query.project === undefined || run.project === query.project)
        .filter((run) => query.state === undefined || run.state === query.state)
        .filter((run) => query.requester === undefined || run.requester === query.requester);
      const limit = Number(query.limit ?? 20);
      return { items: items.slice(0, limit), nextCursor: items.length > limit ? 'next' : null };
    },

    async listProjects() {
      fake.calls.push({ method: 'listProjects' });
      await followScript('listProjects');
      return fake.projects;
    },

    runUrl(id) {
      return `http://api.test/api/v1/runs/${id}`;
    },
  };

  async function followScript(method: ApiCall['method']): Promise<void> {
    const gate = gates.get(method);
    if (gate) {
      gates.delete(method);
      gate.arrive();
      await gate.opened;
    }
    const queue = fake.failures[method];
    if (queue && queue.length > 0) throw queue.shift();
  }

  return fake;
}

/** The run the api would create for `request` (the fixture's other fields), then `overrides`. */
export function buildRun(request: CreateRunRequest, overrides: Partial<Run> = {}): Run {
  return buildRunFixture({
    id: randomUUID(),
    project: request.project,
    trigger: request.trigger ?? 'api',
    requester: request.requester ?? 'api',
    params: request.params ?? {},
    slack: request.slack ? { channelId: request.slack.channelId, threadTs: null, cardTs: null } : null,
    ...overrides,
  });
}
