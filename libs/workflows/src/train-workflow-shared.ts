import type { WorkflowSpec } from './argo-types.ts';
import { workspaceVolumeName } from './train-pipeline-templates.ts';
import type { OptionProblems } from './workflow-options.ts';

// Settings every run carries, inline or through the shipped WorkflowTemplate.

export const trainWorkflowTemplateName = 'trainops-train';
export const defaultRunLimitsConfigMap = 'trainops-run-limits';

/** The arguments the shipped WorkflowTemplate takes, in the order a Workflow passes them. */
export const trainParameterNames = [
  'repo',
  'revision',
  'git-auth',
  'git-credentials-secret',
  'install-dependencies',
  'requirements',
  'fetch-dataset',
  'dataset-bucket',
  'dataset-key',
  'dataset-file',
  'image',
  'train-pod-patch',
  'export-imgsz',
  'export-dynamic',
  'key-prefix',
] as const;

export interface WorkspaceVolumeOptions {
  /** Size of the shared working volume (source, packages, dataset, run folder). Default 50Gi. */
  size?: string;
  /** Prefer a class with volumeBindingMode WaitForFirstConsumer, so the volume follows the pods. */
  storageClassName?: string;
}

const defaultWorkspaceSize = '50Gi';

export function checkWorkspace(problems: OptionProblems, workspace: WorkspaceVolumeOptions | undefined): void {
  if (workspace?.size !== undefined) {
    problems.checkText('workspace.size', workspace.size, /^\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/, 'a Kubernetes quantity such as 50Gi');
  }
  if (workspace?.storageClassName !== undefined) problems.checkDnsSubdomain('workspace.storageClassName', workspace.storageClassName);
}

export function buildWorkspaceClaim(workspace: WorkspaceVolumeOptions | undefined): Pick<WorkflowSpec, 'volumeClaimTemplates'> {
  return {
    volumeClaimTemplates: [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: workspaceVolumeName },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: workspace?.size ?? defaultWorkspaceSize } },
          ...(workspace?.storageClassName === undefined ? {} : { storageClassName: workspace.storageClassName }),
        },
      },
    ],
  };
}

/**
 * How long a finished run stays: a day after success, a week after failure (for `kubectl describe`
 * and the pods' logs). Succeeded pods go at once, after a delay long enough for the watcher to read
 * their last lines; failed ones stay until the workflow does. The volume goes with the workflow.
 */
export function buildRunLifecycle(): Pick<WorkflowSpec, 'ttlStrategy' | 'podGC' | 'volumeClaimGC'> {
  return {
    ttlStrategy: { secondsAfterSuccess: 86_400, secondsAfterFailure: 604_800 },
    podGC: { strategy: 'OnPodSuccess', deleteDelayDuration: '5m' },
    volumeClaimGC: { strategy: 'OnWorkflowCompletion' },
  };
}
