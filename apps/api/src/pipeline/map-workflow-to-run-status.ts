import type { RunState } from '@trainops/contracts';
import { getWorkflowNodes } from '@trainops/workflows';
import type { NodeStatus, Workflow } from '@trainops/workflows';

// What a Workflow's status means for its run, as one pure function: the watcher, the periodic
// resync and the start-up reconcile all read a workflow through it, so a replayed or re-listed
// workflow always yields the same run status (which is what makes replays change nothing).

/** The steps of the training pipeline as a person names them (the run card lists them). */
export const pipelineSteps = ['checkout', 'dependencies', 'dataset', 'train', 'export', 'publish'] as const;
export type PipelineStep = (typeof pipelineSteps)[number];

// libs/workflows' template names; the three checkout variants are one step to the person reading.
const stepByTemplate: Readonly<Record<string, PipelineStep>> = {
  checkout: 'checkout',
  'checkout-with-token': 'checkout',
  'checkout-with-ssh-key': 'checkout',
  'install-dependencies': 'dependencies',
  'fetch-dataset': 'dataset',
  train: 'train',
  'export-onnx': 'export',
  publish: 'publish',
};

export interface RunStepStatus {
  step: PipelineStep;
  /** Argo's node phase: Pending, Running, Succeeded, Failed, Error, Skipped, Omitted. */
  phase: string;
  /** The node of the step's last attempt (the pod), for `argo.logs`. */
  nodeId: string;
  attempts: number;
  message: string | null;
  exitCode: number | null;
  progress: string | null;
}

export interface RunStepFailure {
  step: PipelineStep;
  nodeId: string;
  exitCode: number | null;
  message: string | null;
}

export interface WorkflowRunStatus {
  state: RunState;
  progress: string | null;
  message: string | null;
  steps: RunStepStatus[];
  /** The first step that failed, for failed and errored runs. */
  failure: RunStepFailure | null;
  /** Argo's own phase, kept in run events for whoever debugs a run. */
  phase: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export const waitingForSlotMessage = "waiting for the project's GPU slot";

// Argo's words for a workflow held back by a semaphore or mutex:
// "Waiting for trainops/ConfigMap/trainops-run-limits/pcb-defect lock. Lock status: 0/1".
const waitingForLock = /waiting for .* lock/i;

export function mapWorkflowToRunStatus(workflow: Workflow): WorkflowRunStatus {
  const status = workflow.status ?? {};
  const phase = status.phase === undefined || status.phase === '' ? null : status.phase;
  const steps = readSteps(workflow);
  const failure = findFailure(steps);
  const train = steps.find((step) => step.step === 'train');
  const progress = describeProgress(train?.progress ?? null, status.progress ?? null);
  const workflowMessage = status.message === undefined || status.message === '' ? null : status.message;
  const times = { startedAt: parseTime(status.startedAt), finishedAt: parseTime(status.finishedAt) };
  const base = { progress, steps, phase, ...times };

  switch (phase) {
    case null:
    case 'Pending':
      return {
        ...base,
        state: 'submitted',
        message: workflowMessage !== null && waitingForLock.test(workflowMessage) ? waitingForSlotMessage : workflowMessage,
        failure: null,
        finishedAt: null,
      };
    case 'Running':
      return { ...base, state: 'running', message: describeRunning(steps), failure: null, finishedAt: null };
    case 'Succeeded':
      return { ...base, state: 'succeeded', message: null, failure: null };
    case 'Failed':
      if (workflow.spec.shutdown !== undefined) {
        return { ...base, state: 'cancelled', message: `Stopped on request (${workflow.spec.shutdown})`, failure: null };
      }
      return { ...base, state: 'failed', message: describeFailure(failure, workflowMessage), failure };
    case 'Error':
      return { ...base, state: 'error', message: describeFailure(failure, workflowMessage), failure };
    default:
      // A phase this code does not know is not a reason to move the run: it keeps waiting.
      return { ...base, state: 'submitted', message: `Argo reports an unknown phase "${phase}"`, failure: null, finishedAt: null };
  }
}

function readSteps(workflow: Workflow): RunStepStatus[] {
  let nodes: NodeStatus[];
  try {
    nodes = getWorkflowNodes(workflow);
  } catch {
    // Offloaded or unreadable node status: the workflow's phase still tells the run's state.
    return [];
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const steps: RunStepStatus[] = [];
  for (const node of nodes) {
    const step = stepOf(node);
    if (step === undefined) continue;
    // A step with a retry strategy is a Retry node whose children are the attempts (Pod nodes);
    // a step without one is the Pod node itself. Attempts are read through their Retry parent.
    if (node.type === 'Pod' && isAttempt(node, byId)) continue;
    if (node.type !== 'Retry' && node.type !== 'Pod') continue;
    const attempts = node.type === 'Retry' ? (node.children ?? []).map((id) => byId.get(id)).filter((child) => child !== undefined) : [node];
    const last = attempts.at(-1) ?? node;
    steps.push({
      step,
      phase: node.phase ?? 'Pending',
      nodeId: last.id,
      attempts: attempts.length,
      message: last.message ?? node.message ?? null,
      exitCode: parseExitCode(last.outputs?.exitCode),
      progress: last.progress ?? node.progress ?? null,
    });
  }
  return steps;
}

function stepOf(node: NodeStatus): PipelineStep | undefined {
  if (node.templateName !== undefined && Object.hasOwn(stepByTemplate, node.templateName)) return stepByTemplate[node.templateName];
  const display = node.displayName?.replace(/\(\d+\)$/, '');
  return display !== undefined && Object.hasOwn(stepByTemplate, display) ? stepByTemplate[display] : undefined;
}

function isAttempt(node: NodeStatus, byId: ReadonlyMap<string, NodeStatus>): boolean {
  for (const candidate of byId.values()) {
    if (candidate.type === 'Retry' && candidate.children?.includes(node.id)) return true;
  }
  return false;
}

function findFailure(steps: readonly RunStepStatus[]): RunStepFailure | null {
  const failed = steps.find((step) => step.phase === 'Failed' || step.phase === 'Error');
  return failed === undefined ? null : { step: failed.step, nodeId: failed.nodeId, exitCode: failed.exitCode, message: failed.message };
}

function describeRunning(steps: readonly RunStepStatus[]): string | null {
  const current = steps.filter((step) => step.phase === 'Running' || step.phase === 'Pending').map((step) => step.step);
  return current.length === 0 ? null : `running ${current.join(', ')}`;
}

function describeFailure(failure: RunStepFailure | null, workflowMessage: string | null): string {
  if (failure === null) return workflowMessage ?? 'The workflow failed without saying why';
  const exit = failure.exitCode === null ? '' : ` (exit code ${failure.exitCode})`;
  const said = failure.message === null ? '' : `: ${failure.message}`;
  return `The ${failure.step} step failed${exit}${said}`;
}

/** `epoch 3/50` while the train step reports epochs, else Argo's own `N/M` of the workflow. */
function describeProgress(trainProgress: string | null, workflowProgress: string | null): string | null {
  const epochs = parseFraction(trainProgress);
  // A pod that reports nothing counts as 0/1 or 1/1 in Argo; only a real count is epochs.
  if (epochs !== null && epochs.total > 1) return `epoch ${epochs.done}/${epochs.total}`;
  return parseFraction(workflowProgress) === null ? null : workflowProgress;
}

function parseFraction(text: string | null): { done: number; total: number } | null {
  const match = text === null ? null : /^(\d+)\/(\d+)$/.exec(text);
  if (match === null) return null;
  return { done: Number(match[1]), total: Number(match[2]) };
}

function parseExitCode(text: string | undefined): number | null {
  if (text === undefined || !/^-?\d+$/.test(text)) return null;
  return Number(text);
}

function parseTime(text: string | null | undefined): Date | null {
  if (text === undefined || text === null || text === '') return null;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? null : time;
}
