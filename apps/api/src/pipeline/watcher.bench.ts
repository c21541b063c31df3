// Benchmark (not part of `npm test`): how many workflow status events per second the watcher
// turns into run updates, against the Kubernetes API server stand-in and PostgreSQL, next to a
// baseline of bare conditional updates (`updateMany where { id, state }`) measured in the same run.
//
//   node apps/api/src/pipeline/watcher.bench.ts [--runs 40] [--rounds 10]
//
// Needs PostgreSQL at TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { createTestDatabase } from '@trainops/db/testing';
import { startKubeApiServer } from '@trainops/kube-emulator';
import { createProjectRegistry } from '@trainops/projects';
import { createArgoClient, trainopsAnnotations, trainopsLabels } from '@trainops/workflows';
import { silentPipelineLogger } from './pipeline-logger.ts';
import { createRunStateStore } from './run-state-store.ts';
import { createRunSubmitter } from './run-submitter.ts';
import { createWorkflowWatcher } from './workflow-watcher.ts';
import { insertRun } from './testing/run-rows.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' }, rounds: { type: 'string', default: '10' } } });
const runCount = Number(values.runs);
const rounds = Number(values.rounds);
if (!Number.isInteger(runCount) || runCount < 1 || !Number.isInteger(rounds) || rounds < 2) {
  console.error('--runs must be a whole number of at least 1 and --rounds at least 2');
  process.exit(2);
}

const namespace = 'trainops';
const group = 'argoproj.io';
const version = 'v1alpha1';
const plural = 'workflows';

const stateDir = await mkdtemp(path.join(tmpdir(), 'watcher-bench-'));
const server = await startKubeApiServer({ stateDir, port: 0, namespaces: [namespace], historyWindow: 100_000 });
const database = await createTestDatabase('postgres');
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(server.kubeconfigPath);
const admin = kubeConfig.makeApiClient(CustomObjectsApi);

try {
  const prisma = database.prisma;
  const stateStore = createRunStateStore({ prisma, clock: () => new Date(), logger: silentPipelineLogger });

  // Baseline: the bare conditional write the state store builds on, one at a time as events come.
  const baselineRuns = await Promise.all(Array.from({ length: runCount }, () => insertRun(prisma, { project: 'bench', state: 'running' })));
  const baselineStart = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    for (const run of baselineRuns) await prisma.run.updateMany({ where: { id: run.id, state: 'running' }, data: { progress: `epoch ${round + 1}/${rounds}` } });
  }
  const baselineRate = (runCount * rounds) / ((performance.now() - baselineStart) / 1000);

  // The watcher: one workflow per run; every round patches each workflow's status once.
  const runs = await Promise.all(Array.from({ length: runCount }, (_, index) => insertRun(prisma, { project: 'bench', state: 'submitted', workflowName: `bench-${index}` })));
  await Promise.all(
    runs.map((run, index) =>
      admin.createNamespacedCustomObject({
        group,
        version,
        namespace,
        plural,
        body: {
          apiVersion: `${group}/${version}`,
          kind: 'Workflow',
          metadata: { name: `bench-${index}`, labels: { [trainopsLabels.runId]: run.id }, annotations: { [trainopsAnnotations.runId]: run.id } },
          spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox:1.36' } }] },
          status: { phase: 'Pending' },
        },
      }),
    ),
  );
  const argo = createArgoClient({ kubeconfig: server.kubeconfigPath, namespace });
  const submitter = createRunSubmitter({
    prisma,
    argo,
    projects: createProjectRegistry([]),
    stateStore,
    workflowOptions: { namespace, serviceAccountName: 'bench', artifactRepository: { artifactRepositoryRef: { configMap: 'bench', key: 'bench' } } },
    logger: silentPipelineLogger,
  });
  let finished = 0;
  const watcher = createWorkflowWatcher({
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
  const handledBefore = watcher.stats().handled;

  const patch = (index: number, status: object) =>
    admin.patchNamespacedCustomObject({ group, version, namespace, plural, name: `bench-${index}`, body: { status } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  const start = performance.now();
  for (let round = 1; round <= rounds; round += 1) {
    const last = round === rounds;
    const status = (index: number) => ({
      phase: last ? 'Succeeded' : 'Running',
      progress: `${round}/${rounds}`,
      nodes: { [`bench-${index}-t`]: { id: `bench-${index}-t`, displayName: 'train', type: 'Pod', templateName: 'train', phase: last ? 'Succeeded' : 'Running', progress: `${round}/${rounds}` } },
    });
    await Promise.all(runs.map((_, index) => patch(index, status(index))));
  }
  const expected = runCount * rounds;
  while (watcher.stats().handled - handledBefore < expected || finished < runCount) {
    if (performance.now() - start > 120_000) throw new Error(`gave up: ${watcher.stats().handled - handledBefore} of ${expected} events after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const watcherRate = expected / ((performance.now() - start) / 1000);
  await watcher.stop();

  const succeeded = await prisma.run.count({ where: { id: { in: runs.map((run) => run.id) }, state: 'succeeded' } });
  console.log(
    JSON.stringify(
      {
        runs: runCount,
        rounds,
        events: expected,
        watcherEventsPerSecond: Math.round(watcherRate),
        baselineUpdatesPerSecond: Math.round(baselineRate),
        ratio: Number((watcherRate / baselineRate).toFixed(3)),
        succeeded,
        finishedCallbacks: finished,
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
