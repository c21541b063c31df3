// "invalid spec: …" checks run once before a workflow starts, as Argo's validate.ValidateWorkflow.
// The schema part uses @kubernetes-models/argo-workflows; where its generated schema is stricter than
// Argo itself (container name required, step groups as objects, parameter values as strings only —
// claim templates without apiVersion/kind — compare ../shared/reference/argo/schema.json), the spec
// is normalized first.
import { Workflow } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Workflow';
import { buildTaskDependsLogic, listDependsTasks } from './depends-expression.ts';
import { parseArgoDuration } from './durations.ts';
import { parseRetryLimit } from './retry-decision.ts';
import { listTags, toParameterString } from './substitution.ts';
import { listTemplateKinds } from './template-kind.ts';
import type { DagTask, Template, WorkflowObject, WorkflowSpec, WorkflowStep } from './types.ts';

export type TemplateLookup = (ref: { name?: string; template?: string; clusterScope?: boolean }) => Template | undefined;

function normalizeParameters(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((item: unknown) => {
    if (item === null || typeof item !== 'object') return item;
    const copy = { ...(item as Record<string, unknown>) };
    for (const key of ['value', 'default']) {
      if (copy[key] !== undefined && typeof copy[key] !== 'string') copy[key] = toParameterString(copy[key]);
    }
    if (Array.isArray(copy.enum)) copy.enum = copy.enum.map((value: unknown) => toParameterString(value));
    return copy;
  });
}

/** A copy shaped the way the generated schema expects, with Argo's own leniencies applied. */
export function normalizeForSchema(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    if (key === 'volumeClaimTemplates') {
      // Upstream requires neither field on a claim template; the generated PVC schema requires both.
      return value.map((claim: unknown) => (claim !== null && typeof claim === 'object' ? { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...normalizeForSchema(claim) as object } : claim));
    }
    if (key === 'steps') {
      return value.map((group: unknown) => (Array.isArray(group) ? { steps: group.map((step: unknown) => normalizeForSchema(step)) } : normalizeForSchema(group)));
    }
    return value.map((item: unknown) => normalizeForSchema(item));
  }
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(value as Record<string, unknown>)) {
    copy[childKey] = childKey === 'parameters' ? normalizeParameters(normalizeForSchema(child, childKey)) : normalizeForSchema(child, childKey);
  }
  for (const containerKey of ['container', 'script']) {
    const container = copy[containerKey];
    if (container !== null && typeof container === 'object' && !Array.isArray(container) && (container as Record<string, unknown>).name === undefined) {
      copy[containerKey] = { ...(container as Record<string, unknown>), name: 'main' };
    }
  }
  return copy;
}

function formatInstancePath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce((text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`), '');
}

export function validateWorkflowSchema(workflow: WorkflowObject): string | undefined {
  const normalized = normalizeForSchema({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: workflow.metadata.name }, spec: workflow.spec });
  try {
    new Workflow(normalized as ConstructorParameters<typeof Workflow>[0]).validate();
    return undefined;
  } catch (error) {
    const details = (error as { errors?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> }).errors;
    if (!details || details.length === 0) return (error as Error).message;
    const seen = new Set<string>();
    const messages: string[] = [];
    for (const detail of details) {
      const allowed = Array.isArray(detail.params?.allowedValues) ? ` (${(detail.params.allowedValues as unknown[]).join(', ')})` : '';
      const text = `${formatInstancePath(detail.instancePath) || 'workflow'}: ${detail.message ?? 'is invalid'}${allowed}`;
      if (!seen.has(text)) {
        seen.add(text);
        messages.push(text);
      }
    }
    return messages.slice(0, 5).join('; ');
  }
}

const unsupportedStores = ['artifactory', 'gcs', 'oss', 'hdfs', 'azure', 'plugin', 'git', 'http', 'raw'] as const;

function stepsOf(template: Template): WorkflowStep[] {
  return (template.steps ?? []).flatMap((group) => (Array.isArray(group) ? group : ((group as { steps?: WorkflowStep[] }).steps ?? [])) as WorkflowStep[]);
}

function describeRef(holder: { template?: string; templateRef?: { name?: string; template?: string } }): string {
  if (holder.templateRef) return `${holder.templateRef.name ?? ''}.${holder.templateRef.template ?? ''}`;
  return holder.template ?? '';
}

function checkTemplateReferences(spec: WorkflowSpec, lookupRef: TemplateLookup): string | undefined {
  const names = new Set((spec.templates ?? []).map((template) => template.name));
  const check = (where: string, holder: WorkflowStep | DagTask): string | undefined => {
    if (holder.inline) return undefined;
    if (holder.templateRef) {
      return lookupRef(holder.templateRef) ? undefined : `${where} template reference ${describeRef(holder)} not found`;
    }
    if (!holder.template || !names.has(holder.template)) return `${where}.template '${holder.template ?? ''}' undefined`;
    if (holder.onExit !== undefined && !names.has(holder.onExit)) return `${where}.onExit template '${holder.onExit}' undefined`;
    return undefined;
  };
  for (const template of spec.templates ?? []) {
    for (const [groupIndex, group] of (template.steps ?? []).entries()) {
      const steps = (Array.isArray(group) ? group : (group as { steps?: WorkflowStep[] }).steps ?? []) as WorkflowStep[];
      for (const step of steps) {
        const problem = check(`templates.${template.name}.steps[${groupIndex}].${step.name ?? ''}`, step);
        if (problem) return problem;
      }
    }
    for (const task of template.dag?.tasks ?? []) {
      const problem = check(`templates.${template.name}.tasks.${task.name}`, task);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkDag(template: Template): string | undefined {
  const tasks = template.dag?.tasks ?? [];
  const where = `templates.${template.name}`;
  const byName = new Map<string, DagTask>();
  for (const task of tasks) {
    if (byName.has(task.name)) return `${where}.tasks.${task.name} is defined more than once`;
    byName.set(task.name, task);
  }
  if (tasks.some((task) => task.depends) && tasks.some((task) => task.dependencies && task.dependencies.length > 0)) {
    return `${where} cannot use both 'depends' and 'dependencies' in the same DAG template`;
  }
  const edges = new Map<string, string[]>();
  for (const task of tasks) {
    let dependencies: string[];
    try {
      dependencies = listDependsTasks(buildTaskDependsLogic(task, (name) => byName.get(name)?.continueOn));
    } catch (error) {
      return `${where}.tasks.${task.name}.depends '${task.depends ?? ''}' is invalid: ${(error as Error).message}`;
    }
    const missing = dependencies.find((name) => !byName.has(name));
    if (missing !== undefined) return `${where}.tasks.${task.name} dependency '${missing}' not defined`;
    edges.set(task.name, dependencies);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return `${where} dependency cycle detected: ${[...trail.slice(trail.indexOf(name)), name].join('->')}`;
    state.set(name, 'visiting');
    for (const dependency of edges.get(name) ?? []) {
      const cycle = visit(dependency, [...trail, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const task of tasks) {
    const cycle = visit(task.name, []);
    if (cycle) return cycle;
  }
  if (template.dag?.target) {
    const unknownTarget = template.dag.target.split(/\s+/).find((name) => name !== '' && !byName.has(name));
    if (unknownTarget !== undefined) return `${where}.dag.target '${unknownTarget}' is not a task`;
  }
  return undefined;
}

function checkRetryStrategy(where: string, template: Template): string | undefined {
  const strategy = template.retryStrategy;
  if (!strategy) return undefined;
  try {
    parseRetryLimit(strategy.limit);
    for (const key of ['duration', 'maxDuration', 'cap'] as const) {
      const value = strategy.backoff?.[key];
      if (value !== undefined && value !== '') parseArgoDuration(String(value));
    }
  } catch (error) {
    return `${where}.retryStrategy: ${(error as Error).message}`;
  }
  if (strategy.retryPolicy && !['Always', 'OnFailure', 'OnError', 'OnTransientError'].includes(strategy.retryPolicy)) {
    return `${where}.retryStrategy.retryPolicy '${strategy.retryPolicy}' is not one of Always, OnFailure, OnError, OnTransientError`;
  }
  if (strategy.expression) return `${where}.retryStrategy.expression is not supported by the local controller`;
  return undefined;
}

function checkVariables(spec: WorkflowSpec, template: Template): string | undefined {
  const inputNames = new Set((template.inputs?.parameters ?? []).map((parameter) => parameter.name));
  const globalNames = new Set((spec.arguments?.parameters ?? []).map((parameter) => parameter.name));
  const body = JSON.stringify({ ...template, inputs: { ...template.inputs, parameters: undefined } });
  for (const tag of listTags(body)) {
    if (tag.startsWith('=')) return `templates.${template.name}: expression tags ({{=…}}) are not supported by the local controller: {{${tag}}}`;
    const input = /^inputs\.parameters\.(.+)$/.exec(tag);
    if (input && !inputNames.has(input[1] ?? '')) return `templates.${template.name}: failed to resolve {{${tag}}}`;
    const global = /^workflow\.parameters\.(.+)$/.exec(tag);
    if (global && !globalNames.has(global[1] ?? '')) return `templates.${template.name}: failed to resolve {{${tag}}}`;
  }
  return undefined;
}

/** The reason the workflow is invalid (without the "invalid spec: " prefix), or undefined. */
export function validateWorkflow(workflow: WorkflowObject, lookupRef: TemplateLookup): string | undefined {
  const schemaProblem = validateWorkflowSchema(workflow);
  if (schemaProblem) return schemaProblem;
  const spec = workflow.spec;
  const templates = spec.templates ?? [];
  if (templates.length === 0) return 'spec.templates is required';
  const seen = new Set<string>();
  for (const template of templates) {
    if (!template.name) return 'templates[].name is required';
    if (seen.has(template.name)) return `templates.${template.name} is defined more than once`;
    seen.add(template.name);
  }
  if (!spec.entrypoint) return 'spec.entrypoint is required';
  if (!seen.has(spec.entrypoint)) return `spec.entrypoint template '${spec.entrypoint}' undefined`;
  if (spec.onExit && !seen.has(spec.onExit)) return `spec.onExit template '${spec.onExit}' undefined`;
  for (const [hookName, hook] of Object.entries(spec.hooks ?? {})) {
    if (hookName !== 'exit') return `spec.hooks.${hookName}: only the 'exit' lifecycle hook is supported by the local controller`;
    if (hook.template && !seen.has(hook.template)) return `spec.hooks.exit template '${hook.template}' undefined`;
  }
  for (const template of templates) {
    const where = `templates.${template.name}`;
    const kinds = listTemplateKinds(template);
    if (kinds.length === 0) return `${where} template type unspecified. choose one of: container, containerSet, steps, script, resource, dag, suspend, data, http, plugin`;
    if (kinds.length > 1) return `${where} multiple template types specified`;
    if (template.container && !template.container.image) return `${where}.container.image may not be empty`;
    if (template.script && !template.script.image) return `${where}.script.image may not be empty`;
    const retryProblem = checkRetryStrategy(where, template);
    if (retryProblem) return retryProblem;
    if (template.suspend?.duration !== undefined && !String(template.suspend.duration).includes('{{')) {
      try {
        parseArgoDuration(String(template.suspend.duration));
      } catch (error) {
        return `${where}.suspend.duration: ${(error as Error).message}`;
      }
    }
    if (template.synchronization) return `${where}.synchronization: template-level synchronization is not supported by the local controller (use spec.synchronization)`;
    const unsupportedStore = (template.outputs?.artifacts ?? []).find((artifact) => unsupportedStores.some((store) => artifact[store] !== undefined));
    if (unsupportedStore) return `${where}.outputs.artifacts.${unsupportedStore.name}: only s3 output artifacts are supported by the local controller`;
    const hooked = [...(template.dag?.tasks ?? []), ...stepsOf(template)].find((holder) => holder.hooks !== undefined);
    if (hooked) return `${where}.${hooked.name ?? ''}.hooks: lifecycle hooks on steps and tasks are not supported by the local controller (use onExit)`;
    if (template.dag) {
      const dagProblem = checkDag(template);
      if (dagProblem) return dagProblem;
    }
    const variableProblem = checkVariables(spec, template);
    if (variableProblem) return variableProblem;
  }
  const referenceProblem = checkTemplateReferences(spec, lookupRef);
  if (referenceProblem) return referenceProblem;
  const entrypoint = templates.find((template) => template.name === spec.entrypoint);
  for (const parameter of entrypoint?.inputs?.parameters ?? []) {
    const supplied = spec.arguments?.parameters?.find((candidate) => candidate.name === parameter.name);
    const hasValue = (supplied && (supplied.value !== undefined || supplied.valueFrom)) || parameter.value !== undefined || parameter.default !== undefined;
    if (!hasValue) return `spec.arguments.${parameter.name}.value is required`;
  }
  for (const parameter of spec.arguments?.parameters ?? []) {
    if (parameter.valueFrom !== undefined) return `spec.arguments.${parameter.name}.valueFrom is not supported by the local controller: give a value`;
    if (parameter.value === undefined && parameter.default === undefined) {
      return `spec.arguments.${parameter.name}.value is required`;
    }
  }
  return undefined;
}
