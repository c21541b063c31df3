import { ConflictError, InputError, NotFoundError, UpstreamError, isUserFacingError } from '@trainops/contracts';
import type { ParameterValue } from '@trainops/contracts';
import type { PrismaClient, RunRecord } from '@trainops/db';
import type { ProjectRegistry } from '@trainops/projects';
import { buildTrainWorkflow, toLabelValue, trainopsAnnotations, trainopsLabels } from '@trainops/workflows';
import type { ArgoClient, BuildTrainWorkflowOptions, Workflow } from '@trainops/workflows';
import type { PipelineLogger } from './pipeline-logger.ts';
import type { RunStateStore } from './run-state-store.ts';
import { buildRunWorkflowName } from './run-workflow-name.ts';

// Turns a queued run into a Workflow on the cluster, at most once. Three guards, from cheap to
// certain: one submission per run at a time in this process; a look for a workflow already
// carrying the run's label (an earlier attempt that crashed before its database write); and a
// workflow name derived from the run id, so the API server itself refuses a second one.

/** What the api's config says about where and how training workflows run. */
export type PipelineWorkflowOptions = Pick<
  BuildTrainWorkflowOptions,
  'namespace' | 'serviceAccountName' | 'artifactRepository' | 'datasetS3' | 'gpuSemaphore' | 'runLimitsConfigMap' | 'workspace' | 'images'
>;

export interface RunSubmitterOptions {
  prisma: PrismaClient;
  argo: ArgoClient;
  projects: ProjectRegistry;
  stateStore: RunStateStore;
  workflowOptions: PipelineWorkflowOptions;
  logger: PipelineLogger;
  /** Told when a submission fails and so finishes the run in `error` (the watcher's callback). */
  onRunFinished?: (run: RunRecord, workflow: null) => void | Promise<void>;
}

export type SubmitRunOutcome =
  /** A new workflow was created. */
  | 'submitted'
  /** A workflow for this run already existed; the run now points at it. */
  | 'adopted'
  /** The run is not queued (already submitted, finished, or not a training run): nothing done. */
  | 'skipped'
  /** The cluster refused or the workflow could not be built: the run is now in `error`. */
  | 'failed';

export interface SubmitRunResult {
  outcome: SubmitRunOutcome;
  workflowName: string | null;
  /** The user-facing reason, for `failed` and `skipped`. */
  message: string | null;
  run: RunRecord | null;
}

export interface RunSubmitter {
  /**
   * Submits the queued run's workflow. Throws NotFoundError for an unknown run; throws the
   * client's UpstreamError when the cluster cannot even be asked whether the run has a workflow
   * (the run stays queued for the next reconcile). Every other failure moves the run to `error`.
   */
  submitRun(runId: string): Promise<SubmitRunResult>;
}

export function createRunSubmitter(options: RunSubmitterOptions): RunSubmitter {
  const { prisma, argo, projects, stateStore, workflowOptions, logger } = options;
  const inFlight = new Map<string, Promise<SubmitRunResult>>();

  if (workflowOptions.namespace !== argo.namespace) {
    throw new InputError(
      `The workflow namespace "${workflowOptions.namespace}" differs from the Argo client's namespace "${argo.namespace}"; give both the same namespace.`,
    );
  }

  async function findRunWorkflow(runId: string): Promise<Workflow | undefined> {
    const { items } = await argo.listByLabels({ [trainopsLabels.runId]: toLabelValue(runId) });
    return items.find((workflow) => belongsTo(workflow, runId));
  }

  async function record(run: RunRecord, workflow: Workflow, outcome: 'submitted' | 'adopted'): Promise<SubmitRunResult> {
    const name = workflow.metadata.name ?? '';
    const applied = await stateStore.applyStatus(run.id, {
      state: 'submitted',
      message: outcome === 'submitted' ? 'Submitted to the cluster' : 'Found its workflow on the cluster',
      workflow: { namespace: argo.namespace, name },
      details: { workflow: name, namespace: argo.namespace, outcome },
    });
    if (applied.run?.state === 'cancelled') {
      // Cancelled while we were creating its workflow: nobody watches that workflow for this
      // run any more, so it must not train on. Stop it the way a Cancel click would.
      await argo.stop(name).catch((error: unknown) => logger.error({ runId: run.id, workflow: name, err: error }, 'could not stop the workflow of a cancelled run'));
      return { outcome: 'skipped', workflowName: name, message: 'The run was cancelled while it was being submitted; its workflow was stopped.', run: applied.run };
    }
    return { outcome, workflowName: name, message: null, run: applied.run };
  }

  async function fail(run: RunRecord, message: string, error: unknown): Promise<SubmitRunResult> {
    logger.warn({ runId: run.id, err: error }, message);
    const code = isUserFacingError(error) ? error.code : 'INTERNAL';
    const applied = await stateStore.applyStatus(run.id, { state: 'error', message, details: { step: 'submit', code } });
    if (applied.changed && applied.run !== null && options.onRunFinished !== undefined) {
      try {
        await options.onRunFinished(applied.run, null);
      } catch (callbackError) {
        logger.error({ runId: run.id, err: callbackError }, 'onRunFinished failed');
      }
    }
    return { outcome: 'failed', workflowName: null, message, run: applied.run };
  }

  async function submitQueuedRun(run: RunRecord): Promise<SubmitRunResult> {
    const existing = await findRunWorkflow(run.id);
    if (existing !== undefined) return record(run, existing, 'adopted');

    let workflow: Workflow;
    try {
      const project = projects.get(run.project);
      workflow = buildTrainWorkflow({
        ...workflowOptions,
        project,
        params: run.params as Record<string, ParameterValue>,
        run: { id: run.id, requester: run.requester, trigger: run.trigger },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail(run, `The workflow for this run could not be built: ${reason}`, error);
    }
    const name = buildRunWorkflowName(run.project, run.id);
    const { generateName: _generated, ...metadata } = workflow.metadata;
    const named: Workflow = { ...workflow, metadata: { ...metadata, name } };

    try {
      return await record(run, await argo.submit(named), 'submitted');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof ConflictError) {
        // Our own name taken by our own run: an earlier attempt (or another replica) got there.
        const holder = await argo.get(name).catch(() => undefined);
        if (holder !== undefined && belongsTo(holder, run.id)) return record(run, holder, 'adopted');
        // The name comes from the run id, so a new run gets a new one: say so, or the person is stuck.
        return fail(run, `Kubernetes refused to create the workflow: ${reason}. Something else already holds this run's workflow name; Retry starts a new run under a new name.`, error);
      }
      if (isUserFacingError(error) && error.code === 'NOT_ALLOWED') {
        return fail(run, `Kubernetes refused to create the workflow: ${reason}`, error);
      }
      // The create may have been stored even though no answer came back: look before failing,
      // so the run never ends in error while its workflow trains unwatched.
      const stored = await findRunWorkflow(run.id).catch(() => undefined);
      if (stored !== undefined) return record(run, stored, 'adopted');
      const advice = isTransientClusterFailure(error) ? '. The cluster failed, not the run: try again with Retry.' : '';
      return fail(run, `Kubernetes could not create the workflow: ${reason}${advice}`, error);
    }
  }

  async function submitRun(runId: string): Promise<SubmitRunResult> {
    const running = inFlight.get(runId);
    if (running !== undefined) return running;
    const attempt = (async () => {
      const run = await prisma.run.findUnique({ where: { id: runId } });
      if (run === null) throw new NotFoundError(`There is no run with id ${runId}.`, { details: { id: runId } });
      if (run.state !== 'queued') {
        return { outcome: 'skipped', workflowName: run.workflowName, message: `The run is ${run.state}, not queued.`, run } satisfies SubmitRunResult;
      }
      if (run.kind !== 'train') {
        return { outcome: 'skipped', workflowName: null, message: `Only training runs are submitted here; this run is a ${run.kind} run.`, run } satisfies SubmitRunResult;
      }
      return submitQueuedRun(run);
    })();
    inFlight.set(runId, attempt);
    try {
      return await attempt;
    } finally {
      inFlight.delete(runId);
    }
  }

  return { submitRun };
}

/**
 * The cluster failed or could not be reached (5xx, 429, no answer) rather than refused the
 * request, and the client's own retries ran out: the same submit may well pass a little later.
 */
function isTransientClusterFailure(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  const status = (error.details as { status?: unknown } | undefined)?.status;
  return status === undefined || status === 429 || (typeof status === 'number' && status >= 500);
}

/** The exact run id sits in an annotation; the label is only a shortened, selectable copy. */
export function belongsTo(workflow: Workflow, runId: string): boolean {
  return workflow.metadata.annotations?.[trainopsAnnotations.runId] === runId;
}
