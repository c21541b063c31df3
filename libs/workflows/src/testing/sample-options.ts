import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProjectRegistry } from '@trainops/projects';
import type { ProjectConfig } from '@trainops/projects';
import type { BuildTrainWorkflowOptions } from '../build-train-workflow.ts';
import type { BuildTrainWorkflowTemplateOptions } from '../build-train-workflow-template.ts';
import type { S3ConnectionOptions } from '../workflow-options.ts';

// Fixtures shared by the builder suites: the shipped project files and the deployment the
// manifests in deploy/argo/ describe.

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export async function loadShippedProjects(): Promise<ProjectConfig[]> {
  return (await loadProjectRegistry({ dir: path.join(workspaceRoot, 'config', 'projects') })).list();
}

/** The in-cluster MinIO of deploy/argo/artifact-repository.yaml, credentials by Secret reference. */
export const sampleS3Connection: S3ConnectionOptions = {
  endpoint: 'minio.trainops.svc.cluster.local:9000',
  insecure: true,
  accessKeySecret: { name: 'trainops-s3', key: 'accessKey' },
  secretKeySecret: { name: 'trainops-s3', key: 'secretKey' },
};

export const sampleRun = { id: '0b7e6a8e-1f7c-4a51-9a3e-2f1d6c0a9b11', requester: 'U04HG7KQ2LM', trigger: 'slash' } as const;

export function buildSampleTrainOptions(project: ProjectConfig, overrides: Partial<BuildTrainWorkflowOptions> = {}): BuildTrainWorkflowOptions {
  return {
    project,
    params: {},
    run: { ...sampleRun },
    namespace: 'trainops',
    serviceAccountName: 'trainops-workflow',
    artifactRepository: { artifactRepositoryRef: { configMap: 'artifact-repositories', key: 'trainops' } },
    datasetS3: sampleS3Connection,
    ...overrides,
  };
}

/** What deploy/argo/train-template.yaml was built with. */
export const shippedTemplateOptions: BuildTrainWorkflowTemplateOptions = {
  namespace: 'trainops',
  datasetS3: sampleS3Connection,
  gpuSemaphore: { configMap: 'trainops-gpus', key: 'training-pods' },
};
