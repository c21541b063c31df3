// The shapes the controller reads (Argo's spec, as typed by @kubernetes-models/argo-workflows) and the
// shapes it writes (status.nodes and friends, as the real workflow-controller writes them).
import type {
  IArguments,
  IArtifact,
  IDAGTask,
  IParameter,
  IRetryStrategy,
  ITemplate,
  IWorkflowSpec,
  IWorkflowStep,
} from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1';

export type WorkflowSpec = IWorkflowSpec;
export type Template = ITemplate;
export type WorkflowStep = IWorkflowStep;
export type DagTask = IDAGTask;
export type Arguments = IArguments;
export type Parameter = IParameter;
export type Artifact = IArtifact;
export type RetryStrategy = IRetryStrategy;
export type Container = NonNullable<ITemplate['container']>;

export const nodePhases = ['Pending', 'Running', 'Succeeded', 'Skipped', 'Failed', 'Error', 'Omitted'] as const;
export type NodePhase = (typeof nodePhases)[number];

export const nodeTypes = ['Pod', 'Steps', 'StepGroup', 'DAG', 'TaskGroup', 'Retry', 'Skipped', 'Suspend'] as const;
export type NodeType = (typeof nodeTypes)[number];

export type WorkflowPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';

export interface OutputParameter {
  name: string;
  value: string;
}

export interface NodeOutputs {
  parameters?: OutputParameter[];
  artifacts?: Artifact[];
  result?: string;
  exitCode?: string;
}

export interface NodeInputs {
  parameters?: OutputParameter[];
  artifacts?: Artifact[];
}

export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: NodeType;
  templateName?: string;
  templateScope?: string;
  phase: NodePhase;
  boundaryID?: string;
  children?: string[];
  outboundNodes?: string[];
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  message?: string;
  inputs?: NodeInputs;
  outputs?: NodeOutputs;
  hostNodeName?: string;
  resourcesDuration?: { cpu: number; memory: number };
  nodeFlag?: { retried?: boolean; hooked?: boolean };
}

export interface WorkflowCondition {
  type: string;
  status: 'True' | 'False';
  message?: string;
}

export interface SemaphoreHolding {
  semaphore: string;
  holders: string[];
}

export interface WorkflowStatus {
  phase?: WorkflowPhase;
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  message?: string;
  nodes?: Record<string, NodeStatus>;
  conditions?: WorkflowCondition[];
  outputs?: { parameters?: OutputParameter[]; artifacts?: Artifact[] };
  artifactRepositoryRef?: Record<string, unknown>;
  artifactGCStatus?: { notSpecified: boolean };
  taskResultsCompletionStatus?: Record<string, boolean>;
  resourcesDuration?: { cpu: number; memory: number };
  synchronization?: {
    semaphore?: { holding?: SemaphoreHolding[]; waiting?: SemaphoreHolding[] };
    mutex?: { holding?: Array<{ mutex: string; holder: string }>; waiting?: Array<{ mutex: string; holder: string }> };
  };
  storedTemplates?: Record<string, Template>;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
}

export interface WorkflowObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

export function isFulfilledPhase(phase: NodePhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error' || phase === 'Skipped' || phase === 'Omitted';
}

export function isCompletedPhase(phase: NodePhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}

export function isFailedOrError(phase: NodePhase): boolean {
  return phase === 'Failed' || phase === 'Error';
}

export function isWorkflowCompleted(phase: WorkflowPhase | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}
