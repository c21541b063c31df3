import { InputError, NotFoundError, isActiveRunState } from '@trainops/contracts';
import type { RunState } from '@trainops/contracts';
import type { PrismaClient, RunRecord } from '@trainops/db';
import { trainopsAnnotations, trainopsLabels } from '@trainops/workflows';
import type { ArgoClient, Workflow, WorkflowWatchEvent } from '@trainops/workflows';
import { createCoalescingQueue } from './coalescing-queue.ts';
import { mapWorkflowToRunStatus, type WorkflowRunStatus } from './map-workflow-to-run-status.ts';
import type { PipelineLogger } from './pipeline-logger.ts';
import type { RunStateStore, RunStatusUpdate } from './run-state-store.ts';
import type { RunSubmitter } from './run-submitter.ts';

// Follows every run's Workflow and writes what it sees into the run (DESIGN.md: "Watches resume
// from the last resourceVersion; a 410 Gone means list again. A periodic resync catches anything
// missed."). One watch for the namespace, selecting workflows by the run-id label; the client
// resumes it by itself. Every source — watch event, resync, start-up reconcile — goes through
// one coalescing queue keyed by workflow (a workflow's updates in order, different workflows in
// parallel, a burst of statuses for one workflow collapsed into the newest) and then through the
// same conditional state store, so replays and two api replicas change nothing twice, and
// `onRunFinished` runs once per run: in whichever process made the write that finished it.

export type OnRunFinished = (run: RunRecord, workflow: Workflow | null) => void | Promise<void>;

export interface WorkflowWatcherOptions {
  argo: ArgoClient;
  prisma: PrismaClient;
  stateStore: RunStateStore;
  /** Submits queued runs found without a workflow (a crash before, or a failed submit). */
  submitter: RunSubmitter;
  /** Must be the Argo client's namespace; named here so a wrong wiring fails at start-up. */
  namespace: string;
  /** How often everything is listed again in case the watch missed something. */
  resyncIntervalMs: number;
  /** How many workflows are applied at once; keep it under the database pool's size. Default 8. */
  concurrency?: number;
  /** Called once per run, when it first reaches a final state; `workflow` is null when it vanished. */
  onRunFinished: OnRunFinished;
  /** Told of every stored change of a run (state, progress, message) with the workflow's status: the run card follows it. */
  onStatusApplied?: (run: RunRecord, status: WorkflowRunStatus) => void;
  logger: PipelineLogger;
}

export interface ReconcileReport {
  /** Unfinished runs looked at. */
  runs: number;
  submitted: number;
  /** Runs whose workflow is gone, now in `error`. */
  disappeared: number;
  /** The list's resourceVersion, where a watch can start without missing anything. */
  resourceVersion: string;
}

export interface WorkflowWatcherStats {
  /** Workflow statuses taken in (watch events and resync items), applied or superseded. */
  handled: number;
  /** Statuses written through the state store (the rest were superseded by a newer one first). */
  applied: number;
  /** Statuses skipped because a newer one for the same workflow arrived before their turn. */
  superseded: number;
  transitions: number;
  finished: number;
  reconciles: number;
  failures: number;
}

export interface WorkflowWatcher {
  /** Reconciles every unfinished run, then watches and resyncs until `stop`. */
  start(): Promise<ReconcileReport | null>;
  /** Ends the watch and the resync and waits for work in progress (including onRunFinished). */
  stop(): Promise<void>;
  /** One pass over every unfinished run; `start` and the resync timer call it. */
  reconcile(): Promise<ReconcileReport>;
  stats(): WorkflowWatcherStats;
}

const activeStates: RunState[] = ['queued', 'submitted', 'running'];
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const disappearedMessage = 'The workflow disappeared from the cluster before it finished (it was deleted).';

export function createWorkflowWatcher(options: WorkflowWatcherOptions): WorkflowWatcher {
  const { argo, prisma, stateStore, submitter, logger } = options;
  if (options.namespace !== argo.namespace) {
    throw new InputError(`The watcher's namespace "${options.namespace}" differs from the Argo client's namespace "${argo.namespace}"; give both the same namespace.`);
  }
  if (!Number.isFinite(options.resyncIntervalMs) || options.resyncIntervalMs < 100) {
    throw new InputError(`resyncIntervalMs must be at least 100 milliseconds, got ${String(options.resyncIntervalMs)}`);
  }

  const stats = { transitions: 0, finished: 0, reconciles: 0, failures: 0 };
  const pending = new Set<Promise<unknown>>();
  // The newest resourceVersion applied per workflow: an older snapshot (a resync list that raced
  // a watch event) must not move progress backwards.
  const appliedVersions = new Map<string, bigint>();
  let controller: AbortController | undefined;
  let watchDone: Promise<void> | undefined;
  let resyncTimer: NodeJS.Timeout | undefined;
  let reconciling: Promise<ReconcileReport> | undefined;

  function track<T>(work: Promise<T>): Promise<T> {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => undefined);
    return work;
  }

  async function finish(run: RunRecord, workflow: Workflow | null): Promise<void> {
    stats.finished += 1;
    try {
      await options.onRunFinished(run, workflow);
    } catch (error) {
      logger.error({ runId: run.id, err: error }, 'onRunFinished failed');
    }
  }

  function isOlderThanApplied(workflow: Workflow): boolean {
    const name = workflow.metadata.name;
    const version = parseVersion(workflow.metadata.resourceVersion);
    if (name === undefined || version === null) return false;
    const applied = appliedVersions.get(name);
    if (applied !== undefined && version < applied) return true;
    appliedVersions.set(name, version);
    return false;
  }

  const queue = createCoalescingQueue<ObservedWorkflow>({
    concurrency: options.concurrency ?? 8,
    handle: async ({ workflow, deleted }) => {
      try {
        await applyWorkflow(workflow, deleted);
      } catch (error) {
        // Never end the watch over one status: the resync applies this workflow again.
        stats.failures += 1;
        logger.warn({ workflow: workflow.metadata.name, err: error }, 'could not apply a workflow status; the next resync tries again');
      }
    },
    pick: newerObservation,
  });

  /** Queues a workflow's status; resolves once it (or a newer status of that workflow) is applied. */
  function observe(workflow: Workflow, deleted: boolean): Promise<void> {
    return queue.push(workflow.metadata.name ?? '', { workflow, deleted });
  }

  async function applyWorkflow(workflow: Workflow, deleted: boolean): Promise<void> {
    const name = workflow.metadata.name;
    const runId = workflow.metadata.annotations?.[trainopsAnnotations.runId] ?? workflow.metadata.labels?.[trainopsLabels.runId];
    if (name === undefined || runId === undefined || !uuidPattern.test(runId)) return;
    if (!deleted && isOlderThanApplied(workflow)) return;
    const run = await prisma.run.findUnique({ where: { id: runId } });
    if (run === null) {
      logger.debug({ runId, workflow: name }, 'a workflow for a run this database does not know');
      return;
    }
    // Two workflows for one run cannot come from the submitter; if one exists, the recorded one counts.
    if (run.workflowName !== null && run.workflowName !== name) return;

    const status = mapWorkflowToRunStatus(workflow);
    if (deleted && isActiveRunState(status.state)) {
      await markDisappeared(run);
      return;
    }
    const update: RunStatusUpdate = {
      state: status.state,
      progress: status.progress,
      message: status.message,
      startedAt: status.startedAt,
      finishedAt: status.finishedAt,
      workflow: { namespace: argo.namespace, name },
      details: {
        workflow: name,
        phase: status.phase,
        ...(status.failure === null ? {} : { failure: { ...status.failure } }),
      },
    };
    const result = await stateStore.applyStatus(run.id, update, run);
    if (result.changed) stats.transitions += 1;
    if (result.run !== null && (result.outcome === 'transitioned' || result.outcome === 'updated')) {
      options.onStatusApplied?.(result.run, status);
    }
    if (result.changed && result.run !== null && !isActiveRunState(result.to)) {
      appliedVersions.delete(name);
      // Off the queue: collecting results and posting them takes seconds, other runs move meanwhile.
      void track(finish(result.run, workflow));
    }
  }

  async function markDisappeared(run: RunRecord): Promise<void> {
    const result = await stateStore.applyStatus(run.id, { state: 'error', message: disappearedMessage, details: { workflow: run.workflowName } });
    if (result.changed) stats.transitions += 1;
    if (result.changed && result.run !== null) void track(finish(result.run, null));
  }

  async function reconcileOnce(): Promise<ReconcileReport> {
    stats.reconciles += 1;
    // Runs first, then the list: a run recorded with its workflow before this read has that
    // workflow in the list that follows, so a missing one really is gone.
    const runs = await prisma.run.findMany({ where: { state: { in: activeStates } }, orderBy: { createdAt: 'asc' } });
    const listed = await argo.listByLabels(trainopsLabels.runId);
    const report: ReconcileReport = { runs: runs.length, submitted: 0, disappeared: 0, resourceVersion: listed.resourceVersion };
    const byName = new Map(listed.items.map((workflow) => [workflow.metadata.name, workflow]));
    const byRunId = new Map(listed.items.map((workflow) => [workflow.metadata.annotations?.[trainopsAnnotations.runId], workflow]));

    const applying: Array<Promise<void>> = [];
    for (const run of runs) {
      try {
        const workflow = run.workflowName === null ? byRunId.get(run.id) : byName.get(run.workflowName);
        if (workflow !== undefined) {
          applying.push(observe(workflow, false));
        } else if (run.workflowName === null) {
          if (run.state === 'queued') {
            const submitted = await submitter.submitRun(run.id);
            if (submitted.outcome === 'submitted' || submitted.outcome === 'adopted') report.submitted += 1;
          }
        } else if (await isGone(run.workflowName)) {
          await markDisappeared(run);
          report.disappeared += 1;
        }
      } catch (error) {
        stats.failures += 1;
        logger.warn({ runId: run.id, err: error }, 'could not reconcile the run; the next resync tries again');
      }
    }
    await Promise.all(applying);
    return report;
  }

  async function isGone(name: string): Promise<boolean> {
    try {
      await argo.get(name);
      return false;
    } catch (error) {
      if (error instanceof NotFoundError) return true;
      throw error;
    }
  }

  function reconcile(): Promise<ReconcileReport> {
    // One pass at a time: a slow cluster must not pile passes on top of each other.
    reconciling ??= track(reconcileOnce()).finally(() => {
      reconciling = undefined;
    });
    return reconciling;
  }

  function onEvent(event: WorkflowWatchEvent): void {
    // Not awaited: the watch reads on while the queue applies, so a burst never backs up the stream.
    void observe(event.workflow, event.type === 'DELETED');
  }

  function startWatch(signal: AbortSignal, resourceVersion: string | undefined): Promise<void> {
    return argo
      .watch({
        labelSelector: trainopsLabels.runId,
        ...(resourceVersion === undefined || resourceVersion === '' ? {} : { resourceVersion }),
        onEvent,
        onResume: (resume) => logger.debug({ ...resume }, 'workflow watch resumes'),
        signal,
      })
      .catch(async (error: unknown) => {
        if (signal.aborted) return;
        // Refused rights do not mend by retrying at once; the resync keeps runs current meanwhile.
        logger.error({ err: error }, 'the workflow watch ended; it starts again after one resync interval');
        await abortableDelay(options.resyncIntervalMs, signal);
        if (!signal.aborted) await startWatch(signal, undefined);
      });
  }

  async function start(): Promise<ReconcileReport | null> {
    if (controller !== undefined) throw new InputError('The workflow watcher is already started.');
    controller = new AbortController();
    let report: ReconcileReport | null = null;
    try {
      report = await reconcile();
    } catch (error) {
      logger.error({ err: error }, 'the start-up reconcile failed; the watch lists everything itself');
    }
    const signal = controller.signal;
    if (signal.aborted) return report;
    watchDone = startWatch(signal, report?.resourceVersion);
    resyncTimer = setInterval(() => {
      reconcile().catch((error: unknown) => logger.warn({ err: error }, 'resync failed; trying again at the next interval'));
    }, options.resyncIntervalMs);
    resyncTimer.unref();
    return report;
  }

  async function stop(): Promise<void> {
    if (resyncTimer !== undefined) clearInterval(resyncTimer);
    resyncTimer = undefined;
    controller?.abort();
    await watchDone;
    await queue.idle();
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  function currentStats(): WorkflowWatcherStats {
    const { pushed, handled, superseded } = queue.stats();
    return { ...stats, handled: pushed, applied: handled, superseded };
  }

  return { start, stop, reconcile, stats: currentStats };
}

interface ObservedWorkflow {
  workflow: Workflow;
  deleted: boolean;
}

/**
 * Of two statuses of one workflow, the one with the higher resourceVersion (a deletion carries the
 * version of the delete, so it wins over what came before it); the arriving one when unknown.
 */
function newerObservation(waiting: ObservedWorkflow, arriving: ObservedWorkflow): ObservedWorkflow {
  const waitingVersion = parseVersion(waiting.workflow.metadata.resourceVersion);
  const arrivingVersion = parseVersion(arriving.workflow.metadata.resourceVersion);
  if (waitingVersion !== null && arrivingVersion !== null && arrivingVersion < waitingVersion) return waiting;
  return arriving;
}

function parseVersion(text: string | undefined): bigint | null {
  return text !== undefined && /^\d{1,30}$/.test(text) ? BigInt(text) : null;
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
