// The heart of the controller: one workflow's status advanced the way Argo's operator advances it.
// It is synchronous and does no I/O; pods are started and stopped through hooks and their progress
// comes back through applyPodUpdate, after which the owner calls operate() again.
import { executeDag } from './dag-execution.ts';
import { parseArgoDuration } from './durations.ts';
import type { ExecuteOptions, ExecutionContext, NodeInit, TemplateHolder } from './execution-context.ts';
import { buildDisplayName, buildNodeId, buildOnExitNodeName, buildPodName } from './node-names.ts';
import { addProgress, formatProgress, parseProgress, type Progress } from './progress.ts';
import { decideRetry, type RetryAttempt } from './retry-decision.ts';
import { executeSteps } from './steps-execution.ts';
import { toParameterString } from './substitution.ts';
import { getTemplateKind, supportedTemplateKinds } from './template-kind.ts';
import { processTemplateInputs } from './template-inputs.ts';
import type { Arguments, NodeInputs, NodeOutputs, NodePhase, NodeStatus, NodeType, Template, WorkflowObject, WorkflowPhase, WorkflowSpec, WorkflowStatus } from './types.ts';
import { isCompletedPhase, isFailedOrError, isFulfilledPhase, isWorkflowCompleted } from './types.ts';

export interface PodLaunchRequest {
  nodeId: string;
  nodeName: string;
  podName: string;
  templateName: string;
  /** The template with inputs and parameters substituted. */
  template: Template;
  inputs: NodeInputs;
  onExit: boolean;
  /** Epoch ms after which the pod is killed (template or workflow activeDeadlineSeconds). */
  deadline?: number;
  /** Keep stdout as `outputs.result` (script templates, or when anything refers to a result). */
  captureResult: boolean;
}

export interface PodUpdate {
  phase?: NodePhase;
  message?: string;
  outputs?: NodeOutputs;
  progress?: string;
  hostNodeName?: string;
  startedMs?: number;
  finishedMs?: number;
}

export interface EngineHooks {
  now(): number;
  launchPod(request: PodLaunchRequest): void;
  killPod(nodeId: string, message: string): void;
  /** Ask to be operated again at this time (backoff over, suspend duration over, deadline). */
  wakeAt(time: number): void;
}

export interface WorkflowEngineOptions {
  workflow: WorkflowObject;
  /** The spec to execute: the workflow's own, merged with its workflowTemplateRef. */
  spec: WorkflowSpec;
  lookupRef: (ref: { name?: string; template?: string; clusterScope?: boolean }) => Template | undefined;
  hooks: EngineHooks;
  timeScale?: number;
  isTransient: (message: string | undefined) => boolean;
}

const deadlineMessage = 'Step exceeded its deadline';
const podDeadlineMessage = 'Pod was active on the node longer than the specified deadline';

export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nodeTypeFor(template: Template): NodeType {
  const kind = getTemplateKind(template);
  if (kind === 'steps') return 'Steps';
  if (kind === 'dag') return 'DAG';
  if (kind === 'suspend') return 'Suspend';
  return 'Pod';
}

function workflowPhaseOf(phase: NodePhase): WorkflowPhase {
  if (phase === 'Failed') return 'Failed';
  if (phase === 'Error') return 'Error';
  if (phase === 'Pending') return 'Pending';
  if (phase === 'Running') return 'Running';
  return 'Succeeded';
}

function deepMerge<T>(defaults: unknown, value: T): T {
  if (defaults === undefined || defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) return value ?? (defaults as T);
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return (value ?? defaults) as T;
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) merged[key] = deepMerge(merged[key], item);
  return merged as T;
}

export class WorkflowEngine implements ExecutionContext {
  readonly workflowName: string;
  readonly status: WorkflowStatus;
  readonly globalParams = new Map<string, string>();
  private readonly spec: WorkflowSpec;
  private readonly options: WorkflowEngineOptions;
  private readonly timeScale: number;
  private live: WorkflowObject;
  private readonly times = new Map<string, { startedMs: number; finishedMs?: number }>();
  private readonly podRequests = new Map<string, PodLaunchRequest>();
  private readonly killed = new Set<string>();
  private readonly captureResults: boolean;
  private startedMs: number;

  constructor(options: WorkflowEngineOptions) {
    this.options = options;
    this.live = options.workflow;
    this.spec = options.spec;
    this.timeScale = options.timeScale ?? 1;
    this.workflowName = options.workflow.metadata.name ?? '';
    this.status = structuredClone(options.workflow.status ?? {});
    this.status.nodes ??= {};
    for (const node of Object.values(this.status.nodes)) {
      const started = node.startedAt ? Date.parse(node.startedAt) : this.now();
      this.times.set(node.id, { startedMs: started, finishedMs: node.finishedAt ? Date.parse(node.finishedAt) : undefined });
    }
    this.startedMs = this.status.startedAt ? Date.parse(this.status.startedAt) : this.now();
    this.captureResults = JSON.stringify(options.spec).includes('outputs.result');
    this.buildGlobalParams();
  }

  get nodes(): Record<string, NodeStatus> {
    return this.status.nodes as Record<string, NodeStatus>;
  }

  private now(): number {
    return this.options.hooks.now();
  }

  private buildGlobalParams(): void {
    const meta = this.options.workflow.metadata;
    const params = this.globalParams;
    params.set('workflow.name', this.workflowName);
    params.set('workflow.namespace', meta.namespace ?? 'default');
    params.set('workflow.uid', meta.uid ?? '');
    params.set('workflow.mainEntrypoint', this.spec.entrypoint ?? '');
    params.set('workflow.serviceAccountName', this.spec.serviceAccountName ?? '');
    params.set('workflow.priority', String(this.spec.priority ?? 0));
    if (meta.creationTimestamp) params.set('workflow.creationTimestamp', meta.creationTimestamp);
    for (const [key, value] of Object.entries(meta.labels ?? {})) params.set(`workflow.labels.${key}`, value);
    for (const [key, value] of Object.entries(meta.annotations ?? {})) params.set(`workflow.annotations.${key}`, value);
    const parameters: Array<{ name: string; value: string }> = [];
    for (const parameter of this.spec.arguments?.parameters ?? []) {
      const value = toParameterString(parameter.value) ?? toParameterString(parameter.default) ?? '';
      params.set(`workflow.parameters.${parameter.name}`, value);
      parameters.push({ name: parameter.name, value });
    }
    params.set('workflow.parameters', JSON.stringify(parameters));
    for (const parameter of this.status.outputs?.parameters ?? []) params.set(`workflow.outputs.parameters.${parameter.name}`, parameter.value);
  }

  /** The latest object from the API: `spec.shutdown` and `spec.suspend` are read live from it. */
  setLiveWorkflow(workflow: WorkflowObject): void {
    this.live = workflow;
  }

  isCompleted(): boolean {
    return isWorkflowCompleted(this.status.phase);
  }

  // ---- node bookkeeping -------------------------------------------------------------------------

  nodeId(name: string): string {
    return buildNodeId(this.workflowName, name);
  }

  getNodeByName(name: string): NodeStatus | undefined {
    return this.nodes[this.nodeId(name)];
  }

  initNode(init: NodeInit): NodeStatus {
    const now = this.now();
    const node: NodeStatus = {
      id: this.nodeId(init.name),
      name: init.name,
      displayName: init.displayName ?? buildDisplayName(init.name, this.workflowName),
      type: init.type,
      templateScope: `local/${this.workflowName}`,
      phase: init.phase,
      startedAt: formatTimestamp(now),
    };
    if (init.templateName) node.templateName = init.templateName;
    if (init.boundaryId) node.boundaryID = init.boundaryId;
    if (init.message) node.message = init.message;
    if (init.inputs && (init.inputs.parameters?.length || init.inputs.artifacts?.length)) node.inputs = init.inputs;
    this.times.set(node.id, { startedMs: now });
    if (isFulfilledPhase(node.phase)) this.finishNode(node, now);
    this.nodes[node.id] = node;
    return node;
  }

  private finishNode(node: NodeStatus, at: number): void {
    if (!node.finishedAt) node.finishedAt = formatTimestamp(at);
    const times = this.times.get(node.id);
    if (times && times.finishedMs === undefined) times.finishedMs = at;
  }

  markNodePhase(name: string, phase: NodePhase, message?: string): NodeStatus {
    const node = this.getNodeByName(name);
    if (!node) throw new Error(`node ${name} does not exist`);
    node.phase = phase;
    if (message !== undefined && message !== '') node.message = message;
    if (isFulfilledPhase(phase)) this.finishNode(node, this.now());
    return node;
  }

  addChild(parentName: string, childName: string): void {
    const parent = this.getNodeByName(parentName);
    if (!parent) return;
    const childId = this.nodeId(childName);
    parent.children ??= [];
    if (!parent.children.includes(childId)) parent.children.push(childId);
  }

  outboundNodes(nodeId: string): string[] {
    const node = this.nodes[nodeId];
    if (!node) return [];
    if (node.type === 'Pod' || node.type === 'Skipped' || node.type === 'Suspend') return [node.id];
    if (node.type === 'TaskGroup') return node.children?.length ? node.children.flatMap((id) => this.outboundNodes(id)) : [node.id];
    if (node.type === 'Retry') {
      const last = node.children?.at(-1);
      return last ? [last] : [node.id];
    }
    return (node.outboundNodes ?? []).flatMap((id) => this.outboundNodes(id));
  }

  canStartChild(boundaryTemplate: Template, boundaryId: string): boolean {
    const limit = boundaryTemplate.parallelism;
    if (limit === undefined || limit <= 0) return true;
    const active = Object.values(this.nodes).filter(
      (node) => node.boundaryID === boundaryId && (node.type === 'Pod' || node.type === 'Steps' || node.type === 'DAG' || node.type === 'Suspend') && !isFulfilledPhase(node.phase),
    );
    return active.length < limit;
  }

  publishGlobalOutputs(template: Template, node: NodeStatus): void {
    for (const declared of template.outputs?.parameters ?? []) {
      if (!declared.globalName) continue;
      const value = node.outputs?.parameters?.find((parameter) => parameter.name === declared.name)?.value;
      if (value === undefined) continue;
      this.globalParams.set(`workflow.outputs.parameters.${declared.globalName}`, value);
      this.status.outputs ??= {};
      const list = (this.status.outputs.parameters ??= []);
      const existing = list.find((parameter) => parameter.name === declared.globalName);
      if (existing) existing.value = value;
      else list.push({ name: declared.globalName, value });
    }
    for (const declared of template.outputs?.artifacts ?? []) {
      if (!declared.globalName) continue;
      const artifact = node.outputs?.artifacts?.find((candidate) => candidate.name === declared.name);
      if (!artifact) continue;
      this.status.outputs ??= {};
      const list = (this.status.outputs.artifacts ??= []).filter((candidate) => candidate.name !== declared.globalName);
      list.push({ ...artifact, name: declared.globalName });
      this.status.outputs.artifacts = list;
    }
  }

  // ---- shutdown and deadlines ---------------------------------------------------------------------

  private shutdownStrategy(): 'Stop' | 'Terminate' | undefined {
    const value = this.live.spec.shutdown as string | undefined;
    return value === 'Stop' || value === 'Terminate' ? value : undefined;
  }

  private workflowDeadline(): number | undefined {
    const seconds = this.spec.activeDeadlineSeconds;
    if (seconds === undefined || seconds === null) return undefined;
    return this.startedMs + Number(seconds) * 1000 * this.timeScale;
  }

  /** Why no new node may start now (undefined: it may). Exit handlers survive Stop and deadlines. */
  private stopMessage(onExit: boolean): string | undefined {
    const shutdown = this.shutdownStrategy();
    if (shutdown === 'Terminate') return `Stopped with strategy '${shutdown}'`;
    if (shutdown === 'Stop' && !onExit) return `Stopped with strategy '${shutdown}'`;
    const deadline = this.workflowDeadline();
    if (!onExit && deadline !== undefined && this.now() >= deadline) return deadlineMessage;
    return undefined;
  }

  private isOnExitNode(node: NodeStatus): boolean {
    return /\.onExit(?=$|[.[(])/.test(node.name);
  }

  private enforceStops(): void {
    const shutdown = this.shutdownStrategy();
    for (const node of Object.values(this.nodes)) {
      if (isFulfilledPhase(node.phase)) continue;
      const message = this.stopMessage(this.isOnExitNode(node));
      if (!message) continue;
      if (node.type === 'Pod' && !this.killed.has(node.id)) {
        this.killed.add(node.id);
        this.options.hooks.killPod(node.id, shutdown ? message : podDeadlineMessage);
      } else if (node.type === 'Suspend') {
        this.markNodePhase(node.name, 'Failed', message);
      }
    }
    const deadline = this.workflowDeadline();
    if (deadline !== undefined && this.now() < deadline) this.options.hooks.wakeAt(deadline);
  }

  // ---- templates ----------------------------------------------------------------------------------

  private resolveTemplate(holder: TemplateHolder): Template {
    let template: Template | undefined;
    if (holder.inline) template = holder.inline;
    else if (holder.templateRef) {
      template = this.options.lookupRef(holder.templateRef);
      if (!template) throw new Error(`template reference ${holder.templateRef.name ?? ''}.${holder.templateRef.template ?? ''} not found`);
    } else {
      template = (this.spec.templates ?? []).find((candidate) => candidate.name === holder.template);
      if (!template) throw new Error(`template '${holder.template ?? ''}' undefined`);
    }
    return this.spec.templateDefaults ? deepMerge(this.spec.templateDefaults, template) : template;
  }

  executeTemplate(nodeName: string, holder: TemplateHolder, args: Arguments | undefined, options: ExecuteOptions): NodeStatus | undefined {
    const existing = this.getNodeByName(nodeName);
    if (existing && isFulfilledPhase(existing.phase)) return existing;
    const failNew = (type: NodeType, message: string, templateName?: string): NodeStatus =>
      existing ?? this.initNode({ name: nodeName, type, phase: 'Error', message, boundaryId: options.boundaryId, templateName, displayName: options.displayName });

    let base: Template;
    try {
      base = this.resolveTemplate(holder);
    } catch (error) {
      return failNew('Skipped', (error as Error).message, holder.template);
    }
    const templateName = base.name ?? holder.template ?? holder.templateRef?.template ?? '';
    const kind = getTemplateKind(base);
    const params = new Map(this.globalParams);
    const isPod = kind === 'container' || kind === 'script';
    const podName = buildPodName(this.workflowName, nodeName, templateName);
    if (options.retryAttempt !== undefined) params.set('retries', String(options.retryAttempt));
    params.set('node.name', nodeName);
    if (isPod) params.set('pod.name', podName);

    let processed;
    try {
      processed = processTemplateInputs(base, args, params);
    } catch (error) {
      return failNew(nodeTypeFor(base), (error as Error).message, templateName);
    }
    const { template, inputs } = processed;

    if (template.retryStrategy && options.retryAttempt === undefined) {
      return this.executeRetry(nodeName, holder, args, options, template, inputs, templateName);
    }
    if (kind === undefined || !supportedTemplateKinds.includes(kind)) {
      return failNew('Pod', `${kind ?? 'unknown'} templates are not supported by the local Argo controller (it runs container, script, steps, dag and suspend templates)`, templateName);
    }
    if (kind === 'steps') return executeSteps(this, nodeName, template, inputs, options);
    if (kind === 'dag') return executeDag(this, nodeName, template, inputs, options);
    if (kind === 'suspend') return this.executeSuspend(nodeName, template, inputs, options, templateName);
    return this.executePod(nodeName, template, inputs, options, templateName, podName);
  }

  private executeRetry(
    nodeName: string,
    holder: TemplateHolder,
    args: Arguments | undefined,
    options: ExecuteOptions,
    template: Template,
    inputs: NodeInputs,
    templateName: string,
  ): NodeStatus | undefined {
    const node =
      this.getNodeByName(nodeName) ??
      this.initNode({ name: nodeName, type: 'Retry', phase: 'Running', templateName, boundaryId: options.boundaryId, inputs, displayName: options.displayName });
    for (;;) {
      const attempts: RetryAttempt[] = (node.children ?? []).flatMap((id) => {
        const child = this.nodes[id];
        const times = this.times.get(id);
        return child ? [{ node: child, startedMs: times?.startedMs ?? this.now(), finishedMs: times?.finishedMs }] : [];
      });
      let decision;
      try {
        decision = decideRetry({
          strategy: template.retryStrategy ?? {},
          attempts,
          now: this.now(),
          timeScale: this.timeScale,
          stopMessage: this.stopMessage(options.onExit),
          isTransient: this.options.isTransient,
        });
      } catch (error) {
        return this.markNodePhase(nodeName, 'Error', (error as Error).message);
      }
      if (decision.action === 'wait') return node;
      if (decision.action === 'backoff') {
        node.message = decision.message;
        this.options.hooks.wakeAt(decision.until);
        return node;
      }
      if (decision.action === 'finish') {
        if (decision.outputsFrom?.outputs) node.outputs = structuredClone(decision.outputsFrom.outputs);
        if (decision.phase === 'Succeeded') delete node.message;
        return this.markNodePhase(nodeName, decision.phase, decision.message);
      }
      if (node.message?.startsWith('Backoff for')) delete node.message;
      const attemptName = `${nodeName}(${attempts.length})`;
      const child = this.executeTemplate(attemptName, holder, args, { ...options, retryAttempt: attempts.length, displayName: undefined });
      if (!child) return node;
      this.addChild(nodeName, attemptName);
      child.nodeFlag = { ...child.nodeFlag, retried: true };
      if (!isFulfilledPhase(child.phase)) return node;
    }
  }

  private activePods(): number {
    return Object.values(this.nodes).filter((node) => node.type === 'Pod' && !isFulfilledPhase(node.phase)).length;
  }

  private executePod(nodeName: string, template: Template, inputs: NodeInputs, options: ExecuteOptions, templateName: string, podName: string): NodeStatus | undefined {
    const existing = this.getNodeByName(nodeName);
    if (existing) return existing;
    const base = { name: nodeName, type: 'Pod' as const, templateName, boundaryId: options.boundaryId, inputs, displayName: options.displayName };
    const stop = this.stopMessage(options.onExit);
    if (stop) return this.initNode({ ...base, phase: 'Failed', message: stop });
    const limit = this.spec.parallelism;
    if (limit !== undefined && limit > 0 && this.activePods() >= limit) return undefined;
    const node = this.initNode({ ...base, phase: 'Pending' });
    node.progress = '0/1';
    let deadline = this.workflowDeadline();
    if (template.activeDeadlineSeconds !== undefined && template.activeDeadlineSeconds !== '') {
      const own = this.now() + Number(template.activeDeadlineSeconds) * 1000 * this.timeScale;
      deadline = deadline === undefined || options.onExit ? own : Math.min(deadline, own);
    } else if (options.onExit) {
      deadline = undefined;
    }
    const request: PodLaunchRequest = {
      nodeId: node.id,
      nodeName,
      podName,
      templateName,
      template,
      inputs,
      onExit: options.onExit,
      deadline,
      captureResult: template.script !== undefined || this.captureResults,
    };
    this.podRequests.set(node.id, request);
    this.options.hooks.launchPod(request);
    return node;
  }

  private executeSuspend(nodeName: string, template: Template, inputs: NodeInputs, options: ExecuteOptions, templateName: string): NodeStatus {
    let node = this.getNodeByName(nodeName);
    const stop = this.stopMessage(options.onExit);
    node ??= this.initNode({ name: nodeName, type: 'Suspend', phase: stop ? 'Failed' : 'Running', message: stop, templateName, boundaryId: options.boundaryId, inputs, displayName: options.displayName });
    if (isFulfilledPhase(node.phase)) return node;
    if (stop) return this.markNodePhase(nodeName, 'Failed', stop);
    const duration = template.suspend?.duration;
    if (duration !== undefined && duration !== '') {
      let waitMs: number;
      try {
        waitMs = parseArgoDuration(String(duration)) * this.timeScale;
      } catch (error) {
        return this.markNodePhase(nodeName, 'Error', (error as Error).message);
      }
      const until = (this.times.get(node.id)?.startedMs ?? this.now()) + waitMs;
      if (this.now() >= until) {
        const parameters = (template.outputs?.parameters ?? []).flatMap((parameter) => {
          const value = toParameterString(parameter.valueFrom?.default) ?? toParameterString(parameter.value);
          return value === undefined ? [] : [{ name: parameter.name, value }];
        });
        if (parameters.length > 0) node.outputs = { parameters };
        return this.markNodePhase(nodeName, 'Succeeded');
      }
      this.options.hooks.wakeAt(until);
    }
    return node;
  }

  runOnExitNode(templateName: string, parent: NodeStatus, boundaryId: string | undefined): NodeStatus | undefined {
    const name = buildOnExitNodeName(parent.name);
    const node = this.executeTemplate(name, { template: templateName }, undefined, { boundaryId, onExit: true, displayName: `${parent.displayName}.onExit` });
    if (node) {
      this.addChild(parent.name, name);
      node.nodeFlag = { ...node.nodeFlag, hooked: true };
    }
    return node;
  }

  // ---- the operate loop ---------------------------------------------------------------------------

  /** Marks the workflow Running (first time only). */
  start(): void {
    if (this.status.phase === 'Running' || this.isCompleted()) return;
    this.startedMs = this.now();
    this.status.phase = 'Running';
    this.status.startedAt = formatTimestamp(this.startedMs);
    delete this.status.message;
    this.refreshDerived();
  }

  /** Ends the workflow before it ran (bad spec, missing template, lock error). */
  fail(phase: 'Failed' | 'Error', message: string): void {
    const now = this.now();
    this.status.phase = phase;
    this.status.message = message;
    this.status.startedAt ??= formatTimestamp(now);
    this.status.finishedAt = formatTimestamp(now);
    this.refreshDerived();
  }

  operate(): void {
    if (this.isCompleted() || this.status.phase !== 'Running') return;
    this.globalParams.set('workflow.duration', ((this.now() - this.startedMs) / 1000).toFixed(6));
    this.enforceStops();
    if (this.live.spec.suspend === true && !this.shutdownStrategy()) {
      this.refreshDerived();
      return;
    }
    const root = this.executeTemplate(this.workflowName, { template: this.spec.entrypoint }, this.spec.arguments, { onExit: false });
    if (root && isFulfilledPhase(root.phase)) this.finishWorkflow(root);
    this.refreshDerived();
  }

  private failures(): string {
    const failed = Object.values(this.nodes)
      .filter((node) => isFailedOrError(node.phase))
      .map((node) => ({
        displayName: node.displayName,
        message: node.message ?? '',
        templateName: node.templateName ?? '',
        phase: node.phase,
        podName: node.type === 'Pod' ? (this.podRequests.get(node.id)?.podName ?? buildPodName(this.workflowName, node.name, node.templateName)) : node.id,
        finishedAt: node.finishedAt ?? null,
      }));
    // Argo quotes the JSON once more (strconv.Quote) so it survives substitution into a shell line.
    return JSON.stringify(failed.length === 0 ? 'null' : JSON.stringify(failed));
  }

  private finishWorkflow(root: NodeStatus): void {
    let phase = workflowPhaseOf(root.phase);
    let message = root.message;
    const shutdown = this.shutdownStrategy();
    const onExitTemplate = this.spec.onExit ?? this.spec.hooks?.exit?.template;
    if (onExitTemplate && shutdown !== 'Terminate') {
      this.globalParams.set('workflow.status', phase);
      this.globalParams.set('workflow.failures', this.failures());
      const name = buildOnExitNodeName(this.workflowName);
      const exitNode = this.executeTemplate(name, { template: onExitTemplate }, this.spec.arguments, { onExit: true });
      if (!exitNode) return;
      exitNode.nodeFlag = { ...exitNode.nodeFlag, hooked: true };
      if (!isFulfilledPhase(exitNode.phase)) return;
      if (isFailedOrError(exitNode.phase) && phase === 'Succeeded') {
        phase = workflowPhaseOf(exitNode.phase);
        message = exitNode.message;
      }
    }
    if (shutdown && phase !== 'Succeeded') message = `Stopped with strategy '${shutdown}'`;
    this.status.phase = phase;
    if (message) this.status.message = message;
    else delete this.status.message;
    this.status.finishedAt = formatTimestamp(this.now());
  }

  // ---- pods and outside changes --------------------------------------------------------------------

  applyPodUpdate(nodeId: string, update: PodUpdate): void {
    const node = this.nodes[nodeId];
    if (!node || isFulfilledPhase(node.phase)) return;
    if (update.hostNodeName) node.hostNodeName = update.hostNodeName;
    if (update.progress && parseProgress(update.progress)) node.progress = update.progress;
    if (update.startedMs !== undefined) {
      node.startedAt = formatTimestamp(update.startedMs);
      const times = this.times.get(nodeId);
      if (times) times.startedMs = update.startedMs;
    }
    if (update.outputs) node.outputs = update.outputs;
    if (update.message !== undefined) {
      if (update.message === '') delete node.message;
      else node.message = update.message;
    }
    if (update.phase) {
      node.phase = update.phase;
      if (isFulfilledPhase(update.phase)) {
        this.finishNode(node, update.finishedMs ?? this.now());
        if (update.phase === 'Succeeded') {
          const progress = parseProgress(node.progress) ?? { done: 0, total: 1 };
          node.progress = formatProgress({ done: progress.total, total: progress.total });
        }
        const request = this.podRequests.get(nodeId);
        if (request && update.phase === 'Succeeded') this.publishGlobalOutputs(request.template, node);
        const times = this.times.get(nodeId);
        if (times) {
          // Argo charges requests × seconds, with 100m CPU and 100Mi memory assumed when none are set.
          const seconds = Math.max(0, ((times.finishedMs ?? this.now()) - times.startedMs) / 1000);
          node.resourcesDuration = { cpu: Math.round(seconds * 0.1), memory: Math.max(1, Math.round(seconds)) };
        }
      }
    }
  }

  /** Adopts what a client changed in status: a Suspend node resumed (`argo resume`) or stopped. */
  applyExternalNodes(nodes: Record<string, NodeStatus> | undefined): boolean {
    let changed = false;
    for (const external of Object.values(nodes ?? {})) {
      const node = this.nodes[external.id];
      if (!node || node.type !== 'Suspend' || isFulfilledPhase(node.phase) || !isFulfilledPhase(external.phase)) continue;
      node.phase = external.phase;
      if (external.message) node.message = external.message;
      if (external.outputs) node.outputs = external.outputs;
      this.finishNode(node, external.finishedAt ? Date.parse(external.finishedAt) : this.now());
      changed = true;
    }
    return changed;
  }

  /** Progress, resource durations and conditions, recomputed from the nodes as Argo's UpdateProgress does. */
  refreshDerived(): void {
    const nodes = Object.values(this.nodes);
    let total: Progress = { done: 0, total: 0 };
    let resources = { cpu: 0, memory: 0 };
    const completion: Record<string, boolean> = {};
    for (const node of nodes) {
      if (node.type !== 'Pod') continue;
      node.progress ??= '0/1';
      const progress = parseProgress(node.progress);
      if (progress) total = addProgress(total, progress);
      if (node.resourcesDuration) resources = { cpu: resources.cpu + node.resourcesDuration.cpu, memory: resources.memory + node.resourcesDuration.memory };
      // Argo lists the pods whose task results are in; here, every pod that ran to an end.
      if (isCompletedPhase(node.phase) && node.outputs?.exitCode !== undefined) completion[node.id] = true;
    }
    const sum = (node: NodeStatus, visited: Set<string>): { progress: Progress; cpu: number; memory: number } => {
      let progress: Progress = { done: 0, total: 0 };
      let cpu = 0;
      let memory = 0;
      for (const childId of node.children ?? []) {
        if (visited.has(childId)) continue;
        visited.add(childId);
        const child = this.nodes[childId];
        if (!child) continue;
        const nested = sum(child, visited);
        progress = addProgress(progress, nested.progress);
        cpu += nested.cpu;
        memory += nested.memory;
        if (child.type === 'Pod') {
          const own = parseProgress(child.progress);
          if (own) progress = addProgress(progress, own);
          cpu += child.resourcesDuration?.cpu ?? 0;
          memory += child.resourcesDuration?.memory ?? 0;
        }
      }
      return { progress, cpu, memory };
    };
    for (const node of nodes) {
      if (node.type === 'Pod') continue;
      const totals = sum(node, new Set());
      node.progress = formatProgress(totals.progress);
      if (isFulfilledPhase(node.phase) && (totals.cpu > 0 || totals.memory > 0)) node.resourcesDuration = { cpu: totals.cpu, memory: totals.memory };
    }
    this.status.progress = formatProgress(total);
    if (Object.keys(completion).length > 0) this.status.taskResultsCompletionStatus = completion;
    if (this.isCompleted()) {
      this.status.resourcesDuration = resources;
      this.status.conditions = [
        { type: 'PodRunning', status: 'False' },
        { type: 'Completed', status: 'True' },
      ];
    } else {
      const running = nodes.some((node) => node.type === 'Pod' && node.phase === 'Running');
      this.status.conditions = [{ type: 'PodRunning', status: running ? 'True' : 'False' }];
    }
  }
}
