// Benchmark (not part of `npm test`): how many workflow status events per second the watcher
// takes in and turns into run updates, against the Kubernetes API server stand-in and
// PostgreSQL, next to a baseline of bare conditional updates (`updateMany where { id, state }`,
// one at a time) measured in the same run.
//
//   node apps/api/src/pipeline/watcher.bench.ts [--runs 40] [--rounds 50]
//
// Three scenarios, each with fresh runs and one workflow per run, the last status Succeeded:
// - live: the statuses are written while the watcher watches; it can go no faster than the API
//   server takes the writes, so the write rate is printed next to it;
// - backlog: the watch is held off (the API server refuses reconnects) while every status is
//   written, then let back: it resumes from its last resourceVersion and receives the whole
//   backlog at once. This is the watcher's own capacity (what a restart or an outage leaves it);
// - distinct backlog: the same with runs × rounds workflows of one status each, so no status can
//   stand in for another and every one is a state change with its RunEvent and end-of-run call.
// The API server runs in its own process, as a real one would, so its work does not share this
// process's CPU; statuses go to it over plain HTTP with keep-alive, one ordered chain per
// workflow (as a controller writes them), all chains at once. The watcher follows the workflows
// through its real watch over HTTPS, exactly as the api does.
//
// Needs PostgreSQL at TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { PrismaClient, RunRecord } from '@trainops/db';
import { createTestDatabase } from '@trainops/db/testing';
import { createProjectRegistry } from '@trainops/projects';
import { createArgoClient, trainopsAnnotations, trainopsLabels } from '@trainops/workflows';
import { silentPipelineLogger } from './pipeline-logger.ts';
import { createRunStateStore } from './run-state-store.ts';
import type { RunStateStore } from './run-state-store.ts';
import { createRunSubmitter } from './run-submitter.ts';
import { createWorkflowWatcher } from './workflow-watcher.ts';
import type { WorkflowWatcher } from './workflow-watcher.ts';
import { insertRun } from './testing/run-rows.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' }, rounds: { type: 'string', default: '50' } } });
const runCount = Number(values.runs);
const rounds = Number(values.rounds);
if (!Number.isInteger(runCount) || runCount < 1 || !Number.isInteger(rounds) || rounds < 2) {
  console.error('--runs must be a whole number of at least 1 and --rounds at least 2');
  process.exit(2);
}

const namespace = 'trainops';
const workflowsPath = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflows`;
const events = runCount * rounds;

const stateDir = await mkdtemp(path.join(tmpdir(), 'watcher-bench-'));
const server = await startApiServerProcess(stateDir);
const database = await createTestDatabase('postgres');

try {
  const prisma = database.prisma;
  const stateStore = createRunStateStore({ prisma, clock: () => new Date(), logger: silentPipelineLogger });
  const baseline = await measureBaseline(prisma);
  const live = await measureLive(prisma, stateStore);
  const backlog = await measureBacklog(prisma, stateStore, { prefix: 'backlog', workflows: runCount, statusesPerWorkflow: rounds });
  // The worst case for the queue: no two statuses of one workflow, so every one is a state change.
  const distinct = await measureBacklog(prisma, stateStore, { prefix: 'distinct', workflows: events, statusesPerWorkflow: 1 });
  const ratio = (rate: number) => Number((rate / baseline).toFixed(2));
  console.log(
    JSON.stringify(
      {
        runs: runCount,
        statusesPerRun: rounds,
        events,
        baselineUpdatesPerSecond: Math.round(baseline),
        live: { ...live, ratio: ratio(live.eventsPerSecond) },
        backlog: { ...backlog, ratio: ratio(backlog.eventsPerSecond) },
        distinctBacklog: { workflows: events, ...distinct, ratio: ratio(distinct.eventsPerSecond) },
      },
      null,
      2,
    ),
  );
} finally {
  await database.close();
  await server.close();
  await rm(stateDir, { recursive: true, force: true });
}

/** The bare conditional write the state store builds on, one at a time as events come. */
async function measureBaseline(prisma: PrismaClient): Promise<number> {
  const runs = await Promise.all(Array.from({ length: runCount }, () => insertRun(prisma, { project: 'bench', state: 'running' })));
  const start = performance.now();
  for (let round = 1; round <= rounds; round += 1) {
    for (const run of runs) await prisma.run.updateMany({ where: { id: run.id, state: 'running' }, data: { progress: `epoch ${round}/${rounds}` } });
  }
  return events / ((performance.now() - start) / 1000);
}

async function measureLive(prisma: PrismaClient, stateStore: RunStateStore) {
  const scenario = await startScenario(prisma, stateStore, { prefix: 'live', workflows: runCount, statusesPerWorkflow: rounds });
  const before = scenario.watcher.stats();
  const start = performance.now();
  const writtenAt = scenario.writeAllStatuses().then(() => performance.now());
  await scenario.waitUntilDone(before.handled, start);
  const elapsedMs = performance.now() - start;
  const writtenMs = (await writtenAt) - start;
  return {
    ...(await scenario.finish(before)),
    eventsPerSecond: Math.round(scenario.events / (elapsedMs / 1000)),
    writtenPerSecond: Math.round(scenario.events / (writtenMs / 1000)),
  };
}

/** The watch held off while every status is written, then let back: the backlog arrives at once. */
async function measureBacklog(prisma: PrismaClient, stateStore: RunStateStore, shape: ScenarioShape) {
  const scenario = await startScenario(prisma, stateStore, shape);
  // The next event ends the watch, and every reconnect is refused until the faults are cleared.
  await setFaults({ watchEventLimit: 1, bursts: [{ status: 503, count: 1_000_000, verb: 'watch', resource: 'workflows' }] });
  await scenario.writeAllStatuses();
  const before = scenario.watcher.stats();
  await setFaults(null);
  // The clock starts at the first status of the backlog taken in, not at the reconnect's backoff.
  while (scenario.watcher.stats().handled === before.handled) await pause(1);
  const start = performance.now();
  const first = scenario.watcher.stats().handled;
  await scenario.waitUntilDone(before.handled, start);
  const elapsedMs = performance.now() - start;
  const taken = scenario.watcher.stats().handled - first;
  return { ...(await scenario.finish(before)), eventsPerSecond: Math.round(taken / (elapsedMs / 1000)) };
}

interface ScenarioShape {
  prefix: string;
  workflows: number;
  statusesPerWorkflow: number;
}

/** Runs in `submitted`, a Pending workflow for each, and a started watcher following them. */
async function startScenario(prisma: PrismaClient, stateStore: RunStateStore, shape: ScenarioShape) {
  const { prefix, workflows: runCount, statusesPerWorkflow } = shape;
  const events = runCount * statusesPerWorkflow;
  const runs: RunRecord[] = [];
  // In slices: thousands of inserts at once would only queue on the pool.
  for (let index = 0; index < runCount; index += 100) {
    const slice = Array.from({ length: Math.min(100, runCount - index) }, (_, offset) => index + offset);
    runs.push(...(await Promise.all(slice.map((at) => insertRun(prisma, { project: 'bench', state: 'submitted', workflowName: `${prefix}-${at}` })))));
  }
  await mapInSlices(runs, 100, (run, index) =>
    kubeRequest('POST', workflowsPath, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: `${prefix}-${index}`, labels: { [trainopsLabels.runId]: run.id }, annotations: { [trainopsAnnotations.runId]: run.id } },
      spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox:1.36' } }] },
      status: { phase: 'Pending' },
    }),
  );
  // Quick reconnects: the backlog scenario's clock starts at the first event anyway.
  const argo = createArgoClient({ kubeconfig: server.kubeconfig, namespace, watchBackoff: { initialDelayMs: 20, maxDelayMs: 100 } });
  const submitter = createRunSubmitter({
    prisma,
    argo,
    projects: createProjectRegistry([]),
    stateStore,
    workflowOptions: { namespace, serviceAccountName: 'bench', artifactRepository: { artifactRepositoryRef: { configMap: 'bench', key: 'bench' } } },
    logger: silentPipelineLogger,
  });
  let finished = 0;
  const watcher: WorkflowWatcher = createWorkflowWatcher({
    argo,
    prisma,
    stateStore,
    submitter,
    namespace,
    resyncIntervalMs: 600_000,
    onRunFinished: () => void (finished += 1),
    logger: silentPipelineLogger,
  });
  await watcher.start();
  const runIds = runs.map((run) => run.id);
  return {
    runs,
    watcher,
    events,
    writeAllStatuses: () => writeAllStatuses(runs, prefix, statusesPerWorkflow),
    async waitUntilDone(handledBefore: number, start: number): Promise<void> {
      // Every status taken in, and every run's end reported.
      while (watcher.stats().handled - handledBefore < events || finished < runCount) {
        if (performance.now() - start > 120_000) throw new Error(`gave up: ${watcher.stats().handled - handledBefore} of ${events} events after 120 s`);
        await pause(1);
      }
    },
    async finish(before: ReturnType<WorkflowWatcher['stats']>) {
      const after = watcher.stats();
      await watcher.stop();
      const succeeded = await prisma.run.count({ where: { id: { in: runIds }, state: 'succeeded' } });
      if (succeeded !== runCount || finished !== runCount) throw new Error(`${prefix}: ${succeeded} runs succeeded and ${finished} finished of ${runCount}`);
      return { statusesApplied: after.applied - before.applied, statusesSuperseded: after.superseded - before.superseded };
    },
  };
}

/** Every workflow's statuses in order (a chain per workflow), all workflows at once. */
async function writeAllStatuses(runs: readonly RunRecord[], prefix: string, rounds: number): Promise<void> {
  await mapInSlices(runs, 200, async (_, index) => {
    for (let round = 1; round <= rounds; round += 1) {
      const phase = round === rounds ? 'Succeeded' : 'Running';
      const progress = `${round}/${rounds}`;
      const nodes = { [`${prefix}-${index}-t`]: { id: `${prefix}-${index}-t`, displayName: 'train', type: 'Pod', templateName: 'train', phase, progress } };
      await kubeRequest('PATCH', `${workflowsPath}/${prefix}-${index}`, { status: { phase, progress, nodes } }, 'application/merge-patch+json');
    }
  });
}

/** `work` for every item, at most `width` at once, in order of index. */
async function mapInSlices<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        await work(items[index] as T, index);
      }
    }),
  );
}

interface ApiServerProcess {
  url: string;
  kubeconfig: string;
  token: string;
  close(): Promise<void>;
}

/** The API server stand-in's CLI in a child process; its first stdout line says where it listens. */
async function startApiServerProcess(dir: string): Promise<ApiServerProcess> {
  const entry = path.resolve(import.meta.dirname, '../../../../tools/kube-emulator/src/api-server/main.ts');
  const child = spawn(process.execPath, [entry, '--port', '0', '--state-dir', dir, '--namespaces', namespace, '--history-window', '1000000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const started = JSON.parse(line) as { url: string; kubeconfig: string };
  const token = /token: (\S+)/.exec(await readFile(started.kubeconfig, 'utf8'))?.[1];
  if (token === undefined) throw new Error(`no token in ${started.kubeconfig}`);
  return {
    ...started,
    token,
    async close() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Replaces the API server's faults (`null` clears them). */
async function setFaults(faults: object | null): Promise<void> {
  await kubeRequest(faults === null ? 'DELETE' : 'POST', '/_emulator/faults', faults ?? undefined);
}

async function kubeRequest(method: string, requestPath: string, body: object | undefined, contentType = 'application/json'): Promise<void> {
  const response = await fetch(`${server.url}${requestPath}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${requestPath}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
