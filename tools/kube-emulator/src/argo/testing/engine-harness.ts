// Drives a WorkflowEngine without processes: our own pod port (launchPod/killPod) is replaced by a
// recorder, so DAG and steps semantics can be checked quickly and deterministically. The real pod
// runner is covered by the controller suites against the API server.
import { parse as parseYaml } from 'yaml';
import { isTransientMessage } from '../retry-decision.ts';
import type { NodeOutputs, NodeStatus, Template, WorkflowObject } from '../types.ts';
import { isFulfilledPhase } from '../types.ts';
import { WorkflowEngine, type PodLaunchRequest } from '../workflow-engine.ts';

export interface PodOutcome {
  exitCode?: number;
  outputs?: Omit<NodeOutputs, 'exitCode'>;
  /** Leave the pod running. */
  hold?: boolean;
}

export interface EngineHarness {
  engine: WorkflowEngine;
  workflow: WorkflowObject;
  launched: PodLaunchRequest[];
  killed: Array<{ nodeId: string; message: string }>;
  wakeups: number[];
  now(): number;
  advance(ms: number): void;
  /** Finishes every pod started so far and not held, operating until nothing changes. */
  settle(decide: (request: PodLaunchRequest) => PodOutcome): void;
  finishPod(request: PodLaunchRequest, outcome: PodOutcome): void;
  node(displayName: string): NodeStatus;
  setSpec(change: Partial<WorkflowObject['spec']>): void;
}

export function parseWorkflow(yaml: string, name = 'wf'): WorkflowObject {
  const parsed = parseYaml(yaml) as WorkflowObject;
  return { ...parsed, metadata: { ...parsed.metadata, name, namespace: 'argo', uid: 'uid-1', creationTimestamp: '2024-01-01T00:00:00Z' } };
}

export function createEngineHarness(workflow: WorkflowObject, options: { timeScale?: number; templates?: Record<string, Template[]> } = {}): EngineHarness {
  let clock = Date.parse('2024-01-01T00:00:00Z');
  const launched: PodLaunchRequest[] = [];
  const killed: Array<{ nodeId: string; message: string }> = [];
  const wakeups: number[] = [];
  const settledPods = new Set<string>();
  let live = workflow;
  const engine = new WorkflowEngine({
    workflow,
    spec: workflow.spec,
    lookupRef: (ref) => options.templates?.[ref.name ?? '']?.find((template) => template.name === ref.template),
    timeScale: options.timeScale ?? 1,
    isTransient: (message) => isTransientMessage(message),
    hooks: {
      now: () => clock,
      launchPod: (request) => launched.push(request),
      killPod: (nodeId, message) => killed.push({ nodeId, message }),
      wakeAt: (time) => wakeups.push(time),
    },
  });
  engine.start();
  engine.operate();

  const finishPod = (request: PodLaunchRequest, outcome: PodOutcome): void => {
    settledPods.add(request.nodeId);
    engine.applyPodUpdate(request.nodeId, { phase: 'Running', startedMs: clock, hostNodeName: 'test-node' });
    clock += 1000;
    const exitCode = outcome.exitCode ?? 0;
    engine.applyPodUpdate(request.nodeId, {
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      message: exitCode === 0 ? '' : `Error (exit code ${exitCode})`,
      outputs: { ...outcome.outputs, exitCode: String(exitCode) },
      finishedMs: clock,
    });
  };

  return {
    engine,
    workflow,
    launched,
    killed,
    wakeups,
    now: () => clock,
    advance(ms) {
      clock += ms;
      engine.operate();
    },
    finishPod(request, outcome) {
      finishPod(request, outcome);
      engine.operate();
    },
    settle(decide) {
      for (let round = 0; round < 200; round++) {
        const open = launched.filter((request) => !settledPods.has(request.nodeId) && !isFulfilledPhase(engine.nodes[request.nodeId]?.phase ?? 'Succeeded'));
        const ready = open.map((request) => [request, decide(request)] as const).filter(([, outcome]) => !outcome.hold);
        if (ready.length === 0) return;
        for (const [request, outcome] of ready) finishPod(request, outcome);
        engine.operate();
      }
      throw new Error('the workflow did not settle in 200 rounds');
    },
    node(displayName) {
      const found = Object.values(engine.nodes).filter((node) => node.displayName === displayName);
      if (found.length !== 1) throw new Error(`expected one node "${displayName}", found ${found.length}: ${Object.values(engine.nodes).map((node) => node.displayName).join(', ')}`);
      return found[0] as NodeStatus;
    },
    setSpec(change) {
      live = { ...live, spec: { ...live.spec, ...change } };
      engine.setLiveWorkflow(live);
      engine.operate();
    },
  };
}

/** The exit code a `sh -c "exit N"` template asks for, so fixtures drive themselves. */
export function exitCodeOf(request: PodLaunchRequest): number {
  const text = [...(request.template.container?.command ?? []), ...(request.template.container?.args ?? [])].join(' ');
  const match = /exit (\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}
