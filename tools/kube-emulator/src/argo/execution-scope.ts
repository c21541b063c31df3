// What steps and tasks may refer to: `steps.<name>.…` / `tasks.<name>.…` built from finished nodes,
// `{{item…}}` from fan-out, and the outputs a steps or DAG template publishes from its children.
import { describeItem, formatItemValue } from './node-names.ts';
import { substituteDeep, toParameterString } from './substitution.ts';
import type { Artifact, NodeOutputs, NodeStatus, Template } from './types.ts';

export class ExecutionScope {
  readonly params = new Map<string, string>();
  readonly artifacts = new Map<string, Artifact>();

  constructor(base?: ReadonlyMap<string, string>) {
    for (const [key, value] of base ?? []) this.params.set(key, value);
  }

  addNode(prefix: string, node: NodeStatus): void {
    this.params.set(`${prefix}.id`, node.id);
    this.params.set(`${prefix}.status`, node.phase);
    if (node.startedAt) this.params.set(`${prefix}.startedAt`, node.startedAt);
    if (node.finishedAt) this.params.set(`${prefix}.finishedAt`, node.finishedAt);
    const outputs = node.outputs;
    if (!outputs) return;
    if (outputs.exitCode !== undefined) this.params.set(`${prefix}.exitCode`, outputs.exitCode);
    if (outputs.result !== undefined) this.params.set(`${prefix}.outputs.result`, outputs.result);
    for (const parameter of outputs.parameters ?? []) this.params.set(`${prefix}.outputs.parameters.${parameter.name}`, parameter.value);
    for (const artifact of outputs.artifacts ?? []) this.artifacts.set(`${prefix}.outputs.artifacts.${artifact.name}`, artifact);
  }

  /** Fan-out children as JSON lists, the way Argo aggregates `steps.X.outputs.*` after withItems. */
  addAggregate(prefix: string, nodes: readonly NodeStatus[]): void {
    const results: unknown[] = [];
    const parameterMaps: Array<Record<string, string>> = [];
    const byName = new Map<string, string[]>();
    for (const node of nodes) {
      const result = node.outputs?.result;
      if (result !== undefined) results.push(parseJsonOrText(result));
      const map: Record<string, string> = {};
      for (const parameter of node.outputs?.parameters ?? []) {
        map[parameter.name] = parameter.value;
        byName.set(parameter.name, [...(byName.get(parameter.name) ?? []), parameter.value]);
      }
      if (node.outputs?.parameters) parameterMaps.push(map);
    }
    if (results.length > 0) this.params.set(`${prefix}.outputs.result`, JSON.stringify(results));
    if (parameterMaps.length > 0) this.params.set(`${prefix}.outputs.parameters`, JSON.stringify(parameterMaps));
    for (const [name, values] of byName) this.params.set(`${prefix}.outputs.parameters.${name}`, JSON.stringify(values));
  }

  /** `from: "{{steps.gen.outputs.artifacts.out}}"` → that artifact's location. */
  resolveArtifact(from: string): Artifact {
    const match = /^\{\{\s*(.+?)\s*\}\}$/.exec(from.trim());
    const found = match ? this.artifacts.get(match[1] ?? '') : undefined;
    if (!found) throw new Error(`Unable to resolve: ${from}`);
    return found;
  }
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Outputs of a steps or DAG template: `valueFrom.parameter` and `from` read from its children's scope. */
export function buildTemplateOutputs(template: Template, scope: ExecutionScope): NodeOutputs | undefined {
  const outputs = template.outputs;
  if (!outputs || (!outputs.parameters?.length && !outputs.artifacts?.length)) return undefined;
  const result: NodeOutputs = {};
  for (const parameter of outputs.parameters ?? []) {
    let value: string | undefined;
    if (parameter.valueFrom?.parameter !== undefined) {
      const substituted = substituteDeep(parameter.valueFrom.parameter, scope.params);
      value = substituted.includes('{{') ? undefined : substituted;
    } else {
      value = toParameterString(parameter.value);
    }
    value ??= toParameterString(parameter.valueFrom?.default);
    if (value === undefined) throw new Error(`Unable to resolve outputs.parameters.${parameter.name} from ${parameter.valueFrom?.parameter ?? 'nothing'}`);
    (result.parameters ??= []).push({ name: parameter.name, value });
  }
  for (const artifact of outputs.artifacts ?? []) {
    if (!artifact.from) continue;
    try {
      (result.artifacts ??= []).push({ ...scope.resolveArtifact(artifact.from), name: artifact.name });
    } catch (error) {
      if (!artifact.optional) throw error;
    }
  }
  return result;
}

export interface FanOut {
  withItems?: unknown;
  withParam?: string;
  withSequence?: { count?: string | number; start?: string | number; end?: string | number; format?: string };
}

function formatSequenceValue(value: number, format: string | undefined): string {
  if (!format) return String(value);
  return format.replace(/%(0?)(\d*)d/, (_match, zero: string, width: string) => {
    const digits = String(Math.abs(value));
    const padded = width ? digits.padStart(Number(width), zero === '0' ? '0' : ' ') : digits;
    return value < 0 ? `-${padded}` : padded;
  });
}

function expandSequence(sequence: NonNullable<FanOut['withSequence']>): string[] {
  const toInt = (value: string | number | undefined, name: string): number | undefined => {
    if (value === undefined || value === '') return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed)) throw new Error(`withSequence.${name} '${String(value)}' is not an integer`);
    return parsed;
  };
  const count = toInt(sequence.count, 'count');
  const start = toInt(sequence.start, 'start') ?? 0;
  const end = toInt(sequence.end, 'end');
  if (count !== undefined && end !== undefined) throw new Error('withSequence: only one of count or end can be defined');
  const values: number[] = [];
  if (count !== undefined) for (let i = 0; i < count; i++) values.push(start + i);
  else if (end !== undefined) {
    const step = end >= start ? 1 : -1;
    for (let value = start; step > 0 ? value <= end : value >= end; value += step) values.push(value);
  } else throw new Error('withSequence: one of count or end must be defined');
  return values.map((value) => formatSequenceValue(value, sequence.format));
}

/** The items a step or task fans out over, or undefined when it does not fan out. */
export function expandFanOut(holder: FanOut): unknown[] | undefined {
  if (Array.isArray(holder.withItems)) return holder.withItems;
  if (holder.withParam !== undefined && holder.withParam !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(holder.withParam);
    } catch {
      throw new Error(`withParam value could not be parsed as a JSON list: ${holder.withParam.trim()}`);
    }
    if (!Array.isArray(parsed)) throw new Error(`withParam value could not be parsed as a JSON list: ${holder.withParam.trim()}`);
    return parsed;
  }
  if (holder.withSequence) return expandSequence(holder.withSequence);
  return undefined;
}

export function buildItemParams(item: unknown): Map<string, string> {
  const params = new Map<string, string>();
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    params.set('item', JSON.stringify(item));
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) params.set(`item.${key}`, formatItemValue(value));
  } else if (Array.isArray(item)) {
    params.set('item', JSON.stringify(item));
  } else {
    params.set('item', describeItem(item));
  }
  return params;
}

/** One fan-out copy of a step or task: `{{item…}}` filled in, the fan-out fields dropped. */
export function applyItem<T extends FanOut>(holder: T, item: unknown): T {
  const copy = { ...holder };
  delete copy.withItems;
  delete copy.withParam;
  delete copy.withSequence;
  return substituteDeep(copy, buildItemParams(item));
}
