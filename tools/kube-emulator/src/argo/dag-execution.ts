// A DAG template, after Argo's executeDAG/executeDAGTask: each target task pulls its dependencies
// first; `depends` decides run or omit; fan-out makes a TaskGroup; the phase comes from dag-phase.ts.
// failFast (default on): after a failure that no task's `depends` handles, no new task starts.
import { assessDagPhase } from './dag-phase.ts';
import type { DependsExpression, TaskResultFlags } from './depends-expression.ts';
import { buildTaskDependsLogic, evaluateDepends, listDependsTasks } from './depends-expression.ts';
import type { ExecuteOptions, ExecutionContext } from './execution-context.ts';
import { ExecutionScope, applyItem, buildTemplateOutputs, expandFanOut } from './execution-scope.ts';
import { buildExpandedNodeName, buildOnExitNodeName } from './node-names.ts';
import { resolveArgumentArtifacts } from './steps-execution.ts';
import { substituteDeep } from './substitution.ts';
import type { DagTask, NodeInputs, NodePhase, NodeStatus, Template } from './types.ts';
import { isCompletedPhase, isFailedOrError, isFulfilledPhase } from './types.ts';
import { evaluateWhen } from './when-expression.ts';

function continuesOn(task: DagTask | undefined, phase: NodePhase): boolean {
  return (phase === 'Failed' && task?.continueOn?.failed === true) || (phase === 'Error' && task?.continueOn?.error === true);
}

function resultFlags(context: ExecutionContext, node: NodeStatus | undefined): TaskResultFlags {
  const phase = node?.phase;
  const children = node?.type === 'TaskGroup' ? (node.children ?? []).map((id) => context.nodes[id]) : [];
  return {
    Succeeded: phase === 'Succeeded',
    Failed: phase === 'Failed',
    Errored: phase === 'Error',
    Skipped: phase === 'Skipped',
    Omitted: phase === 'Omitted',
    Daemoned: false,
    AnySucceeded: children.some((child) => child?.phase === 'Succeeded'),
    AllFailed: children.length > 0 && children.every((child) => child?.phase === 'Failed'),
  };
}

/** Task names whose failure some other task reacts to (`A.Failed`, `!A.Succeeded`, continueOn …). */
function handledFailures(logic: ReadonlyMap<string, DependsExpression | undefined>): Set<string> {
  const handled = new Set<string>();
  const visit = (expression: DependsExpression | undefined, negated: boolean): void => {
    if (!expression) return;
    if (expression.kind === 'result') {
      if (negated || ['Failed', 'Errored', 'AllFailed', 'AnySucceeded', 'Omitted'].includes(expression.result)) handled.add(expression.task);
    } else if (expression.kind === 'not') visit(expression.operand, !negated);
    else {
      visit(expression.left, negated);
      visit(expression.right, negated);
    }
  };
  for (const expression of logic.values()) visit(expression, false);
  return handled;
}

export function executeDag(context: ExecutionContext, nodeName: string, template: Template, inputs: NodeInputs, options: ExecuteOptions): NodeStatus {
  const dagNode =
    context.getNodeByName(nodeName) ??
    context.initNode({ name: nodeName, type: 'DAG', phase: 'Running', templateName: template.name, boundaryId: options.boundaryId, inputs, displayName: options.displayName });
  if (isFulfilledPhase(dagNode.phase)) return dagNode;

  const tasks = template.dag?.tasks ?? [];
  const byName = new Map(tasks.map((task) => [task.name, task]));
  const logic = new Map<string, DependsExpression | undefined>();
  for (const task of tasks) logic.set(task.name, buildTaskDependsLogic(task, (name) => byName.get(name)?.continueOn));
  const dependenciesOf = (name: string): string[] => listDependsTasks(logic.get(name));
  const taskNodeName = (name: string): string => `${nodeName}.${name}`;
  const taskNode = (name: string): NodeStatus | undefined => context.getNodeByName(taskNodeName(name));

  const dependedOn = new Set(tasks.flatMap((task) => dependenciesOf(task.name)));
  const targets = template.dag?.target
    ? template.dag.target.split(/\s+/).filter(Boolean)
    : tasks.map((task) => task.name).filter((name) => !dependedOn.has(name)).sort();
  const failFast = template.dag?.failFast ?? template.failFast ?? true;
  const handled = handledFailures(logic);
  const blocked =
    failFast &&
    tasks.some((task) => {
      const node = taskNode(task.name);
      return node !== undefined && isFailedOrError(node.phase) && !continuesOn(task, node.phase) && !handled.has(task.name);
    });

  const buildScope = (): ExecutionScope => {
    const scope = new ExecutionScope(context.globalParams);
    for (const artifact of inputs.artifacts ?? []) scope.artifacts.set(`inputs.artifacts.${artifact.name}`, artifact);
    for (const task of tasks) {
      const node = taskNode(task.name);
      if (!node) continue;
      if (node.type === 'TaskGroup') {
        const children = (node.children ?? []).map((id) => context.nodes[id]).filter((child): child is NodeStatus => child !== undefined && child.type !== 'Skipped');
        scope.addAggregate(`tasks.${task.name}`, children);
        scope.params.set(`tasks.${task.name}.status`, node.phase);
        scope.params.set(`tasks.${task.name}.id`, node.id);
      } else {
        scope.addNode(`tasks.${task.name}`, node);
      }
    }
    return scope;
  };

  const visited = new Set<string>();
  const executeTask = (name: string): void => {
    if (visited.has(name)) return;
    visited.add(name);
    const task = byName.get(name);
    if (!task) return;
    const existing = taskNode(name);
    if (existing && isFulfilledPhase(existing.phase)) {
      if (task.onExit && isCompletedPhase(existing.phase)) context.runOnExitNode(task.onExit, existing, dagNode.id);
      return;
    }
    const dependencies = dependenciesOf(name);
    for (const dependency of dependencies) executeTask(dependency);
    for (const dependency of dependencies) {
      const node = taskNode(dependency);
      if (!node || !isFulfilledPhase(node.phase)) return;
      const dependencyTask = byName.get(dependency);
      if (dependencyTask?.onExit && isCompletedPhase(node.phase)) {
        const exitNode = context.getNodeByName(buildOnExitNodeName(node.name));
        if (!exitNode || !isFulfilledPhase(exitNode.phase)) return;
      }
    }

    let taskGroup = existing?.type === 'TaskGroup' ? existing : undefined;
    const connect = (childName: string): void => {
      if (taskGroup) context.addChild(taskGroup.name, childName);
      else if (dependencies.length === 0) context.addChild(nodeName, childName);
      else {
        for (const dependency of dependencies) {
          const node = taskNode(dependency);
          for (const outboundId of node ? context.outboundNodes(node.id) : []) {
            const outbound = context.nodes[outboundId];
            if (outbound) context.addChild(outbound.name, childName);
          }
        }
      }
    };
    const failTask = (childName: string, phase: NodePhase, message: string, displayName: string): void => {
      context.initNode({ name: childName, type: 'Skipped', phase, boundaryId: dagNode.id, templateName: task.template, message, displayName });
      connect(childName);
    };

    const expression = logic.get(name);
    if (!existing && expression) {
      let execute: boolean;
      try {
        execute = evaluateDepends(expression, (dependency) => resultFlags(context, taskNode(dependency)));
      } catch (error) {
        failTask(taskNodeName(name), 'Error', (error as Error).message, name);
        return;
      }
      if (!execute) {
        failTask(taskNodeName(name), 'Omitted', 'omitted: depends condition not met', name);
        return;
      }
    }
    if (!existing && blocked) return;

    const scope = buildScope();
    const resolved = substituteDeep(task, scope.params);
    let items: unknown[] | undefined;
    try {
      items = expandFanOut(resolved);
    } catch (error) {
      if (!existing) failTask(taskNodeName(name), 'Error', (error as Error).message, name);
      return;
    }
    const expanded =
      items === undefined
        ? [{ name, task: resolved }]
        : items.map((item, index) => ({ name: buildExpandedNodeName(name, index, item), task: applyItem(resolved, item) }));
    if (items !== undefined && !taskGroup) {
      context.initNode({ name: taskNodeName(name), type: 'TaskGroup', phase: 'Running', boundaryId: dagNode.id, templateName: task.template, displayName: name });
      connect(taskNodeName(name));
      taskGroup = taskNode(name);
    }

    for (const entry of expanded) {
      const childName = taskNodeName(entry.name);
      let holder = entry.task;
      if (!context.getNodeByName(childName)) {
        if (blocked || !context.canStartChild(template, dagNode.id)) continue;
        let proceed: boolean;
        try {
          proceed = evaluateWhen(holder.when);
        } catch (error) {
          failTask(childName, 'Error', (error as Error).message, entry.name);
          continue;
        }
        if (!proceed) {
          failTask(childName, 'Skipped', `when '${holder.when ?? ''}' evaluated false`, entry.name);
          continue;
        }
        try {
          holder = resolveArgumentArtifacts(holder, scope);
        } catch (error) {
          failTask(childName, 'Error', (error as Error).message, entry.name);
          continue;
        }
      }
      const child = context.executeTemplate(childName, holder, holder.arguments, { boundaryId: dagNode.id, onExit: options.onExit, displayName: entry.name });
      if (child) connect(childName);
    }

    if (taskGroup && !isFulfilledPhase(taskGroup.phase)) {
      let groupPhase: NodePhase = 'Succeeded';
      let notStarted = false;
      for (const entry of expanded) {
        const child = context.getNodeByName(taskNodeName(entry.name));
        if (!child) notStarted = true;
        else if (!isFulfilledPhase(child.phase)) return;
        else if (isFailedOrError(child.phase)) groupPhase = child.phase;
      }
      // Items held back by failFast never start; the group ends with the failure that stopped them.
      if (notStarted && !blocked) return;
      if (notStarted && groupPhase === 'Succeeded') groupPhase = 'Failed';
      context.markNodePhase(taskGroup.name, groupPhase);
    }
  };

  for (const target of targets) {
    executeTask(target);
    const node = taskNode(target);
    const task = byName.get(target);
    if (node && task?.onExit && isCompletedPhase(node.phase)) context.runOnExitNode(task.onExit, node, dagNode.id);
  }

  const phase = assessDagPhase({
    nodes: context.nodes,
    dagNodeId: dagNode.id,
    targets: new Map(targets.map((target) => [target, context.nodeId(taskNodeName(target))])),
    failFast,
    continuesOn: (taskName, taskPhase) => continuesOn(byName.get(taskName), taskPhase),
  });
  if (phase === 'Running') return dagNode;

  dagNode.outboundNodes = targets.flatMap((target) => {
    const node = taskNode(target);
    return node ? context.outboundNodes(node.id) : [];
  });
  if (phase !== 'Succeeded') return context.markNodePhase(nodeName, phase);
  try {
    const outputs = buildTemplateOutputs(template, buildScope());
    if (outputs) {
      dagNode.outputs = outputs;
      context.publishGlobalOutputs(template, dagNode);
    }
  } catch (error) {
    return context.markNodePhase(nodeName, 'Error', (error as Error).message);
  }
  return context.markNodePhase(nodeName, 'Succeeded');
}
