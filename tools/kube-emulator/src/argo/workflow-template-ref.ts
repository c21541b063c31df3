// WorkflowTemplates: a workflow submitted with spec.workflowTemplateRef runs the template's spec
// with its own fields on top (arguments merged by name), and steps or tasks may call a
// WorkflowTemplate's template through templateRef.
import type { Parameter, Template, WorkflowSpec } from './types.ts';

function mergeByName<T extends { name?: string }>(base: readonly T[] | undefined, own: readonly T[] | undefined): T[] | undefined {
  if (!base && !own) return undefined;
  const merged = new Map<string, T>();
  for (const item of base ?? []) merged.set(item.name ?? '', item);
  for (const item of own ?? []) merged.set(item.name ?? '', { ...merged.get(item.name ?? ''), ...item });
  return [...merged.values()];
}

/** The spec a workflowTemplateRef workflow executes: the template's, overlaid with the workflow's own. */
export function mergeWorkflowTemplateSpec(templateSpec: WorkflowSpec, workflowSpec: WorkflowSpec): WorkflowSpec {
  const own: WorkflowSpec = { ...workflowSpec };
  delete own.workflowTemplateRef;
  const merged: WorkflowSpec = { ...templateSpec, ...own };
  const parameters = mergeByName<Parameter>(templateSpec.arguments?.parameters, own.arguments?.parameters);
  const artifacts = mergeByName(templateSpec.arguments?.artifacts, own.arguments?.artifacts);
  if (parameters || artifacts) merged.arguments = { ...(parameters ? { parameters } : {}), ...(artifacts ? { artifacts } : {}) };
  merged.templates = mergeByName<Template>(templateSpec.templates, own.templates) ?? [];
  return merged;
}

/** Names of the WorkflowTemplates that templateRefs in this spec point at. */
export function listTemplateRefNames(spec: WorkflowSpec): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const ref = record.templateRef as { name?: unknown } | undefined;
      if (ref && typeof ref.name === 'string') names.add(ref.name);
      Object.values(record).forEach(visit);
    }
  };
  visit(spec.templates);
  return [...names];
}
