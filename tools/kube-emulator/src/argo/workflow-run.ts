// One Workflow object's life in the controller: resolve and check its spec, wait for admission
// (controller parallelism, synchronization locks), run the engine, start and stop pods, and write
// status back with the whole object (Argo's CRD has no status subresource), retrying on conflicts.
import { buildLockWaitingMessage, type SemaphoreManager } from './semaphores.ts';
import { resolveArtifactRepositoryRef, type ResolvedArtifactRepository } from './artifact-repository.ts';
import { KubeRequestError, type KubeApi } from './kube-api.ts';
import { startPod, type PodRunnerDeps, type RunningPod } from './pod-runner.ts';
import type { Template, WorkflowObject, WorkflowSpec, WorkflowStatus } from './types.ts';
import { isFulfilledPhase, isWorkflowCompleted } from './types.ts';
import { WorkflowEngine, type PodLaunchRequest } from './workflow-engine.ts';
import { listTemplateRefNames, mergeWorkflowTemplateSpec } from './workflow-template-ref.ts';
import { validateWorkflow } from './workflow-validation.ts';

export interface WorkflowRunDeps {
  api: KubeApi;
  pods: PodRunnerDeps;
  defaultRepository?: ResolvedArtifactRepository;
  semaphores: SemaphoreManager;
  timeScale: number;
  isTransient(message: string | undefined): boolean;
  now(): number;
  log(message: string): void;
  /** Controller-level parallelism: whether one more workflow may run now. */
  mayStart(run: WorkflowRun): boolean;
  /** A workflow finished or let go of a lock: pending ones should try again. */
  onCapacityFreed(): void;
}

export type WorkflowRunState = 'new' | 'preparing' | 'admitting' | 'pending' | 'running' | 'done' | 'gone';

const completedLabel = 'workflows.argoproj.io/completed';
const phaseLabel = 'workflows.argoproj.io/phase';
const parallelismMessage = 'Workflow processing has been postponed because too many workflows are already running';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function errorDetail(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  return error instanceof KubeRequestError ? message.slice(message.indexOf(': ') + 2) : message;
}

function isNewer(candidate: string | undefined, current: string | undefined): boolean {
  if (!candidate || !current || !/^\d+$/.test(candidate) || !/^\d+$/.test(current)) return true;
  return BigInt(candidate) > BigInt(current);
}

export class WorkflowRun {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly creationMs: number;
  state: WorkflowRunState = 'new';
  private object: WorkflowObject;
  private engine?: WorkflowEngine;
  private execSpec: WorkflowSpec;
  private readonly templateRefs = new Map<string, WorkflowSpec>();
  private repository?: ResolvedArtifactRepository;
  private locks: string[] = [];
  private readonly pods = new Map<string, RunningPod>();
  private readonly podNames = new Set<string>();
  private readonly written = new Set<string>();
  private wakeTimer?: NodeJS.Timeout;
  private wakeTime?: number;
  private pendingTimer?: NodeJS.Timeout;
  private operateScheduled = false;
  private writing?: Promise<void>;
  private dirty = false;
  private closed = false;
  private readonly deps: WorkflowRunDeps;

  constructor(deps: WorkflowRunDeps, object: WorkflowObject) {
    this.deps = deps;
    this.object = object;
    this.namespace = object.metadata.namespace ?? 'default';
    this.name = object.metadata.name ?? '';
    this.uid = object.metadata.uid ?? '';
    this.key = `${this.namespace}/${this.name}`;
    this.creationMs = object.metadata.creationTimestamp ? Date.parse(object.metadata.creationTimestamp) : deps.now();
    this.execSpec = object.spec;
  }

  /** The phase a client sees (for tests and logs). */
  get phase(): string | undefined {
    return this.engine?.status.phase ?? this.object.status?.phase;
  }

  async start(): Promise<void> {
    if (this.state !== 'new') return;
    if (isWorkflowCompleted(this.object.status?.phase) || this.object.metadata.labels?.[completedLabel] === 'true') {
      this.state = 'done';
      return;
    }
    this.state = 'preparing';
    let spec = this.object.spec;
    const refName = spec.workflowTemplateRef?.name;
    if (refName) {
      try {
        const template = await this.deps.api.getWorkflowTemplate(this.namespace, refName);
        spec = mergeWorkflowTemplateSpec((template.spec ?? {}) as WorkflowSpec, spec);
      } catch (error) {
        this.failBeforeRunning('Error', errorDetail(error));
        return;
      }
    }
    for (const name of listTemplateRefNames(spec)) {
      try {
        const template = await this.deps.api.getWorkflowTemplate(this.namespace, name);
        this.templateRefs.set(name, (template.spec ?? {}) as WorkflowSpec);
      } catch (error) {
        this.deps.log(`${this.key}: workflow template ${name}: ${errorDetail(error)}`);
      }
    }
    if (this.isGone()) return;
    this.execSpec = spec;
    this.engine = this.createEngine();

    try {
      this.repository = spec.artifactRepositoryRef ? await resolveArtifactRepositoryRef(this.deps.api, this.namespace, spec.artifactRepositoryRef) : this.deps.defaultRepository;
    } catch (error) {
      if (this.object.status?.phase !== 'Running') {
        this.failBeforeRunning('Error', `failed to resolve artifact repository: ${errorDetail(error)}`);
        return;
      }
    }
    if (this.isGone()) return;
    if (this.object.status?.phase === 'Running') {
      this.adopt();
      return;
    }
    const invalid = validateWorkflow({ ...this.object, spec }, (ref) => this.lookupRef(ref));
    if (invalid) {
      this.failBeforeRunning('Failed', `invalid spec: ${invalid}`);
      return;
    }
    await this.retryAdmission();
  }

  private isGone(): boolean {
    return this.state === 'gone' || this.closed;
  }

  private lookupRef(ref: { name?: string; template?: string }): Template | undefined {
    return this.templateRefs.get(ref.name ?? '')?.templates?.find((template) => template.name === ref.template);
  }

  private createEngine(): WorkflowEngine {
    return new WorkflowEngine({
      workflow: this.object,
      spec: this.execSpec,
      lookupRef: (ref) => this.lookupRef(ref),
      timeScale: this.deps.timeScale,
      isTransient: this.deps.isTransient,
      hooks: {
        now: this.deps.now,
        launchPod: (request) => this.launchPod(request),
        killPod: (nodeId, message) => {
          const pod = this.pods.get(nodeId);
          if (pod) pod.kill(message);
          else {
            this.engine?.applyPodUpdate(nodeId, { phase: 'Failed', message });
            this.requestOperate();
          }
        },
        wakeAt: (time) => this.wakeAt(time),
      },
    });
  }

  private failBeforeRunning(phase: 'Failed' | 'Error', message: string): void {
    if (this.isGone()) return;
    this.engine ??= this.createEngine();
    this.engine.fail(phase, message);
    this.deps.log(`${this.key}: ${phase}: ${message}`);
    this.finish();
  }

  /** Tries again to get past controller parallelism and the workflow's locks. */
  async retryAdmission(): Promise<void> {
    if ((this.state !== 'preparing' && this.state !== 'pending') || !this.engine) return;
    const shutdown = this.object.spec.shutdown as string | undefined;
    if (shutdown === 'Stop' || shutdown === 'Terminate') {
      this.failBeforeRunning('Failed', `Stopped with strategy '${shutdown}'`);
      return;
    }
    if (!this.deps.mayStart(this)) {
      this.setPending(parallelismMessage);
      return;
    }
    const previous = this.state;
    this.state = 'admitting';
    let outcome: { waiting?: string; error?: string };
    try {
      outcome = await this.acquireLocks();
    } catch (error) {
      outcome = { error: errorDetail(error) };
    }
    if (this.isGone()) {
      this.deps.semaphores.release(this.key);
      return;
    }
    if (outcome.error) {
      this.failBeforeRunning('Failed', `Failed to acquire the synchronization lock. ${outcome.error}`);
      return;
    }
    if (outcome.waiting) {
      this.state = previous;
      this.setPending(outcome.waiting);
      return;
    }
    this.begin();
  }

  private async acquireLocks(): Promise<{ waiting?: string; error?: string }> {
    const sync = this.execSpec.synchronization as
      | {
          semaphores?: Array<{ configMapKeyRef?: { name?: string; key?: string }; namespace?: string }>;
          semaphore?: { configMapKeyRef?: { name?: string; key?: string }; namespace?: string };
          mutexes?: Array<{ name?: string; namespace?: string }>;
          mutex?: { name?: string; namespace?: string };
        }
      | undefined;
    if (!sync) return {};
    const requests: Array<{ lockName: string; limit: number }> = [];
    for (const semaphore of [...(sync.semaphores ?? []), ...(sync.semaphore ? [sync.semaphore] : [])]) {
      const ref = semaphore.configMapKeyRef;
      if (!ref?.name || !ref.key) return { error: 'only semaphores with a configMapKeyRef (name and key) are supported by the local controller' };
      const namespace = semaphore.namespace ?? this.namespace;
      let value: string | undefined;
      try {
        value = (await this.deps.api.readConfigMap(namespace, ref.name)).data?.[ref.key];
      } catch (error) {
        if (error instanceof KubeRequestError && error.code === 404) return { error: `configmaps "${ref.name}" not found` };
        throw error;
      }
      const limit = Number(value);
      if (value === undefined || !Number.isInteger(limit) || limit < 0) return { error: `the key "${ref.key}" of configmap "${ref.name}" must hold a whole number, got ${value === undefined ? 'nothing' : `"${value}"`}` };
      requests.push({ lockName: `${namespace}/ConfigMap/${ref.name}/${ref.key}`, limit });
    }
    for (const mutex of [...(sync.mutexes ?? []), ...(sync.mutex ? [sync.mutex] : [])]) {
      if (!mutex.name) return { error: 'a mutex needs a name' };
      requests.push({ lockName: `${mutex.namespace ?? this.namespace}/Mutex/${mutex.name}`, limit: 1 });
    }
    const acquired: string[] = [];
    for (const request of requests) {
      const state = this.deps.semaphores.tryAcquire({ ...request, holderKey: this.key, priority: this.execSpec.priority ?? 0, creationMs: this.creationMs });
      if (!state.acquired) {
        if (acquired.length > 0 && this.deps.semaphores.release(this.key, acquired)) this.deps.onCapacityFreed();
        return { waiting: buildLockWaitingMessage(request.lockName, state) };
      }
      acquired.push(request.lockName);
    }
    this.locks = acquired;
    return {};
  }

  private setPending(message: string): void {
    if (!this.engine) return;
    this.state = 'pending';
    const changed = this.engine.status.phase !== 'Pending' || this.engine.status.message !== message;
    this.engine.status.phase = 'Pending';
    this.engine.status.message = message;
    if (changed) this.persist();
    // A ConfigMap limit can change at any time; look again now and then.
    if (!this.pendingTimer) {
      this.pendingTimer = setTimeout(() => {
        this.pendingTimer = undefined;
        void this.retryAdmission();
      }, 1000);
    }
  }

  private synchronizationStatus(): WorkflowStatus['synchronization'] {
    const semaphores = this.locks.filter((name) => name.includes('/ConfigMap/'));
    const mutexes = this.locks.filter((name) => name.includes('/Mutex/'));
    return {
      ...(semaphores.length ? { semaphore: { holding: semaphores.map((semaphore) => ({ semaphore, holders: [this.name] })) } } : {}),
      ...(mutexes.length ? { mutex: { holding: mutexes.map((mutex) => ({ mutex, holder: this.name })) } } : {}),
    };
  }

  private begin(): void {
    if (!this.engine) return;
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    this.state = 'running';
    this.engine.start();
    this.engine.status.artifactGCStatus = { notSpecified: true };
    if (this.repository) this.engine.status.artifactRepositoryRef = this.repository.ref;
    if (this.locks.length > 0) this.engine.status.synchronization = this.synchronizationStatus();
    this.deps.log(`${this.key}: running`);
    this.requestOperate();
  }

  /** A workflow another controller left Running: its processes are gone, as if its pods were deleted. */
  private adopt(): void {
    if (!this.engine) return;
    this.state = 'running';
    for (const holding of this.object.status?.synchronization?.semaphore?.holding ?? []) this.deps.semaphores.forceHold(holding.semaphore, this.key);
    for (const holding of this.object.status?.synchronization?.mutex?.holding ?? []) this.deps.semaphores.forceHold(holding.mutex, this.key);
    this.locks = [
      ...(this.object.status?.synchronization?.semaphore?.holding ?? []).map((holding) => holding.semaphore),
      ...(this.object.status?.synchronization?.mutex?.holding ?? []).map((holding) => holding.mutex),
    ];
    for (const node of Object.values(this.engine.status.nodes ?? {})) {
      if (node.type === 'Pod' && !isFulfilledPhase(node.phase)) this.engine.applyPodUpdate(node.id, { phase: 'Error', message: 'pod deleted' });
    }
    this.deps.log(`${this.key}: adopted a running workflow`);
    this.requestOperate();
  }

  private launchPod(request: PodLaunchRequest): void {
    this.podNames.add(request.podName);
    const pod = startPod(
      this.deps.pods,
      { namespace: this.namespace, workflowName: this.name, workflowUid: this.uid, spec: this.execSpec, repository: this.repository },
      request,
      (update) => {
        if (this.state !== 'running' || !this.engine) return;
        this.engine.applyPodUpdate(request.nodeId, update);
        if (update.phase && isFulfilledPhase(update.phase)) this.pods.delete(request.nodeId);
        this.requestOperate();
      },
    );
    this.pods.set(request.nodeId, pod);
  }

  private wakeAt(time: number): void {
    const now = this.deps.now();
    if (this.wakeTimer && this.wakeTime !== undefined && this.wakeTime <= time && this.wakeTime > now) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTime = time;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeTime = undefined;
      this.requestOperate();
    }, Math.max(0, time - now) + 2);
  }

  requestOperate(): void {
    if (this.operateScheduled || this.state !== 'running') return;
    this.operateScheduled = true;
    setImmediate(() => {
      this.operateScheduled = false;
      if (this.state !== 'running' || !this.engine) return;
      try {
        this.engine.operate();
      } catch (error) {
        this.deps.log(`${this.key}: operate failed: ${(error as Error).stack ?? String(error)}`);
        this.engine.fail('Error', (error as Error).message);
      }
      if (this.engine.isCompleted()) this.finish();
      else this.persist();
    });
  }

  private finish(): void {
    const wasHolding = this.locks.length > 0 || this.state === 'running' || this.state === 'admitting';
    this.state = 'done';
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.wakeTimer = undefined;
    this.pendingTimer = undefined;
    this.deps.semaphores.release(this.key);
    this.deps.log(`${this.key}: ${this.engine?.status.phase ?? 'done'}${this.engine?.status.message ? `: ${this.engine.status.message}` : ''}`);
    this.persist();
    if (wasHolding) this.deps.onCapacityFreed();
  }

  private buildBody(base: WorkflowObject): WorkflowObject {
    const status = { ...this.engine?.status };
    // A workflow that never started (pending, or refused) has no nodes, as in Argo.
    if (status.nodes && Object.keys(status.nodes).length === 0) delete status.nodes;
    const labels: Record<string, string> = { ...base.metadata.labels };
    if (status.phase) labels[phaseLabel] = status.phase;
    labels[completedLabel] = isWorkflowCompleted(status.phase) ? 'true' : 'false';
    return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { ...base.metadata, labels }, spec: base.spec, status };
  }

  private persist(): void {
    if (this.isGone()) return;
    this.dirty = true;
    if (this.writing) return;
    this.writing = (async () => {
      while (this.dirty && !this.isGone()) {
        this.dirty = false;
        await this.writeOnce();
      }
    })().finally(() => {
      this.writing = undefined;
    });
  }

  private async writeOnce(): Promise<void> {
    for (let attempt = 1; attempt <= 20 && !this.isGone(); attempt++) {
      try {
        const saved = await this.deps.api.replaceWorkflow(this.namespace, this.name, this.buildBody(this.object));
        if (saved.metadata.resourceVersion) this.written.add(saved.metadata.resourceVersion);
        this.object = saved;
        this.engine?.setLiveWorkflow(saved);
        return;
      } catch (error) {
        if (error instanceof KubeRequestError && error.code === 409) {
          try {
            this.absorb(await this.deps.api.getWorkflow(this.namespace, this.name));
          } catch (readError) {
            if (readError instanceof KubeRequestError && readError.code === 404) this.markGone();
          }
          continue;
        }
        if (error instanceof KubeRequestError && error.code === 404) {
          this.markGone();
          return;
        }
        if (this.isGone()) return;
        this.deps.log(`${this.key}: status write failed (attempt ${attempt}): ${(error as Error).message}`);
        await sleep(Math.min(100 * attempt, 1000));
      }
    }
  }

  /** Takes in a newer object written by someone else: spec changes, resumed suspend nodes. */
  private absorb(object: WorkflowObject): void {
    if (object.metadata.uid && object.metadata.uid !== this.uid) {
      this.markGone();
      return;
    }
    this.object = object;
    if (!this.engine) return;
    this.engine.setLiveWorkflow(object);
    this.engine.applyExternalNodes(object.status?.nodes);
  }

  /** An ADDED/MODIFIED event from the watch. */
  onObject(object: WorkflowObject): void {
    const version = object.metadata.resourceVersion;
    if (version && this.written.has(version)) return;
    if (!isNewer(version, this.object.metadata.resourceVersion)) return;
    this.absorb(object);
    if (this.state === 'pending') void this.retryAdmission();
    else this.requestOperate();
  }

  private markGone(): void {
    if (this.state === 'gone') return;
    const wasActive = this.state === 'running' || this.state === 'pending' || this.state === 'admitting';
    this.state = 'gone';
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    const freed = this.deps.semaphores.release(this.key);
    if (freed || wasActive) this.deps.onCapacityFreed();
  }

  /** The workflow was deleted: stop its processes and remove its pods, as the garbage collector would. */
  async onDeleted(): Promise<void> {
    this.markGone();
    await Promise.all([...this.pods.values()].map((pod) => pod.abandon()));
    this.pods.clear();
    await Promise.all(
      [...this.podNames].map((podName) =>
        this.deps.api.deletePod(this.namespace, podName).catch((error: unknown) => {
          if (!(error instanceof KubeRequestError && error.code === 404)) this.deps.log(`${this.key}: delete pod ${podName}: ${(error as Error).message}`);
        }),
      ),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    await Promise.all([...this.pods.values()].map((pod) => pod.abandon()));
    this.pods.clear();
    await this.writing;
  }
}
