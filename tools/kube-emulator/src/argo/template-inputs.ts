// A template's inputs from the arguments it is called with (Argo's ProcessArgs), then every `{{…}}`
// the template can resolve at its own level substituted.
import { substituteDeep, substituteText, toParameterString } from './substitution.ts';
import type { Arguments, Artifact, NodeInputs, Parameter, Template } from './types.ts';

export interface ProcessedTemplate {
  template: Template;
  inputs: NodeInputs;
  localParams: Map<string, string>;
}

const locationKeys = ['s3', 'git', 'http', 'raw', 'artifactory', 'gcs', 'oss', 'hdfs', 'azure', 'plugin'] as const;

export function hasArtifactLocation(artifact: Artifact): boolean {
  return locationKeys.some((key) => artifact[key] !== undefined);
}

function withLocationFrom(declared: Artifact, supplied: Artifact): Artifact {
  const merged: Artifact = { ...declared };
  for (const key of locationKeys) delete merged[key];
  for (const key of locationKeys) {
    if (supplied[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = supplied[key];
  }
  if (supplied.archive !== undefined && declared.archive === undefined) merged.archive = supplied.archive;
  return merged;
}

function parameterValue(parameter: Parameter | undefined): string | undefined {
  return toParameterString(parameter?.value);
}

export function processTemplateInputs(template: Template, args: Arguments | undefined, params: ReadonlyMap<string, string>): ProcessedTemplate {
  const inputParameters: Array<{ name: string; value: string }> = [];
  for (const declared of template.inputs?.parameters ?? []) {
    let value = parameterValue(declared) ?? toParameterString(declared.default);
    const supplied = args?.parameters?.find((candidate) => candidate.name === declared.name);
    if (supplied) {
      if (parameterValue(supplied) !== undefined) value = parameterValue(supplied);
      else if (supplied.valueFrom?.configMapKeyRef) throw new Error(`inputs.parameters.${declared.name}: valueFrom.configMapKeyRef is not supported by the local controller`);
    }
    if (value === undefined && declared.valueFrom?.configMapKeyRef) {
      throw new Error(`inputs.parameters.${declared.name}: valueFrom.configMapKeyRef is not supported by the local controller`);
    }
    if (value === undefined) throw new Error(`inputs.parameters.${declared.name} was not supplied`);
    value = substituteText(value, params);
    const allowed = declared.enum?.map((item) => toParameterString(item) ?? '');
    if (allowed && allowed.length > 0 && !allowed.includes(value)) {
      throw new Error(`value '${value}' is not one of [${allowed.join(' ')}]`);
    }
    inputParameters.push({ name: declared.name, value });
  }

  const inputArtifacts: Artifact[] = [];
  for (const declared of template.inputs?.artifacts ?? []) {
    const supplied = args?.artifacts?.find((candidate) => candidate.name === declared.name);
    if (supplied && hasArtifactLocation(supplied)) inputArtifacts.push(withLocationFrom(declared, supplied));
    else if (hasArtifactLocation(declared)) inputArtifacts.push({ ...declared });
    else if (declared.optional || supplied?.optional) continue;
    else throw new Error(`inputs.artifacts.${declared.name} was not supplied`);
  }

  const localParams = new Map<string, string>();
  for (const parameter of inputParameters) localParams.set(`inputs.parameters.${parameter.name}`, parameter.value);
  localParams.set('inputs.parameters', JSON.stringify(inputParameters));
  for (const artifact of inputArtifacts) {
    if (artifact.path) localParams.set(`inputs.artifacts.${artifact.name}.path`, artifact.path);
  }
  for (const parameter of template.outputs?.parameters ?? []) {
    if (parameter.valueFrom?.path) localParams.set(`outputs.parameters.${parameter.name}.path`, parameter.valueFrom.path);
  }
  for (const artifact of template.outputs?.artifacts ?? []) {
    if (artifact.path) localParams.set(`outputs.artifacts.${artifact.name}.path`, artifact.path);
  }

  const scope = new Map([...params, ...localParams]);
  const resolvedArtifacts = substituteDeep(inputArtifacts, scope);
  const substituted = substituteDeep({ ...template, inputs: undefined }, scope);
  const processed: Template = { ...substituted, inputs: { parameters: inputParameters, artifacts: resolvedArtifacts } };
  if (!template.inputs) delete processed.inputs;

  const inputs: NodeInputs = {};
  if (inputParameters.length > 0) inputs.parameters = inputParameters;
  if (resolvedArtifacts.length > 0) inputs.artifacts = resolvedArtifacts;
  return { template: processed, inputs, localParams };
}
