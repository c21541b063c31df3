// A DAG's phase, after Argo's assessDAGPhase: walk from the DAG's first tasks along children, carrying
// the phase of the last completed node of each branch, so an omitted or skipped target inherits the
// failure above it. The DAG fails when a target branch failed (unless that task continues on it).
import type { NodePhase, NodeStatus } from './types.ts';
import { isCompletedPhase, isFailedOrError, isFulfilledPhase } from './types.ts';

export interface AssessDagPhaseInput {
  nodes: Readonly<Record<string, NodeStatus>>;
  dagNodeId: string;
  /** Target task name → the id its node has (or would have). */
  targets: ReadonlyMap<string, string>;
  failFast: boolean;
  continuesOn: (taskName: string, phase: NodePhase) => boolean;
}

export function assessDagPhase(input: AssessDagPhaseInput): 'Running' | 'Succeeded' | 'Failed' | 'Error' {
  const targetPhases = new Map<string, NodePhase | undefined>();
  for (const id of input.targets.values()) targetPhases.set(id, undefined);

  const seen = new Set<string>();
  const queue: Array<{ id: string; phase: NodePhase }> = [];
  const enqueue = (ids: readonly string[] | undefined, phase: NodePhase): void => {
    for (const id of ids ?? []) {
      const key = `${id}|${phase}`;
      if (!seen.has(key)) {
        seen.add(key);
        queue.push({ id, phase });
      }
    }
  };
  enqueue(input.nodes[input.dagNodeId]?.children, 'Succeeded');

  for (let current = queue.shift(); current; current = queue.shift()) {
    const node = input.nodes[current.id];
    if (!node) continue;
    if (!isFulfilledPhase(node.phase)) return 'Running';
    const branchPhase = isCompletedPhase(node.phase) ? node.phase : current.phase;
    if (targetPhases.has(node.id)) {
      const previous = targetPhases.get(node.id);
      if (previous === undefined || !isFailedOrError(previous)) targetPhases.set(node.id, branchPhase);
    }
    if (node.type === 'Retry') {
      const lastAttempt = input.nodes[node.children?.at(-1) ?? ''];
      enqueue(lastAttempt?.children, branchPhase);
    } else {
      enqueue(node.children, branchPhase);
    }
  }

  let result: 'Running' | 'Succeeded' | 'Failed' | 'Error' = 'Succeeded';
  for (const [taskName, id] of input.targets) {
    const branchPhase = targetPhases.get(id);
    if (branchPhase === undefined) {
      result = 'Running';
      if (!input.failFast) break;
    } else if (isFailedOrError(branchPhase)) {
      if (input.continuesOn(taskName, branchPhase)) continue;
      result = branchPhase as 'Failed' | 'Error';
      if (input.failFast) break;
    }
  }
  return result;
}
