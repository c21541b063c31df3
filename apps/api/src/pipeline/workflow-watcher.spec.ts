// The whole pipeline end to end on loopback: the Kubernetes API server with the Argo controller
// running the real training workflow's steps as local processes (git for checkout, the yolo
// stand-in for train and export), the S3 stand-in as artifact repository, and a real database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '@trainops/db';
import { createTestDatabase } from '@trainops/db/testing';
import type { TestDatabase } from '@trainops/db/testing';
import type { Workflow } from '@trainops/workflows';
import { mapWorkflowToRunStatus } from './map-workflow-to-run-status.ts';
import { createRunResultCollector } from './run-result-collector.ts';
import type { RunResult, RunResultCollector } from './run-result-collector.ts';
import { createRunStateStore } from './run-state-store.ts';
import type { RunStateStore } from './run-state-store.ts';
import { createRunSubmitter } from './run-submitter.ts';
import { disappearedMessage, createWorkflowWatcher } from './workflow-watcher.ts';
import type { WorkflowWatcher } from './workflow-watcher.ts';
import { startPipelineStandIns, standInProjects } from './testing/pipeline-stand-ins.ts';
import type { PipelineStandIns } from './testing/pipeline-stand-ins.ts';
import { createRecordingLogger, eventually, insertRun, listTransitions } from './testing/run-rows.ts';

let standIns: PipelineStandIns;
let database: TestDatabase;
let stateStore: RunStateStore;
let collector: RunResultCollector;
const logger = createRecordingLogger();
const watchers: WorkflowWatcher[] = [];

interface Finished {
  run: RunRecord;
  workflow: Workflow | null;
  result: RunResult;
}
const finished: Finished[] = [];

/** A watcher as the api wires it: its own Argo client, the collector behind onRunFinished. */
function newWatcher(resyncIntervalMs = 60_000): WorkflowWatcher {
  const argo = standIns.newArgoClient();
  const onRunFinished = async (run: RunRecord, workflow: Workflow | null) => {
    finished.push({ run, workflow, result: await collector.collect(run, workflow) });
  };
  const submitter = createRunSubmitter({ prisma: database.prisma, argo, projects: standIns.projects, stateStore, workflowOptions: standIns.workflowOptions, logger, onRunFinished });
  const watcher = createWorkflowWatcher({ argo, prisma: database.prisma, stateStore, submitter, namespace: standIns.namespace, resyncIntervalMs, onRunFinished, logger });
  watchers.push(watcher);
  return watcher;
}

async function waitForState(runId: string, states: string[], timeoutMs = 30_000): Promise<RunRecord> {
  return eventually(
    async () => {
      const run = await database.prisma.run.findUniqueOrThrow({ where: { id: runId } });
      return states.includes(run.state) ? run : undefined;
    },
    `run ${runId} to reach ${states.join('/')}`,
    timeoutMs,
  );
}

beforeAll(async () => {
  standIns = await startPipelineStandIns();
  database = await createTestDatabase('pglite');
  stateStore = createRunStateStore({ prisma: database.prisma, clock: () => new Date(), logger });
  collector = createRunResultCollector({ artifacts: standIns.artifacts, argo: standIns.argo, prisma: database.prisma, logger });
});

afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.stop();
  standIns.kube.api.clearFaults();
  finished.length = 0;
});

afterAll(async () => {
  await database?.close();
  await standIns?.close();
});

describe('the workflow watcher end to end', () => {
  it('submits a queued run at start-up and follows it through running to succeeded, with metrics from results.csv', async () => {
    const run = await insertRun(database.prisma, { project: standInProjects.quick, params: { epochs: 3, imgsz: 320 } });
    const report = await newWatcher().start();
    expect(report).toMatchObject({ runs: 1, submitted: 1, disappeared: 0 });

    const done = await waitForState(run.id, ['succeeded', 'failed', 'error']);
    expect(done).toMatchObject({ state: 'succeeded', progress: 'epoch 3/3', workflowNamespace: 'trainops' });
    expect(done.startedAt).toBeInstanceOf(Date);
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→queued', 'queued→submitted', 'submitted→running', 'running→succeeded']);

    await eventually(async () => (finished.length > 0 ? true : undefined), 'onRunFinished');
    expect(finished).toHaveLength(1);
    const [entry] = finished;
    expect(entry?.run.id).toBe(run.id);
    expect(entry?.result).toMatchObject({ kind: 'succeeded', metricsUnavailable: null, summary: { task: 'detect', epochsRun: 3, epochsPlanned: 3 } });
    const stored = await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.metrics).toMatchObject({ epochsRun: 3, final: { epoch: 3 } });
    if (entry?.result.kind === 'succeeded') {
      expect(Array.from(entry.result.chart?.png.subarray(0, 4) ?? [])).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(entry.result.chart?.key).toBe(`runs/${standInProjects.quick}/${run.id}/training-chart.png`);
    }
    // The stand-in's statuses read the way the real controller's do.
    const steps = mapWorkflowToRunStatus(entry!.workflow!).steps.map((step) => [step.step, step.phase]);
    expect(steps).toEqual(expect.arrayContaining([['checkout', 'Succeeded'], ['train', 'Succeeded'], ['export', 'Succeeded'], ['publish', 'Succeeded']]));
  }, 60_000);

  it('records a failed training with the failed step and the tail of its log', async () => {
    const watcher = newWatcher();
    await watcher.start();
    const run = await insertRun(database.prisma, { project: standInProjects.failing, params: { epochs: 3, imgsz: 320 } });
    await watcher.reconcile();

    const done = await waitForState(run.id, ['succeeded', 'failed', 'error']);
    expect(done).toMatchObject({ state: 'failed', message: 'The train step failed (exit code 1): Error (exit code 1)' });
    await eventually(async () => (finished.length > 0 ? true : undefined), 'onRunFinished');
    const result = finished[0]?.result;
    expect(result).toMatchObject({ kind: 'unsuccessful', state: 'failed', failure: { step: 'train', exitCode: 1 }, logUnavailable: null });
    if (result?.kind === 'unsuccessful') {
      expect(result.logTail).toContain('RuntimeError: DataLoader worker (pid(s) 4242) exited unexpectedly');
      expect(result.logTail?.trimEnd().split('\n').length).toBeLessThanOrEqual(50);
    }
    expect(done.metrics).toBeNull();
  }, 60_000);

  it('loses nothing when the watch is cut after every event and its resume point expires (410)', async () => {
    standIns.kube.api.setFaults({ watchEventLimit: 1, historyWindow: 1 });
    // A resync far in the future: only the watch's own resume and relist can catch up.
    const watcher = newWatcher(600_000);
    await watcher.start();
    const run = await insertRun(database.prisma, { project: standInProjects.slow, params: { epochs: 4, imgsz: 320 } });
    await createRunSubmitter({
      prisma: database.prisma,
      argo: standIns.argo,
      projects: standIns.projects,
      stateStore,
      workflowOptions: standIns.workflowOptions,
      logger,
    }).submitRun(run.id);
    await waitForState(run.id, ['running']);

    // Hold the watch off (refused reconnects) while the cluster writes on past the one-write
    // history, then let it back: its resume point is gone for sure, so it must list again.
    const requestsBefore = standIns.kube.api.requests().length;
    standIns.kube.api.setFaults({ bursts: [{ status: 503, count: 100_000, verb: 'watch', resource: 'workflows' }] });
    await eventually(
      async () => (standIns.kube.api.requests().slice(requestsBefore).some((entry) => entry.verb === 'watch' && entry.status === 503) ? true : undefined),
      'a refused watch reconnect',
    );
    for (const name of ['history-mover-1', 'history-mover-2']) {
      await standIns.core.createNamespacedConfigMap({ namespace: standIns.namespace, body: { metadata: { name: `${name}-${run.id.slice(0, 8)}` }, data: {} } });
    }
    standIns.kube.api.setFaults({ bursts: [] });

    const done = await waitForState(run.id, ['succeeded', 'failed', 'error'], 45_000);
    expect(done).toMatchObject({ state: 'succeeded', progress: 'epoch 4/4' });
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→queued', 'queued→submitted', 'submitted→running', 'running→succeeded']);
    await eventually(async () => (finished.length > 0 ? true : undefined), 'onRunFinished');
    expect(finished).toHaveLength(1);
    const resumes = logger.lines.filter((line) => line.message === 'workflow watch resumes').map((line) => line.fields['reason']);
    expect(resumes).toContain('closed');
    expect(resumes).toContain('failed');
    expect(resumes).toContain('expired');
  }, 60_000);

  it('finishes a run exactly once across a watcher restarted mid-run and two replicas', async () => {
    const first = newWatcher();
    await first.start();
    const run = await insertRun(database.prisma, { project: standInProjects.slow, params: { epochs: 6, imgsz: 320 } });
    await first.reconcile();
    await eventually(async () => {
      const current = await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
      return current.state === 'running' && current.progress?.startsWith('epoch') ? true : undefined;
    }, 'the training to be under way');
    await first.stop();

    // Two replicas come up while the training goes on.
    const [second, third] = [newWatcher(500), newWatcher(500)];
    await Promise.all([second.start(), third.start()]);
    await waitForState(run.id, ['succeeded', 'failed', 'error'], 45_000);
    // Give the slower replica time to see the end too: it must not finish the run again.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(finished.map((entry) => entry.run.id)).toEqual([run.id]);
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→queued', 'queued→submitted', 'submitted→running', 'running→succeeded']);
  }, 60_000);

  it('refuses a namespace other than the client\'s and a resync interval below 100 ms, naming them', () => {
    const argo = standIns.newArgoClient();
    const submitter = createRunSubmitter({ prisma: database.prisma, argo, projects: standIns.projects, stateStore, workflowOptions: standIns.workflowOptions, logger });
    const base = { argo, prisma: database.prisma, stateStore, submitter, namespace: standIns.namespace, resyncIntervalMs: 1_000, onRunFinished: () => undefined, logger };
    expect(() => createWorkflowWatcher({ ...base, namespace: 'argo' })).toThrow(
      'The watcher\'s namespace "argo" differs from the Argo client\'s namespace "trainops"; give both the same namespace.',
    );
    expect(() => createWorkflowWatcher({ ...base, resyncIntervalMs: 10 })).toThrow('resyncIntervalMs must be at least 100 milliseconds, got 10');
  });

  it('moves a run whose workflow is gone to error at start-up', async () => {
    const run = await insertRun(database.prisma, { project: standInProjects.quick, state: 'running', workflowName: 'widgets-deleted-long-ago' });
    const report = await newWatcher().start();
    expect(report).toMatchObject({ disappeared: 1 });
    expect(await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ state: 'error', message: disappearedMessage });
    expect(finished.map((entry) => [entry.run.id, entry.workflow, entry.result.kind])).toEqual([[run.id, null, 'unsuccessful']]);
  }, 30_000);
});
