import { renderTrainingChart, summarizeRun } from '@trainops/artifacts';
import type { ArtifactStore, RunSummary } from '@trainops/artifacts';
import type { RunState } from '@trainops/contracts';
import type { Prisma, PrismaClient, RunRecord } from '@trainops/db';
import type { ArgoClient, Workflow } from '@trainops/workflows';
import { mapWorkflowToRunStatus } from './map-workflow-to-run-status.ts';
import type { RunStepFailure } from './map-workflow-to-run-status.ts';
import type { PipelineLogger } from './pipeline-logger.ts';

// What a finished run left behind, gathered once for the notifier: for a success the metrics
// (stored on the run) and the training chart; for a failure the failed step and the last lines
// of its log. Missing or broken outputs never turn a finished run into an error here: the run's
// state is already decided, this only describes it.

export const logTailLines = 50;

export interface RunResultCollectorOptions {
  artifacts: ArtifactStore;
  argo: ArgoClient;
  prisma: PrismaClient;
  logger: PipelineLogger;
}

export interface SucceededRunResult {
  kind: 'succeeded';
  runId: string;
  /** Null when results.csv is missing or unreadable; `metricsUnavailable` says why. */
  summary: RunSummary | null;
  metricsUnavailable: string | null;
  /** The training chart as PNG bytes and where it was stored; null without results. */
  chart: { png: Uint8Array; key: string | null } | null;
}

export interface UnsuccessfulRunResult {
  kind: 'unsuccessful';
  runId: string;
  state: RunState;
  message: string | null;
  failure: RunStepFailure | null;
  /** The last lines of the failed step's log; null when it could not be read (`logUnavailable`). */
  logTail: string | null;
  logUnavailable: string | null;
}

export type RunResult = SucceededRunResult | UnsuccessfulRunResult;

export interface RunResultCollector {
  /** Describes a finished run; the workflow is null when it vanished before the run finished. */
  collect(run: RunRecord, workflow: Workflow | null): Promise<RunResult>;
}

export function createRunResultCollector(options: RunResultCollectorOptions): RunResultCollector {
  const { artifacts, argo, prisma, logger } = options;

  async function collectSuccess(run: RunRecord): Promise<SucceededRunResult> {
    const outcome = await artifacts.readResults(run.project, run.id);
    if ('unavailable' in outcome) {
      const metrics: Prisma.InputJsonObject = { unavailable: outcome.unavailable };
      await prisma.run.update({ where: { id: run.id }, data: { metrics } });
      logger.warn({ runId: run.id, reason: outcome.unavailable }, 'the run succeeded but its metrics are unavailable');
      return { kind: 'succeeded', runId: run.id, summary: null, metricsUnavailable: outcome.unavailable, chart: null };
    }
    const summary = summarizeRun(outcome.table, outcome.args);
    await prisma.run.update({ where: { id: run.id }, data: { metrics: summary as unknown as Prisma.InputJsonObject } });
    const png = renderTrainingChart(outcome.table, { title: `${run.project} ${run.id.slice(0, 8)}` });
    // The chart is for the thread; a storage hiccup loses the stored copy, never the run's result.
    const key = await artifacts
      .uploadChart({ project: run.project, runId: run.id, png })
      .then((uploaded) => uploaded.key)
      .catch((error: unknown) => {
        logger.warn({ runId: run.id, err: error }, 'could not store the training chart');
        return null;
      });
    return { kind: 'succeeded', runId: run.id, summary, metricsUnavailable: null, chart: { png, key } };
  }

  async function collectFailure(run: RunRecord, workflow: Workflow | null): Promise<UnsuccessfulRunResult> {
    const failure = workflow === null ? null : mapWorkflowToRunStatus(workflow).failure;
    const base = { kind: 'unsuccessful' as const, runId: run.id, state: run.state, message: run.message, failure };
    if (failure === null || workflow?.metadata.name === undefined) {
      return { ...base, logTail: null, logUnavailable: workflow === null ? 'the workflow is gone' : 'no step failed (the workflow itself ended)' };
    }
    try {
      const logTail = await argo.logs({ workflowName: workflow.metadata.name, nodeId: failure.nodeId, tailLines: logTailLines });
      return { ...base, logTail, logUnavailable: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ runId: run.id, err: error }, 'could not read the failed step log');
      return { ...base, logTail: null, logUnavailable: reason };
    }
  }

  async function collect(run: RunRecord, workflow: Workflow | null): Promise<RunResult> {
    return run.state === 'succeeded' ? collectSuccess(run) : collectFailure(run, workflow);
  }

  return { collect };
}
