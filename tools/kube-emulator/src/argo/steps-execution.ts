// A steps template, after Argo's executeSteps/executeStepGroup: groups run one after another, the
// steps of a group in parallel; a group fails when a child failed that does not continue on it.
import type { ExecuteOptions, ExecutionContext } from './execution-context.ts';
import { ExecutionScope, applyItem, buildTemplateOutputs, expandFanOut } from './execution-scope.ts';
import { buildExpandedNodeName } from './node-names.ts';
import { substituteDeep } from './substitution.ts';
import type { Artifact, NodeInputs, NodePhase, NodeStatus, Template, WorkflowStep } from './types.ts';
import { isCompletedPhase, isFailedOrError, isFulfilledPhase } from './types.ts';
import { evaluateWhen } from './when-expression.ts';

function stepGroups(template: Template): WorkflowStep[][] {
  return (template.steps ?? []).map((group) => (Array.isArray(group) ? group : ((group as { steps?: WorkflowStep[] }).steps ?? [])) as WorkflowStep[]);
}

function continuesOn(step: WorkflowStep | undefined, phase: NodePhase): boolean {
  return (phase === 'Failed' && step?.continueOn?.failed === true) || (phase === 'Error' && step?.continueOn?.error === true);
}

/** `from: "{{steps.x.outputs.artifacts.y}}"` arguments replaced by the artifact they name. */
export function resolveArgumentArtifacts<T extends { arguments?: { artifacts?: Artifact[] } }>(holder: T, scope: ExecutionScope): T {
  const artifacts = holder.arguments?.artifacts;
  if (!artifacts?.some((artifact) => artifact.from)) return holder;
  const resolved: Artifact[] = [];
  for (const artifact of artifacts) {
    if (!artifact.from) {
      resolved.push(artifact);
      continue;
    }
    try {
      const found = scope.resolveArtifact(artifact.from);
      const copy: Artifact = { ...found, name: artifact.name };
      delete copy.from;
      delete copy.path;
      resolved.push(copy);
    } catch (error) {
      if (!artifact.optional) throw new Error(`unable to resolve references: ${(error as Error).message}`, { cause: error });
    }
  }
  return { ...holder, arguments: { ...holder.arguments, artifacts: resolved } };
}

function expandedChildren(context: ExecutionContext, boundaryId: string, childName: string): NodeStatus[] {
  return Object.values(context.nodes)
    .filter((node) => node.boundaryID === boundaryId && node.name.startsWith(`${childName}(`) && node.type !== 'Skipped')
    .sort((a, b) => Number(/\((\d+):/.exec(a.name.slice(childName.length))?.[1]) - Number(/\((\d+):/.exec(b.name.slice(childName.length))?.[1]));
}

function executeStepGroup(
  context: ExecutionContext,
  steps: WorkflowStep[],
  groupName: string,
  scope: ExecutionScope,
  stepsNode: NodeStatus,
  template: Template,
  options: ExecuteOptions,
): NodeStatus {
  const group = context.getNodeByName(groupName);
  if (!group || isFulfilledPhase(group.phase)) return group as NodeStatus;

  const planned: Array<{ childName: string; displayName: string; step: WorkflowStep }> = [];
  for (const original of steps) {
    const step = substituteDeep(original, scope.params);
    const name = step.name ?? '';
    let items: unknown[] | undefined;
    try {
      items = expandFanOut(step);
    } catch (error) {
      return context.markNodePhase(groupName, 'Error', (error as Error).message);
    }
    if (items === undefined) {
      planned.push({ childName: `${groupName}.${name}`, displayName: name, step });
    } else if (items.length === 0) {
      const childName = `${groupName}.${name}`;
      if (!context.getNodeByName(childName)) {
        context.initNode({ name: childName, type: 'Skipped', phase: 'Skipped', boundaryId: stepsNode.id, templateName: step.template, message: 'Skipped, empty params', displayName: name });
        context.addChild(groupName, childName);
      }
    } else {
      items.forEach((item, index) => {
        const expandedName = buildExpandedNodeName(name, index, item);
        planned.push({ childName: `${groupName}.${expandedName}`, displayName: expandedName, step: applyItem(step, item) });
      });
    }
  }

  const stepByChild = new Map<string, WorkflowStep>();
  let allStarted = true;
  for (const { childName, displayName, step } of planned) {
    stepByChild.set(childName, step);
    let holder = step;
    if (!context.getNodeByName(childName)) {
      let proceed: boolean;
      try {
        proceed = evaluateWhen(step.when);
      } catch (error) {
        context.initNode({ name: childName, type: 'Skipped', phase: 'Error', boundaryId: stepsNode.id, templateName: step.template, message: (error as Error).message, displayName });
        context.addChild(groupName, childName);
        return context.markNodePhase(groupName, 'Error', (error as Error).message);
      }
      if (!proceed) {
        context.initNode({ name: childName, type: 'Skipped', phase: 'Skipped', boundaryId: stepsNode.id, templateName: step.template, message: `when '${step.when ?? ''}' evaluated false`, displayName });
        context.addChild(groupName, childName);
        continue;
      }
      const groupNode = context.getNodeByName(groupName);
      const failedSibling = (groupNode?.children ?? []).some((id) => isFailedOrError(context.nodes[id]?.phase ?? 'Pending'));
      // template.failFast: once a sibling failed no new step starts; the group fails on that sibling.
      if (template.failFast && failedSibling) continue;
      if (!context.canStartChild(template, stepsNode.id)) {
        allStarted = false;
        continue;
      }
      try {
        holder = resolveArgumentArtifacts(step, scope);
      } catch (error) {
        return context.markNodePhase(groupName, 'Error', (error as Error).message);
      }
    }
    const child = context.executeTemplate(childName, holder, holder.arguments, { boundaryId: stepsNode.id, onExit: options.onExit, displayName });
    if (child) context.addChild(groupName, childName);
    else allStarted = false;
  }
  if (!allStarted) return context.getNodeByName(groupName) as NodeStatus;

  const current = context.getNodeByName(groupName) as NodeStatus;
  let completed = true;
  for (const childId of current.children ?? []) {
    const child = context.nodes[childId];
    if (!child || !isFulfilledPhase(child.phase)) {
      completed = false;
      continue;
    }
    const onExit = stepByChild.get(child.name)?.onExit;
    if (onExit && isCompletedPhase(child.phase)) {
      const exitNode = context.runOnExitNode(onExit, child, stepsNode.id);
      if (!exitNode || !isFulfilledPhase(exitNode.phase)) completed = false;
    }
  }
  if (!completed) return current;
  for (const childId of current.children ?? []) {
    const child = context.nodes[childId];
    if (child && isFailedOrError(child.phase) && !continuesOn(stepByChild.get(child.name), child.phase)) {
      return context.markNodePhase(groupName, 'Failed', `child '${childId}' failed`);
    }
  }
  return context.markNodePhase(groupName, 'Succeeded');
}

function updateOutboundNodes(context: ExecutionContext, stepsNode: NodeStatus, groupCount: number): void {
  for (let index = groupCount - 1; index >= 0; index--) {
    const group = context.getNodeByName(`${stepsNode.name}[${index}]`);
    if (!group) continue;
    stepsNode.outboundNodes = (group.children ?? []).flatMap((childId) => context.outboundNodes(childId));
    return;
  }
}

export function executeSteps(context: ExecutionContext, nodeName: string, template: Template, inputs: NodeInputs, options: ExecuteOptions): NodeStatus {
  const node =
    context.getNodeByName(nodeName) ??
    context.initNode({ name: nodeName, type: 'Steps', phase: 'Running', templateName: template.name, boundaryId: options.boundaryId, inputs, displayName: options.displayName });
  if (isFulfilledPhase(node.phase)) return node;

  const scope = new ExecutionScope(context.globalParams);
  for (const artifact of inputs.artifacts ?? []) scope.artifacts.set(`inputs.artifacts.${artifact.name}`, artifact);
  const groups = stepGroups(template);
  for (const [index, steps] of groups.entries()) {
    const groupName = `${nodeName}[${index}]`;
    if (!context.getNodeByName(groupName)) {
      context.initNode({ name: groupName, type: 'StepGroup', phase: 'Running', boundaryId: node.id, displayName: `[${index}]` });
      if (index === 0) {
        context.addChild(nodeName, groupName);
      } else {
        const previous = context.getNodeByName(`${nodeName}[${index - 1}]`);
        if (!previous?.children?.length) context.addChild(`${nodeName}[${index - 1}]`, groupName);
        else {
          for (const childId of previous.children) {
            for (const outboundId of context.outboundNodes(childId)) {
              const outbound = context.nodes[outboundId];
              if (outbound) context.addChild(outbound.name, groupName);
            }
          }
        }
      }
    }
    const group = executeStepGroup(context, steps, groupName, scope, node, template, options);
    if (!isFulfilledPhase(group.phase)) return node;
    if (isFailedOrError(group.phase)) {
      updateOutboundNodes(context, node, groups.length);
      return context.markNodePhase(nodeName, 'Failed', group.message);
    }
    for (const step of steps) {
      const childName = `${groupName}.${step.name ?? ''}`;
      const child = context.getNodeByName(childName);
      const prefix = `steps.${step.name ?? ''}`;
      if (child) scope.addNode(prefix, child);
      else scope.addAggregate(prefix, expandedChildren(context, node.id, childName));
    }
  }
  updateOutboundNodes(context, node, groups.length);
  try {
    const outputs = buildTemplateOutputs(template, scope);
    if (outputs) {
      node.outputs = outputs;
      context.publishGlobalOutputs(template, node);
    }
  } catch (error) {
    return context.markNodePhase(nodeName, 'Error', (error as Error).message);
  }
  return context.markNodePhase(nodeName, 'Succeeded');
}
