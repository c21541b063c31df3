import type { Artifact, Container, EnvVar, RetryStrategy, S3Artifact, SemaphoreRef, Template, Volume, VolumeMount } from './argo-types.ts';
import { checkoutScript, tokenCredentialHelper, trainWithProgressScript } from './pipeline-scripts.ts';

// The steps of a training run as Argo templates. Each step is its own pod, so the working folder
// is a volume they share: a ReadWriteOnce claim from volumeClaimTemplates (an emptyDir lives and
// dies with one pod). The builders take plain strings so the same step can carry literal values
// (an inline Workflow) or `{{workflow.parameters.…}}` (the shipped WorkflowTemplate).

export const workspaceVolumeName = 'workspace';

export const workspacePaths = {
  root: '/workspace',
  source: '/workspace/src',
  python: '/workspace/python',
  dataset: '/workspace/dataset',
  runs: '/workspace/runs',
  run: '/workspace/runs/train',
  ultralyticsConfig: '/workspace/.ultralytics',
} as const;

export const templateNames = {
  pipeline: 'train-pipeline',
  checkout: 'checkout',
  checkoutWithToken: 'checkout-with-token',
  checkoutWithSshKey: 'checkout-with-ssh-key',
  installDependencies: 'install-dependencies',
  fetchDataset: 'fetch-dataset',
  train: 'train',
  exportOnnx: 'export-onnx',
  publish: 'publish',
} as const;

/**
 * Retries what broke around the step (a lost node, an evicted pod, an executor that could not
 * start), never the step's own failure: a training that exits non-zero failed for a reason that a
 * second GPU-hour will not fix.
 */
export function buildInfrastructureRetryStrategy(): RetryStrategy {
  return { limit: 3, retryPolicy: 'OnError', backoff: { duration: '30s', factor: 2, maxDuration: '15m' } };
}

// Fresh objects per template: a caller that edits one manifest must not edit another.
function workspaceMount(): VolumeMount {
  return { name: workspaceVolumeName, mountPath: workspacePaths.root };
}

export type GitAuth = { kind: 'none' } | { kind: 'token'; secretName: string } | { kind: 'ssh-key'; secretName: string };

/** Keys a checkout Secret holds (README "Git credentials"). */
export const gitSecretKeys = { token: 'token', username: 'username', sshPrivateKey: 'ssh-privatekey', knownHosts: 'known_hosts' } as const;

const sshKeyMountPath = '/etc/trainops/git-ssh';

export interface CheckoutTemplateOptions {
  name: string;
  gitImage: string;
  repo: string;
  revision: string;
  auth: GitAuth;
}

export function buildCheckoutTemplate(options: CheckoutTemplateOptions): Template {
  const env: EnvVar[] = [{ name: 'GIT_TERMINAL_PROMPT', value: '0' }];
  const volumeMounts: VolumeMount[] = [workspaceMount()];
  const volumes: Volume[] = [];
  if (options.auth.kind === 'token') {
    env.push(
      { name: 'GIT_TOKEN', valueFrom: { secretKeyRef: { name: options.auth.secretName, key: gitSecretKeys.token } } },
      { name: 'GIT_USERNAME', valueFrom: { secretKeyRef: { name: options.auth.secretName, key: gitSecretKeys.username, optional: true } } },
      { name: 'GIT_CONFIG_COUNT', value: '1' },
      { name: 'GIT_CONFIG_KEY_0', value: 'credential.helper' },
      { name: 'GIT_CONFIG_VALUE_0', value: tokenCredentialHelper },
    );
  }
  if (options.auth.kind === 'ssh-key') {
    // ssh reads a key only from a file: the Secret is mounted read-only for the owner, and host
    // keys are checked against the known_hosts it carries.
    volumes.push({ name: 'git-ssh', secret: { secretName: options.auth.secretName, defaultMode: 0o400 } });
    volumeMounts.push({ name: 'git-ssh', mountPath: sshKeyMountPath, readOnly: true });
    env.push({
      name: 'GIT_SSH_COMMAND',
      value: `ssh -i ${sshKeyMountPath}/${gitSecretKeys.sshPrivateKey} -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=${sshKeyMountPath}/${gitSecretKeys.knownHosts}`,
    });
  }
  return {
    name: options.name,
    retryStrategy: buildInfrastructureRetryStrategy(),
    ...(volumes.length > 0 ? { volumes } : {}),
    container: {
      name: 'main',
      image: options.gitImage,
      command: ['sh', '-c', checkoutScript, 'checkout'],
      args: [workspacePaths.source, options.repo, options.revision],
      env,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } },
      volumeMounts,
    },
  };
}

export interface InstallTemplateOptions {
  image: string;
  /** The requirements file, relative to the repository. */
  requirements: string;
}

export function buildInstallTemplate(options: InstallTemplateOptions): Template {
  return {
    name: templateNames.installDependencies,
    retryStrategy: buildInfrastructureRetryStrategy(),
    container: {
      name: 'main',
      image: options.image,
      // Into the shared volume, because the training runs in another pod of the same image.
      command: ['python', '-m', 'pip', 'install', '--no-cache-dir', '--target', workspacePaths.python, '--requirement', `${workspacePaths.source}/${options.requirements}`],
      workingDir: workspacePaths.source,
      env: [{ name: 'PIP_DISABLE_PIP_VERSION_CHECK', value: '1' }],
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
      volumeMounts: [workspaceMount()],
    },
  };
}

export interface FetchDatasetTemplateOptions {
  gitImage: string;
  /** The folder holding data.yaml and the images. */
  location: S3Artifact;
  /** The data.yaml's file name inside that folder. */
  dataFile: string;
}

export function buildFetchDatasetTemplate(options: FetchDatasetTemplateOptions): Template {
  return {
    name: templateNames.fetchDataset,
    retryStrategy: buildInfrastructureRetryStrategy(),
    // Under a volume mount, Argo's init container writes the artifact into the volume itself.
    inputs: { artifacts: [{ name: 'dataset', path: workspacePaths.dataset, s3: options.location }] },
    container: {
      name: 'main',
      image: options.gitImage,
      // Fails the step with a clear line if the folder holds no data.yaml.
      command: ['test', '-f', `${workspacePaths.dataset}/${options.dataFile}`],
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      volumeMounts: [workspaceMount()],
    },
  };
}

export interface TrainTemplateOptions {
  image: string;
  /** Everything after the progress script's own name: results.csv, epochs, then `yolo …`. */
  args?: string[];
  resources?: { requests: Record<string, string>; limits: Record<string, string> };
  /** Left out when the podSpecPatch sets it. */
  shmSize?: string;
  gpuSemaphore?: { configMap: string; key: string };
  podSpecPatch?: string;
}

export function buildTrainContainerArgs(yoloArgs: readonly string[], epochs: string): string[] {
  return [`${workspacePaths.run}/results.csv`, epochs, 'yolo', ...yoloArgs];
}

export function buildTrainTemplate(options: TrainTemplateOptions): Template {
  const semaphores: SemaphoreRef[] =
    options.gpuSemaphore === undefined ? [] : [{ configMapKeyRef: { name: options.gpuSemaphore.configMap, key: options.gpuSemaphore.key } }];
  const container: Container = {
    // Argo's name for a template's container; the pod spec patch of the shipped template merges by it.
    name: 'main',
    image: options.image,
    command: ['sh', '-c', trainWithProgressScript, 'train'],
    ...(options.args === undefined ? {} : { args: options.args }),
    workingDir: workspacePaths.source,
    env: ultralyticsEnv(),
    ...(options.resources === undefined ? {} : { resources: options.resources }),
    volumeMounts: [workspaceMount(), { name: 'dshm', mountPath: '/dev/shm' }],
  };
  return {
    name: templateNames.train,
    retryStrategy: buildInfrastructureRetryStrategy(),
    ...(semaphores.length > 0 ? { synchronization: { semaphores } } : {}),
    // PyTorch's dataloader workers pass batches through /dev/shm; a container's default 64 MiB
    // kills them mid-epoch.
    volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', ...(options.shmSize === undefined ? {} : { sizeLimit: options.shmSize }) } }],
    ...(options.podSpecPatch === undefined ? {} : { podSpecPatch: options.podSpecPatch }),
    container,
  };
}

export function buildExportOnnxArgs(imgsz: string, dynamic: string): string[] {
  return ['export', `model=${workspacePaths.run}/weights/best.pt`, 'format=onnx', `imgsz=${imgsz}`, `dynamic=${dynamic}`];
}

export function buildExportOnnxTemplate(image: string, args: string[]): Template {
  return {
    name: templateNames.exportOnnx,
    retryStrategy: buildInfrastructureRetryStrategy(),
    container: {
      name: 'main',
      image,
      command: ['yolo'],
      args,
      workingDir: workspacePaths.source,
      env: ultralyticsEnv(),
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } },
      volumeMounts: [workspaceMount()],
    },
  };
}

/** Output files of a run: the path in the run folder is also the key under the run's prefix. */
export const runOutputFiles = [
  { name: 'best-weights', file: 'weights/best.pt', optional: false },
  { name: 'last-weights', file: 'weights/last.pt', optional: false },
  { name: 'best-onnx', file: 'weights/best.onnx', optional: false },
  // Optional: trained weights are the run's result; without results.csv or args.yaml the run still
  // succeeds and the api says metrics are unavailable (run-result-collector) rather than Argo
  // failing a finished training over a missing report.
  { name: 'results-csv', file: 'results.csv', optional: true },
  { name: 'args-yaml', file: 'args.yaml', optional: true },
  // Ultralytics skips plots when the run says plots=False.
  { name: 'results-png', file: 'results.png', optional: true },
] as const;

export function buildPublishTemplate(gitImage: string, locate: (file: string) => S3Artifact): Template {
  const artifacts: Artifact[] = runOutputFiles.map((output) => ({
    name: output.name,
    path: `${workspacePaths.run}/${output.file}`,
    ...(output.optional ? { optional: true } : {}),
    // Plain objects, not .tgz: the api reads results.csv and serves the weights as they are.
    archive: { none: {} },
    s3: locate(output.file),
  }));
  return {
    name: templateNames.publish,
    retryStrategy: buildInfrastructureRetryStrategy(),
    container: {
      name: 'main',
      image: gitImage,
      // Lists what is published in the step's log; fails if the run folder is missing.
      command: ['ls', '-l', workspacePaths.run, `${workspacePaths.run}/weights`],
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      volumeMounts: [workspaceMount()],
    },
    outputs: { artifacts },
  };
}

function ultralyticsEnv(): EnvVar[] {
  return [
    // Packages from install-dependencies, and a writable settings folder (the image's home may not be).
    { name: 'PYTHONPATH', value: workspacePaths.python },
    { name: 'YOLO_CONFIG_DIR', value: workspacePaths.ultralyticsConfig },
  ];
}
