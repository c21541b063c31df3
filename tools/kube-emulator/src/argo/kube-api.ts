// The controller's only way to the cluster: @kubernetes/client-node against the API server, with the
// transient answers (429 with Retry-After, 500, 503, dropped connections) retried as client-go does.
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import type { V1Pod } from '@kubernetes/client-node';
import type { WorkflowObject } from './types.ts';

export class KubeRequestError extends Error {
  readonly code: number | undefined;
  readonly reason: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { code?: number; reason?: string; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'KubeRequestError';
    this.code = options.code;
    this.reason = options.reason;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface WorkflowList {
  items: WorkflowObject[];
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface KubeObjectData {
  metadata?: { name?: string; resourceVersion?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: unknown;
}

export interface KubeApi {
  listWorkflows(namespace: string): Promise<WorkflowList>;
  /** Resolves once the watch is open; `onDone` gets the error (or null) when it ends. Returns a stopper. */
  watchWorkflows(namespace: string, resourceVersion: string, onEvent: (type: WatchEventType, object: unknown) => void, onDone: (error: unknown) => void): Promise<() => void>;
  getWorkflow(namespace: string, name: string): Promise<WorkflowObject>;
  replaceWorkflow(namespace: string, name: string, body: WorkflowObject): Promise<WorkflowObject>;
  getWorkflowTemplate(namespace: string, name: string): Promise<KubeObjectData>;
  readConfigMap(namespace: string, name: string): Promise<KubeObjectData>;
  readSecret(namespace: string, name: string): Promise<KubeObjectData>;
  createPod(namespace: string, pod: V1Pod): Promise<void>;
  patchPod(namespace: string, name: string, patch: unknown): Promise<void>;
  patchPodStatus(namespace: string, name: string, patch: unknown): Promise<void>;
  deletePod(namespace: string, name: string): Promise<void>;
}

const group = 'argoproj.io';
const version = 'v1alpha1';

function parseBody(body: unknown): { message?: string; reason?: string } {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as { message?: string; reason?: string };
    } catch {
      return { message: body };
    }
  }
  return body !== null && typeof body === 'object' ? (body as { message?: string; reason?: string }) : {};
}

export function toKubeRequestError(error: unknown, what: string): KubeRequestError {
  if (error instanceof KubeRequestError) return error;
  const record = (error ?? {}) as { code?: unknown; body?: unknown; headers?: Record<string, string>; message?: string };
  const code = typeof record.code === 'number' ? record.code : undefined;
  if (code === undefined) return new KubeRequestError(`${what}: ${record.message ?? String(error)}`, { cause: error });
  const status = parseBody(record.body);
  const retryAfter = Number(record.headers?.['retry-after'] ?? record.headers?.['Retry-After']);
  return new KubeRequestError(`${what}: ${status.message ?? `HTTP ${code}`}`, {
    code,
    reason: status.reason,
    retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    cause: error,
  });
}

export function isTransientKubeError(error: KubeRequestError): boolean {
  return error.code === undefined || error.code === 429 || error.code === 500 || error.code === 502 || error.code === 503 || error.code === 504;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withKubeRetries<T>(what: string, call: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (raw) {
      const error = toKubeRequestError(raw, what);
      if (attempt >= attempts || !isTransientKubeError(error)) throw error;
      await sleep(Math.min(error.retryAfterMs ?? 50 * 2 ** attempt, 5000));
    }
  }
}

export function createKubeApi(kubeconfigPath: string): KubeApi {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const custom = config.makeApiClient(CustomObjectsApi);
  const core = config.makeApiClient(CoreV1Api);
  const watch = new Watch(config);
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

  return {
    listWorkflows: (namespace) =>
      withKubeRetries(`list workflows in ${namespace}`, async () => {
        const list = (await custom.listNamespacedCustomObject({ group, version, namespace, plural: 'workflows' })) as {
          items?: WorkflowObject[];
          metadata?: { resourceVersion?: string };
        };
        return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '' };
      }),
    async watchWorkflows(namespace, resourceVersion, onEvent, onDone) {
      const controller = await watch.watch(
        `/apis/${group}/${version}/namespaces/${namespace}/workflows`,
        { resourceVersion, allowWatchBookmarks: true },
        (type, object) => onEvent(type as WatchEventType, object),
        onDone,
      );
      return () => controller.abort();
    },
    getWorkflow: (namespace, name) =>
      withKubeRetries(`get workflow ${namespace}/${name}`, async () => (await custom.getNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name })) as WorkflowObject),
    replaceWorkflow: (namespace, name, body) =>
      withKubeRetries(`update workflow ${namespace}/${name}`, async () => (await custom.replaceNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name, body })) as WorkflowObject),
    getWorkflowTemplate: (namespace, name) =>
      withKubeRetries(`get workflowtemplate ${namespace}/${name}`, async () => (await custom.getNamespacedCustomObject({ group, version, namespace, plural: 'workflowtemplates', name })) as KubeObjectData),
    readConfigMap: (namespace, name) =>
      withKubeRetries(`get configmap ${namespace}/${name}`, async () => {
        const map = await core.readNamespacedConfigMap({ namespace, name });
        return { metadata: { name: map.metadata?.name }, data: map.data };
      }),
    readSecret: (namespace, name) =>
      withKubeRetries(`get secret ${namespace}/${name}`, async () => {
        const secret = await core.readNamespacedSecret({ namespace, name });
        return { metadata: { name: secret.metadata?.name }, data: secret.data, stringData: secret.stringData };
      }),
    createPod: (namespace, pod) =>
      withKubeRetries(`create pod ${namespace}/${pod.metadata?.name ?? ''}`, async () => {
        await core.createNamespacedPod({ namespace, body: pod });
      }),
    patchPod: (namespace, name, patch) =>
      withKubeRetries(`patch pod ${namespace}/${name}`, async () => {
        await core.patchNamespacedPod({ namespace, name, body: patch }, mergePatch);
      }),
    patchPodStatus: (namespace, name, patch) =>
      withKubeRetries(`patch pod status ${namespace}/${name}`, async () => {
        await core.patchNamespacedPodStatus({ namespace, name, body: patch }, mergePatch);
      }),
    deletePod: (namespace, name) =>
      withKubeRetries(`delete pod ${namespace}/${name}`, async () => {
        await core.deleteNamespacedPod({ namespace, name });
      }),
  };
}
