// startArgoController: Argo's workflow-controller as a real client of the Kubernetes API. It lists
// and watches Workflows in the given namespaces and runs each as local processes (see README).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { buildDefaultRepository, type ArtifactRepositoryOptions } from './artifact-repository.ts';
import { ArgoControllerOptionsError } from './errors.ts';
import { readHostPath } from './host-environment.ts';
import { loadImageMap, type ImageMapEntry } from './image-map.ts';
import { createKubeApi, type KubeApi } from './kube-api.ts';
import { buildEndpointUrl } from './s3-client.ts';
import { isLoopbackHost } from './loopback.ts';
import { isTransientMessage } from './retry-decision.ts';
import { SemaphoreManager } from './semaphores.ts';
import type { WorkflowObject } from './types.ts';
import { isWorkflowCompleted } from './types.ts';
import { startWorkflowInformer, type WorkflowInformer } from './workflow-informer.ts';
import { WorkflowRun } from './workflow-run.ts';

export interface ArgoControllerOptions {
  /** The kubeconfig of the API server (its admin context). */
  kubeconfigPath: string;
  /** Namespaces whose Workflows this controller runs. */
  namespaces: string[];
  /** The API server's state folder: pod logs go to its pod-logs/, working folders to argo/. */
  stateDir: string;
  /** Image → local command entries, or the path of a YAML file holding them. */
  imageMap: ImageMapEntry[] | string;
  /** The default artifact repository (Argo's artifactRepository config). */
  artifactRepository?: ArtifactRepositoryOptions;
  /** At most this many workflows run at once, the rest wait Pending (Argo's controller `parallelism`). */
  parallelism?: number;
  /** Multiplies backoffs, suspend durations and deadlines; a test knob, 1 by default. */
  timeScale?: number;
  /** Shown as hostNodeName and the pods' spec.nodeName. Default: this machine's host name. */
  nodeName?: string;
  /** Relist every this many ms even when the watch is healthy. Default 300000. */
  resyncIntervalMs?: number;
  /** Between SIGTERM and SIGKILL when a pod is stopped. Default 2000. */
  killGraceMs?: number;
  /** Extra messages (regular expression) that count as transient for retryPolicy OnTransientError. */
  transientErrorPattern?: string;
  /** Where progress and problems are reported. Default: nowhere. */
  log?: (message: string) => void;
}

export interface ArgoController {
  /** Stops watching, kills running processes (their nodes keep their last written status). */
  close(): Promise<void>;
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function requireString(value: unknown, name: string, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ArgoControllerOptionsError(`${name} is required: ${hint}`);
  return value;
}

function checkPositive(value: unknown, name: string, integer: boolean): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ArgoControllerOptionsError(`${name} must be a positive ${integer ? 'whole number' : 'number'}, got ${JSON.stringify(value)}`);
  }
}

/** Checks everything that can be checked before any I/O; the message names the option. */
export function checkArgoControllerOptions(options: ArgoControllerOptions): void {
  if (options === null || typeof options !== 'object') throw new ArgoControllerOptionsError('options must be an object');
  const kubeconfigPath = requireString(options.kubeconfigPath, 'kubeconfigPath', 'the kubeconfig the API server wrote');
  if (!existsSync(kubeconfigPath)) throw new ArgoControllerOptionsError(`kubeconfigPath ${kubeconfigPath} does not exist`);
  requireString(options.stateDir, 'stateDir', "the API server's state folder (pod logs and working folders go there)");
  if (!Array.isArray(options.namespaces) || options.namespaces.length === 0) throw new ArgoControllerOptionsError('namespaces must list at least one namespace, e.g. ["argo"]');
  for (const namespace of options.namespaces) {
    if (typeof namespace !== 'string' || !dns1123Label.test(namespace)) throw new ArgoControllerOptionsError(`namespaces: "${String(namespace)}" is not a valid namespace name`);
  }
  if (options.imageMap === undefined) throw new ArgoControllerOptionsError('imageMap is required: a list of { image, command?, path?, env? } or the path of a YAML file');
  checkPositive(options.parallelism, 'parallelism', true);
  checkPositive(options.timeScale, 'timeScale', false);
  checkPositive(options.resyncIntervalMs, 'resyncIntervalMs', true);
  checkPositive(options.killGraceMs, 'killGraceMs', true);
  if (options.transientErrorPattern !== undefined) {
    try {
      new RegExp(options.transientErrorPattern);
    } catch (error) {
      throw new ArgoControllerOptionsError(`transientErrorPattern is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  const s3 = options.artifactRepository?.s3;
  if (options.artifactRepository !== undefined) {
    if (!s3 || typeof s3 !== 'object') throw new ArgoControllerOptionsError('artifactRepository.s3 is required when artifactRepository is given');
    for (const key of ['endpoint', 'bucket', 'accessKeyId', 'secretAccessKey'] as const) requireString(s3[key], `artifactRepository.s3.${key}`, 'the S3 stand-in reports it');
    let url: URL;
    try {
      url = buildEndpointUrl(s3.endpoint, s3.insecure);
    } catch {
      throw new ArgoControllerOptionsError(`artifactRepository.s3.endpoint "${s3.endpoint}" is not a URL or host:port`);
    }
    if (!isLoopbackHost(url.hostname)) throw new ArgoControllerOptionsError(`artifactRepository.s3.endpoint "${s3.endpoint}" is not a loopback address: nothing outside this machine can be reached`);
  }
}

export async function startArgoController(options: ArgoControllerOptions): Promise<ArgoController> {
  checkArgoControllerOptions(options);
  const imageMap = await loadImageMap(options.imageMap);
  let api: KubeApi;
  try {
    api = createKubeApi(options.kubeconfigPath);
  } catch (error) {
    throw new ArgoControllerOptionsError(`kubeconfigPath ${options.kubeconfigPath} cannot be used: ${(error as Error).message}`, { cause: error });
  }
  const log = options.log ?? (() => undefined);
  const timeScale = options.timeScale ?? 1;
  const extraTransient = options.transientErrorPattern ? new RegExp(options.transientErrorPattern) : undefined;
  const semaphores = new SemaphoreManager();
  const runs = new Map<string, WorkflowRun>();
  const stateDir = path.resolve(options.stateDir);
  let closed = false;

  const activeCount = (): number => [...runs.values()].filter((run) => run.state === 'running' || run.state === 'admitting').length;
  const retryPending = (): void => {
    if (closed) return;
    const pending = [...runs.values()].filter((run) => run.state === 'pending').sort((a, b) => a.creationMs - b.creationMs);
    for (const run of pending) void run.retryAdmission();
  };

  const runDeps = {
    api,
    pods: {
      api,
      imageMap,
      stateDir,
      hostNodeName: options.nodeName ?? hostname(),
      hostPath: readHostPath(),
      killGraceMs: options.killGraceMs ?? 2000,
      progressPollMs: 200,
      now: () => Date.now(),
      log,
    },
    defaultRepository: buildDefaultRepository(options.artifactRepository),
    semaphores,
    timeScale,
    isTransient: (message: string | undefined) => isTransientMessage(message, extraTransient),
    now: () => Date.now(),
    log,
    mayStart: (run: WorkflowRun) => options.parallelism === undefined || activeCount() < options.parallelism || run.state === 'running',
    onCapacityFreed: () => setImmediate(retryPending),
  };

  const upsert = (object: WorkflowObject, namespace: string): void => {
    if (closed || !object.metadata?.name) return;
    const key = `${object.metadata.namespace ?? namespace}/${object.metadata.name}`;
    const existing = runs.get(key);
    if (existing && existing.uid !== (object.metadata.uid ?? '')) {
      void existing.onDeleted();
      runs.delete(key);
    } else if (existing) {
      existing.onObject(object);
      return;
    }
    if (object.metadata.deletionTimestamp) return;
    const run = new WorkflowRun(runDeps, { ...object, metadata: { ...object.metadata, namespace: object.metadata.namespace ?? namespace } });
    runs.set(key, run);
    if (isWorkflowCompleted(object.status?.phase)) {
      run.state = 'done';
      return;
    }
    run.start().catch((error: unknown) => log(`${key}: ${(error as Error).stack ?? String(error)}`));
  };

  const remove = (object: WorkflowObject, namespace: string): void => {
    const key = `${object.metadata?.namespace ?? namespace}/${object.metadata?.name ?? ''}`;
    const run = runs.get(key);
    if (!run || (object.metadata?.uid && run.uid !== object.metadata.uid)) return;
    runs.delete(key);
    void run.onDeleted();
  };

  const informers: WorkflowInformer[] = options.namespaces.map((namespace) =>
    startWorkflowInformer(
      api,
      namespace,
      {
        onList: (items) => {
          const present = new Set(items.map((item) => `${item.metadata.namespace ?? namespace}/${item.metadata.name ?? ''}`));
          for (const [key, run] of runs) {
            if (run.namespace === namespace && !present.has(key)) {
              runs.delete(key);
              void run.onDeleted();
            }
          }
          for (const item of items) upsert(item, namespace);
        },
        onUpsert: (object) => upsert(object, namespace),
        onDelete: (object) => remove(object, namespace),
      },
      { resyncIntervalMs: options.resyncIntervalMs ?? 300_000, log },
    ),
  );
  log(`argo controller watching ${options.namespaces.join(', ')}`);

  return {
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(informers.map((informer) => informer.stop()));
      await Promise.all([...runs.values()].map((run) => run.close()));
      runs.clear();
    },
  };
}
