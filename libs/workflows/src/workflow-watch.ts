import { Watch } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Workflow } from './argo-types.ts';
import { computeBackoffDelay, sleep } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { readKubeFailure, toUserFacingError } from './kube-errors.ts';

// A watch on workflows that does not give up and does not miss anything. It resumes from the last
// resourceVersion it saw (events and bookmarks), so a dropped connection replays exactly what came
// after. When that version has left the server's history (410 Expired), it lists again and hands
// every listed workflow over as a MODIFIED event, plus a DELETED one for each workflow it had seen
// that is gone, then watches from the list's version. Consumers must treat events as idempotent
// (the product's run states are).

export type WorkflowWatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WorkflowWatchEvent {
  type: WorkflowWatchEventType;
  workflow: Workflow;
  /** True for events made up from a fresh list after the watch fell behind the server's history. */
  synthetic: boolean;
}

export interface WorkflowWatchResume {
  reason: 'closed' | 'failed' | 'expired';
  /** Where the next watch starts; undefined when it lists first. */
  resourceVersion: string | undefined;
  delayMs: number;
}

export interface WatchWorkflowsOptions {
  /** Start after this version; without one the watch lists first and reports the list as MODIFIED events. */
  resourceVersion?: string;
  labelSelector?: string;
  /** Called for one event at a time, in order; a throw ends the watch with that error. */
  onEvent(event: WorkflowWatchEvent): void | Promise<void>;
  /** Told before each reconnect (for logs and metrics). */
  onResume?(resume: WorkflowWatchResume): void;
  /** Aborting ends the watch: the promise then resolves. */
  signal: AbortSignal;
}

export interface WorkflowWatchDependencies {
  kubeConfig: KubeConfig;
  namespace: string;
  list(labelSelector: string | undefined): Promise<{ items: Workflow[]; resourceVersion: string }>;
  backoff: BackoffOptions;
}

type WatchOutcome =
  | { kind: 'closed' | 'failed' | 'expired'; resourceVersion: string; events: number; error?: unknown }
  | { kind: 'refused'; resourceVersion: string; events: number; error: unknown }
  | { kind: 'handler-failed'; resourceVersion: string; events: number; error: unknown };

// A connection that lived this long was healthy: the next failure starts the backoff afresh.
const healthyConnectionMs = 10_000;

/** Watches until `signal` aborts; rejects when Kubernetes refuses the watch (401/403) or onEvent throws. */
export async function watchWorkflows(deps: WorkflowWatchDependencies, options: WatchWorkflowsOptions): Promise<void> {
  const { signal } = options;
  const seen = new Map<string, Workflow>();
  const emit = async (event: WorkflowWatchEvent): Promise<void> => {
    const name = event.workflow.metadata.name;
    if (name !== undefined) {
      if (event.type === 'DELETED') seen.delete(name);
      else seen.set(name, event.workflow);
    }
    await options.onEvent(event);
  };

  let resourceVersion = options.resourceVersion;
  let attempt = 0;
  while (!signal.aborted) {
    if (resourceVersion === undefined) {
      let listed: { items: Workflow[]; resourceVersion: string };
      try {
        listed = await deps.list(options.labelSelector);
      } catch (error) {
        if (isRefusal(error)) throw error;
        const delayMs = computeBackoffDelay(attempt++, deps.backoff);
        options.onResume?.({ reason: 'failed', resourceVersion, delayMs });
        await sleep(delayMs, signal);
        continue;
      }
      if (signal.aborted) return;
      const listedNames = new Set(listed.items.map((workflow) => workflow.metadata.name));
      for (const [name, workflow] of [...seen]) {
        if (!listedNames.has(name)) await emit({ type: 'DELETED', workflow, synthetic: true });
      }
      for (const workflow of listed.items) await emit({ type: 'MODIFIED', workflow, synthetic: true });
      resourceVersion = listed.resourceVersion;
    }

    const startedAt = Date.now();
    const outcome = await watchOnce(deps, options, resourceVersion, emit);
    if (signal.aborted) return;
    if (outcome.kind === 'handler-failed') throw outcome.error;
    if (outcome.kind === 'refused') {
      throw toUserFacingError(outcome.error, { verb: 'watch', resource: 'workflows.argoproj.io', namespace: deps.namespace });
    }
    resourceVersion = outcome.resourceVersion;
    if (outcome.events > 0 || Date.now() - startedAt >= healthyConnectionMs) attempt = 0;

    if (outcome.kind === 'expired') {
      resourceVersion = undefined;
      options.onResume?.({ reason: 'expired', resourceVersion, delayMs: 0 });
      continue;
    }
    // A server that ends a healthy watch (its timeout, a rolling restart) gets an immediate
    // resume; one that keeps failing gets a growing, jittered pause.
    const delayMs = outcome.kind === 'closed' && attempt === 0 ? 0 : computeBackoffDelay(attempt++, deps.backoff);
    options.onResume?.({ reason: outcome.kind, resourceVersion, delayMs });
    if (delayMs > 0) await sleep(delayMs, signal);
  }
}

// Refused credentials or rights do not mend by waiting: the watch ends instead of retrying.
function isRefusal(error: unknown): boolean {
  const status = (error as { details?: { status?: unknown } } | null)?.details?.status;
  return status === 401 || status === 403;
}

interface WatchedObject {
  kind?: string;
  code?: number;
  metadata?: { name?: string; resourceVersion?: string };
}

function watchOnce(
  deps: WorkflowWatchDependencies,
  options: WatchWorkflowsOptions,
  resourceVersion: string,
  emit: (event: WorkflowWatchEvent) => Promise<void>,
): Promise<WatchOutcome> {
  return new Promise((resolve) => {
    let lastVersion = resourceVersion;
    let events = 0;
    let expired = false;
    let failedStatus: WatchedObject | undefined;
    let handlerError: unknown;
    let queue: Promise<void> = Promise.resolve();
    let controller: AbortController | undefined;
    const stop = () => controller?.abort();
    options.signal.addEventListener('abort', stop, { once: true });

    const onEvent = (type: string, object: WatchedObject) => {
      if (handlerError !== undefined || expired) return;
      if (type === 'BOOKMARK') {
        if (object.metadata?.resourceVersion) lastVersion = object.metadata.resourceVersion;
        return;
      }
      if (type === 'ERROR') {
        if (object.code === 410) expired = true;
        else failedStatus = object;
        stop();
        return;
      }
      if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
      events += 1;
      if (object.metadata?.resourceVersion) lastVersion = object.metadata.resourceVersion;
      const workflow = object as unknown as Workflow;
      queue = queue.then(async () => {
        if (handlerError !== undefined || options.signal.aborted) return;
        try {
          await emit({ type, workflow, synthetic: false });
        } catch (error) {
          handlerError = error;
          stop();
        }
      });
    };

    const onDone = (error: unknown) => {
      void queue.then(() => {
        options.signal.removeEventListener('abort', stop);
        if (handlerError !== undefined) {
          resolve({ kind: 'handler-failed', resourceVersion: lastVersion, events, error: handlerError });
          return;
        }
        const status = readKubeFailure(error).status;
        if (expired || status === 410) resolve({ kind: 'expired', resourceVersion: lastVersion, events });
        else if (status === 401 || status === 403) resolve({ kind: 'refused', resourceVersion: lastVersion, events, error });
        else if (failedStatus !== undefined || (error !== null && error !== undefined)) {
          resolve({ kind: 'failed', resourceVersion: lastVersion, events, error: error ?? failedStatus });
        } else resolve({ kind: 'closed', resourceVersion: lastVersion, events });
      });
    };

    const query: Record<string, string | boolean> = { resourceVersion, allowWatchBookmarks: true };
    if (options.labelSelector !== undefined) query['labelSelector'] = options.labelSelector;
    new Watch(deps.kubeConfig)
      .watch(`/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(deps.namespace)}/workflows`, query, onEvent, onDone)
      .then(
        (started) => {
          controller = started;
          if (options.signal.aborted || handlerError !== undefined || expired || failedStatus !== undefined) started.abort();
        },
        (error: unknown) => onDone(error),
      );
  });
}
