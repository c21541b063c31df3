import type { ProjectConfig } from '@trainops/projects';
import type { ConfigMap } from './argo-types.ts';
import { defaultRunLimitsConfigMap } from './train-workflow-shared.ts';
import { OptionProblems } from './workflow-options.ts';

export interface BuildRunLimitsConfigMapOptions {
  projects: readonly ProjectConfig[];
  namespace: string;
  /** Default `trainops-run-limits`, as buildTrainWorkflow's runLimitsConfigMap. */
  name?: string;
}

/**
 * The ConfigMap behind each project's workflow semaphore: key = project name, value =
 * `limits.maxConcurrentRuns`. Argo reads a semaphore's size from a ConfigMap, not from the
 * workflow, so the api applies this whenever the project registry is loaded.
 */
export function buildRunLimitsConfigMap(options: BuildRunLimitsConfigMapOptions): ConfigMap {
  const problems = new OptionProblems();
  problems.checkDnsLabel('namespace', options.namespace);
  if (options.name !== undefined) problems.checkDnsSubdomain('name', options.name);
  problems.throwIfAny('the run limits ConfigMap');
  const data: Record<string, string> = {};
  for (const project of [...options.projects].sort((a, b) => a.name.localeCompare(b.name))) {
    if (project.limits.maxConcurrentRuns !== undefined) data[project.name] = String(project.limits.maxConcurrentRuns);
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: options.name ?? defaultRunLimitsConfigMap, namespace: options.namespace, labels: { 'app.kubernetes.io/part-of': 'trainops' } },
    data,
  };
}
