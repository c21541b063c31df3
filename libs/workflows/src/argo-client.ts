import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { V1Pod } from '@kubernetes/client-node';
import { InputError, NotFoundError } from '@trainops/contracts';
import type { NodeStatus, Workflow } from './argo-types.ts';
import { computeBackoffDelay, sleep } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { isRetryableFailure, readKubeFailure, toUserFacingError } from './kube-errors.ts';
import type { KubeAction, KubeFailure } from './kube-errors.ts';
import { trainopsAnnotations, trainopsLabels } from './run-metadata.ts';
import { getWorkflowNodes } from './workflow-nodes.ts';
import { watchWorkflows } from './workflow-watch.ts';
import type { WatchWorkflowsOptions } from './workflow-watch.ts';

// Argo Workflows through the Kubernetes API (DESIGN.md: "The Kubernetes API is the contract with
// Argo"): workflows are created, read, watched and stopped as argoproj.io/v1alpha1 objects, so
// the api needs no Argo Server. Every failure comes out as one of the product's errors.

export interface CreateArgoClientOptions {
  /** A loaded KubeConfig, or the path of a kubeconfig file. */
  kubeconfig: KubeConfig | string;
  /** The namespace the workflows live in. */
  namespace: string;
  /** Reads an archived log (Argo's `main-logs` artifact) by its key, for pods already deleted. */
  readArchivedLog?: (key: string) => Promise<string>;
  /** Retries of calls that are safe to repeat. Default 4 attempts, 200 ms doubling to 5 s. */
  retry?: Partial<BackoffOptions> & { attempts?: number };
  /** Pauses between watch reconnects. Default 500 ms doubling to 30 s. */
  watchBackoff?: Partial<BackoffOptions>;
  /** Workflows per list page. Default 250. */
  listPageSize?: number;
}

export interface WorkflowList {
  items: Workflow[];
  /** The list's resourceVersion: a watch from here misses nothing. */
  resourceVersion: string;
}

export interface WorkflowLogsOptions {
  workflowName: string;
  /** The node id from the workflow's status (`getNodes`). */
  nodeId: string;
  container?: string;
  tailLines?: number;
}

export interface ArgoClient {
  readonly namespace: string;
  /** Creates the workflow; returns it as stored (with its generated name). */
  submit(workflow: Workflow): Promise<Workflow>;
  get(name: string): Promise<Workflow>;
  /** Every workflow matching `selector` (`key=value,…` or a map), page by page at one resourceVersion. */
  listByLabels(selector: string | Readonly<Record<string, string>>): Promise<WorkflowList>;
  watch(options: WatchWorkflowsOptions): Promise<void>;
  /** Lets running steps finish, runs no new ones (`spec.shutdown: Stop`). */
  stop(name: string): Promise<Workflow>;
  /** Kills running steps at once (`spec.shutdown: Terminate`). */
  terminate(name: string): Promise<Workflow>;
  /** The log of one step: from its pod, or from the archived log once the pod is gone. */
  logs(options: WorkflowLogsOptions): Promise<string>;
  getNodes(workflow: Workflow): NodeStatus[];
}

const group = 'argoproj.io';
const version = 'v1alpha1';
const plural = 'workflows';
const resource = 'workflows.argoproj.io';
const workflowLabel = 'workflows.argoproj.io/workflow';
const nodeIdAnnotation = 'workflows.argoproj.io/node-id';

export function createArgoClient(options: CreateArgoClientOptions): ArgoClient {
  const kubeConfig = loadKubeConfig(options.kubeconfig);
  const namespace = options.namespace;
  if (typeof namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    throw new InputError(`namespace must be a Kubernetes namespace name, got ${JSON.stringify(namespace)}`);
  }
  const customObjects = kubeConfig.makeApiClient(CustomObjectsApi);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const attempts = options.retry?.attempts ?? 4;
  const retryBackoff: BackoffOptions = { initialDelayMs: options.retry?.initialDelayMs ?? 200, maxDelayMs: options.retry?.maxDelayMs ?? 5_000 };
  const watchBackoff: BackoffOptions = { initialDelayMs: options.watchBackoff?.initialDelayMs ?? 500, maxDelayMs: options.watchBackoff?.maxDelayMs ?? 30_000 };
  const pageSize = options.listPageSize ?? 250;

  /** Runs a call that is safe to repeat, retrying what may pass on a second try. */
  async function withRetries<T>(action: KubeAction, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const failure = readKubeFailure(error);
        if (!isRetryableFailure(failure) || attempt + 1 >= attempts) throw toUserFacingError(error, action);
        await sleep(retryDelay(failure, attempt));
      }
    }
  }

  function retryDelay(failure: KubeFailure, attempt: number): number {
    const backoff = computeBackoffDelay(attempt, retryBackoff);
    // Honour the server's Retry-After, within the cap.
    return failure.retryAfterSeconds === undefined ? backoff : Math.min(Math.max(backoff, failure.retryAfterSeconds * 1000), retryBackoff.maxDelayMs);
  }

  async function listByLabels(selector: string | Readonly<Record<string, string>>): Promise<WorkflowList> {
    const labelSelector = typeof selector === 'string' ? selector : formatLabelSelector(selector);
    const action: KubeAction = { verb: 'list', resource, namespace };
    // A continue token can expire (410) between pages; the whole list then starts again, so the
    // result is always one consistent snapshot.
    for (let restart = 0; ; restart += 1) {
      const items: Workflow[] = [];
      let listVersion: string | undefined;
      let token: string | undefined;
      try {
        do {
          const page = (await withRetries(action, () =>
            customObjects.listNamespacedCustomObject({
              group,
              version,
              namespace,
              plural,
              ...(labelSelector === '' ? {} : { labelSelector }),
              limit: pageSize,
              ...(token === undefined ? {} : { _continue: token }),
            }),
          )) as { items?: Workflow[]; metadata?: { resourceVersion?: string; continue?: string } };
          listVersion ??= page.metadata?.resourceVersion;
          items.push(...(page.items ?? []));
          token = page.metadata?.continue || undefined;
        } while (token !== undefined);
        return { items, resourceVersion: listVersion ?? '' };
      } catch (error) {
        const expired = readKubeFailure((error as { cause?: unknown }).cause).status === 410;
        if (!expired || restart >= 2) throw error;
      }
    }
  }

  async function findByRunId(runId: string): Promise<Workflow | undefined> {
    const { items } = await listByLabels({ [trainopsLabels.runId]: runId });
    return items.find((workflow) => workflow.metadata.annotations?.[trainopsAnnotations.runId] === runId);
  }

  async function submit(workflow: Workflow): Promise<Workflow> {
    if (workflow?.apiVersion !== `${group}/${version}` || workflow.kind !== 'Workflow') {
      throw new InputError(`submit takes an ${group}/${version} Workflow, got ${JSON.stringify(workflow?.kind ?? typeof workflow)}`);
    }
    const given = workflow.metadata?.namespace;
    if (given !== undefined && given !== namespace) {
      throw new InputError(`the workflow is for namespace ${given}, but this client submits to ${namespace}`);
    }
    const action: KubeAction = { verb: 'create', resource, namespace };
    const runId = workflow.metadata.labels?.[trainopsLabels.runId];
    let lookFirst = false;
    for (let attempt = 0; ; attempt += 1) {
      // A failed create may still have been stored (the answer was lost, not the request): before
      // trying again, look for the run's workflow, so one run never gets two.
      if (lookFirst && runId !== undefined) {
        const existing = await findByRunId(runId);
        if (existing !== undefined) return existing;
      }
      try {
        return (await customObjects.createNamespacedCustomObject({ group, version, namespace, plural, body: workflow })) as Workflow;
      } catch (error) {
        const failure = readKubeFailure(error);
        // Without a run id nothing tells a stored workflow from a lost one; only answers that say
        // the request was turned away before it was handled are then safe to repeat.
        const safeToRepeat = runId !== undefined || failure.status === 429 || failure.status === 503;
        if (!isRetryableFailure(failure) || !safeToRepeat || attempt + 1 >= attempts) throw toUserFacingError(error, action);
        lookFirst = true;
        await sleep(retryDelay(failure, attempt));
      }
    }
  }

  async function get(name: string): Promise<Workflow> {
    const action: KubeAction = { verb: 'get', resource, namespace, name };
    return (await withRetries(action, () => customObjects.getNamespacedCustomObject({ group, version, namespace, plural, name }))) as Workflow;
  }

  async function shutdown(name: string, mode: 'Stop' | 'Terminate'): Promise<Workflow> {
    const action: KubeAction = { verb: 'patch', resource, namespace, name };
    // A merge patch of one field: repeating it changes nothing, so it may be retried.
    return (await withRetries(action, () =>
      customObjects.patchNamespacedCustomObject(
        { group, version, namespace, plural, name, body: { spec: { shutdown: mode } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    )) as Workflow;
  }

  async function findNodePod(workflowName: string, nodeId: string): Promise<V1Pod | undefined> {
    const action: KubeAction = { verb: 'list', resource: 'pods', namespace };
    const pods = await withRetries(action, () =>
      core.listNamespacedPod({ namespace, labelSelector: formatLabelSelector({ [workflowLabel]: workflowName }) }),
    );
    return pods.items.find((pod) => pod.metadata?.annotations?.[nodeIdAnnotation] === nodeId);
  }

  async function logs(request: WorkflowLogsOptions): Promise<string> {
    const container = request.container ?? 'main';
    if (request.tailLines !== undefined && (!Number.isInteger(request.tailLines) || request.tailLines < 1)) {
      throw new InputError(`tailLines must be a whole number of at least 1, got ${request.tailLines}`);
    }
    const pod = await findNodePod(request.workflowName, request.nodeId);
    const podName = pod?.metadata?.name;
    if (podName !== undefined) {
      const action: KubeAction = { verb: 'get', resource: 'pods/log', namespace, name: podName };
      try {
        return await withRetries(action, () =>
          core.readNamespacedPodLog({ name: podName, namespace, container, ...(request.tailLines === undefined ? {} : { tailLines: request.tailLines }) }),
        );
      } catch (error) {
        // Deleted between the list and the read: the archived log is the next best thing.
        if ((error as { code?: unknown }).code !== 'NOT_FOUND') throw error;
      }
    }
    return readArchived(request, container);
  }

  async function readArchived(request: WorkflowLogsOptions, container: string): Promise<string> {
    const where = `step ${request.nodeId} of workflow ${request.workflowName}`;
    if (options.readArchivedLog === undefined) {
      throw new NotFoundError(`the pod of ${where} is gone and no archived log reader is configured`);
    }
    const node = getWorkflowNodes(await get(request.workflowName)).find((candidate) => candidate.id === request.nodeId);
    if (node === undefined) throw new NotFoundError(`workflow ${request.workflowName} has no step ${request.nodeId}`);
    const key = node.outputs?.artifacts?.find((artifact) => artifact.name === `${container}-logs`)?.s3?.key;
    if (key === undefined) {
      throw new NotFoundError(`the pod of ${where} is gone and its ${container} log was not archived (archiveLogs is off in the artifact repository)`);
    }
    const text = await options.readArchivedLog(key);
    return request.tailLines === undefined ? text : keepLastLines(text, request.tailLines);
  }

  return {
    namespace,
    submit,
    get,
    listByLabels,
    watch: (watchOptions) => watchWorkflows({ kubeConfig, namespace, list: (selector) => listByLabels(selector ?? ''), backoff: watchBackoff }, watchOptions),
    stop: (name) => shutdown(name, 'Stop'),
    terminate: (name) => shutdown(name, 'Terminate'),
    logs,
    getNodes: getWorkflowNodes,
  };
}

function loadKubeConfig(source: KubeConfig | string): KubeConfig {
  if (typeof source !== 'string') return source;
  const config = new KubeConfig();
  try {
    config.loadFromFile(source);
  } catch (error) {
    throw new InputError(`the kubeconfig ${source} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return config;
}

function formatLabelSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function keepLastLines(text: string, count: number): string {
  const lines = text.split('\n');
  const trailingNewline = lines.at(-1) === '';
  const body = trailingNewline ? lines.slice(0, -1) : lines;
  const kept = body.slice(-count).join('\n');
  return trailingNewline ? `${kept}\n` : kept;
}
