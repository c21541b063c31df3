import type { RunKind } from '@trainops/contracts';
import type { ObjectMeta } from './argo-types.ts';
import { buildGenerateName, toLabelValue } from './kubernetes-names.ts';
import type { RunIdentity } from './workflow-options.ts';

// Labels are what the watcher selects by; annotations keep the exact text a label had to shorten.

export const trainopsLabels = {
  project: 'trainops.dev/project',
  runId: 'trainops.dev/run-id',
  kind: 'trainops.dev/kind',
  trigger: 'trainops.dev/trigger',
  requester: 'trainops.dev/requester',
} as const;

export const trainopsAnnotations = {
  runId: 'trainops.dev/run-id',
  requester: 'trainops.dev/requester',
  parentRunId: 'trainops.dev/parent-run-id',
} as const;

export function buildRunLabels(projectName: string, run: RunIdentity, kind: RunKind): Record<string, string> {
  return {
    [trainopsLabels.project]: toLabelValue(projectName),
    [trainopsLabels.runId]: toLabelValue(run.id),
    [trainopsLabels.kind]: kind,
    [trainopsLabels.trigger]: toLabelValue(run.trigger),
    [trainopsLabels.requester]: toLabelValue(run.requester),
  };
}

export function buildRunMetadata(
  projectName: string,
  namespace: string,
  run: RunIdentity,
  kind: RunKind,
  extraAnnotations: Record<string, string> = {},
): ObjectMeta {
  return {
    generateName: buildGenerateName(kind === 'train' ? projectName : `${projectName}-export`),
    namespace,
    labels: buildRunLabels(projectName, run, kind),
    annotations: {
      [trainopsAnnotations.runId]: run.id,
      [trainopsAnnotations.requester]: run.requester,
      ...extraAnnotations,
    },
  };
}

/** Run labels for the workflow's pods too, so `kubectl logs -l trainops.dev/run-id=…` works. */
export function buildPodMetadata(metadata: ObjectMeta): { labels: Record<string, string> } {
  return { labels: { ...(metadata.labels ?? {}) } };
}
