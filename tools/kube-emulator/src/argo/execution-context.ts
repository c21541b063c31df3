// The engine's surface that the steps and DAG executors use, so each lives in its own module.
import type { Arguments, NodeInputs, NodePhase, NodeStatus, NodeType, Template } from './types.ts';

export interface TemplateHolder {
  name?: string;
  template?: string;
  templateRef?: { name?: string; template?: string; clusterScope?: boolean };
  inline?: Template;
  arguments?: Arguments;
  onExit?: string;
  continueOn?: { failed?: boolean; error?: boolean };
  when?: string;
}

export interface ExecuteOptions {
  boundaryId?: string;
  /** The node belongs to an exit handler: it still runs under `shutdown: Stop` and after the deadline. */
  onExit: boolean;
  /** Set on the attempts under a Retry node; `{{retries}}` takes this value. */
  retryAttempt?: number;
  displayName?: string;
}

export interface NodeInit {
  name: string;
  type: NodeType;
  phase: NodePhase;
  templateName?: string;
  boundaryId?: string;
  message?: string;
  inputs?: NodeInputs;
  displayName?: string;
}

export interface ExecutionContext {
  readonly workflowName: string;
  readonly globalParams: ReadonlyMap<string, string>;
  readonly nodes: Readonly<Record<string, NodeStatus>>;
  nodeId(name: string): string;
  getNodeByName(name: string): NodeStatus | undefined;
  initNode(init: NodeInit): NodeStatus;
  markNodePhase(name: string, phase: NodePhase, message?: string): NodeStatus;
  addChild(parentName: string, childName: string): void;
  executeTemplate(nodeName: string, holder: TemplateHolder, args: Arguments | undefined, options: ExecuteOptions): NodeStatus | undefined;
  outboundNodes(nodeId: string): string[];
  /** False while the boundary template's `parallelism` is used up. */
  canStartChild(boundaryTemplate: Template, boundaryId: string): boolean;
  runOnExitNode(templateName: string, parent: NodeStatus, boundaryId: string | undefined): NodeStatus | undefined;
  publishGlobalOutputs(template: Template, node: NodeStatus): void;
}
