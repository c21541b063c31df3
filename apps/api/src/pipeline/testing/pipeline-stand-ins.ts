// The outside world of the run pipeline, started on loopback for the suites and the benchmark:
// the Kubernetes API server with the Argo controller attached (steps run as local processes),
// the S3 stand-in as the artifact repository, a local git repository standing in for the
// project's source, and the yolo stand-in as the Ultralytics image. The pipeline's own code talks
// to them through the same clients it uses in production.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { seedGitRepositories, writeGitRedirects } from '@trainops/dev-stack';
import { startKubeEmulator } from '@trainops/kube-emulator';
import type { ImageMapEntry, KubeEmulator } from '@trainops/kube-emulator';
import { startS3Emulator } from '@trainops/s3-emulator';
import type { S3Emulator } from '@trainops/s3-emulator';
import { yoloStandInExecutable } from '@trainops/yolo-stand-in';
import { createArtifactStore } from '@trainops/artifacts';
import type { ArtifactStore } from '@trainops/artifacts';
import { createProjectRegistry, loadProjectRegistry } from '@trainops/projects';
import type { ProjectConfig, ProjectRegistry } from '@trainops/projects';
import { buildRunLimitsConfigMap, createArgoClient } from '@trainops/workflows';
import type { ArgoClient } from '@trainops/workflows';
import type { PipelineWorkflowOptions } from '../run-submitter.ts';


export const STAND_IN_NAMESPACE = 'trainops';
export const STAND_IN_BUCKET = 'trainops';
const s3SecretName = 'trainops-s3';
const projectImage = 'ultralytics/ultralytics:8.4.21';

/** Project names of the stand-in registry; each maps its image onto the yolo stand-in differently. */
export const standInProjects = {
  /** Trains instantly. */
  quick: 'widgets',
  /** Dies at epoch 2 (YOLO_STANDIN_FAIL_AT_EPOCH). */
  failing: 'widgets-failing',
  /** A fraction of a second per epoch: long enough to cut watches and restart watchers mid-run. */
  slow: 'widgets-slow',
} as const;

const examplesDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../../config/projects');
const yoloBinDir = path.dirname(yoloStandInExecutable);

export interface PipelineStandIns {
  kube: KubeEmulator;
  s3: S3Emulator;
  s3Client: S3Client;
  argo: ArgoClient;
  artifacts: ArtifactStore;
  projects: ProjectRegistry;
  workflowOptions: PipelineWorkflowOptions;
  namespace: string;
  /** The admin's core API client, for ConfigMaps, Secrets and pods in the namespace. */
  core: CoreV1Api;
  /** A new Argo client (e.g. for a second watcher) with quick retries. */
  newArgoClient(): ArgoClient;
  close(): Promise<void>;
}

export interface StartPipelineStandInsOptions {
  /** Seconds per epoch of the `slow` project (default 0.3). */
  slowSecondsPerEpoch?: number;
  bookmarkIntervalMs?: number;
}

export async function startPipelineStandIns(options: StartPipelineStandInsOptions = {}): Promise<PipelineStandIns> {
  const root = await mkdtemp(path.join(tmpdir(), 'api-pipeline-'));
  const cleanups: Array<() => Promise<void>> = [async () => rm(root, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const projects = await buildStandInProjects();
    const gitDir = path.join(root, 'git');
    const gitRedirects = await writeGitRedirects(gitDir, await seedGitRepositories([projects.get(standInProjects.quick)], gitDir));

    const s3 = await startS3Emulator({ buckets: [STAND_IN_BUCKET] });
    cleanups.push(() => s3.close());
    const s3Client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    cleanups.push(async () => s3Client.destroy());

    const kube = await startKubeEmulator({
      stateDir: path.join(root, 'kube'),
      port: 0,
      namespaces: [STAND_IN_NAMESPACE],
      workflowNamespaces: [STAND_IN_NAMESPACE],
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 200,
      imageMap: buildImageMap(gitRedirects, options.slowSecondsPerEpoch ?? 0.3),
      // The controller waits out a step's retry backoff (30 s) before failing a step whose
      // attempt failed; scaled down, a failed training ends in a fraction of a second.
      timeScale: 0.01,
    });
    cleanups.push(() => kube.close());

    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.api.kubeconfigPath);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    // What deploy/argo/ puts in the namespace: the pods' S3 credentials and the run limits.
    await core.createNamespacedSecret({
      namespace: STAND_IN_NAMESPACE,
      body: { metadata: { name: s3SecretName }, stringData: { accessKey: s3.accessKeyId, secretKey: s3.secretAccessKey } },
    });
    const runLimits = buildRunLimitsConfigMap({ projects: projects.list(), namespace: STAND_IN_NAMESPACE });
    await core.createNamespacedConfigMap({ namespace: STAND_IN_NAMESPACE, body: { metadata: { name: runLimits.metadata.name ?? '' }, data: runLimits.data } });

    const newArgoClient = () =>
      createArgoClient({
        kubeconfig: kube.api.kubeconfigPath,
        namespace: STAND_IN_NAMESPACE,
        retry: { attempts: 4, initialDelayMs: 10, maxDelayMs: 50 },
        watchBackoff: { initialDelayMs: 10, maxDelayMs: 100 },
      });
    const endpoint = new URL(s3.endpoint).host;
    return {
      kube,
      s3,
      s3Client,
      argo: newArgoClient(),
      artifacts: createArtifactStore({ s3: s3Client, bucket: STAND_IN_BUCKET, presignExpirySeconds: 3600 }),
      projects,
      namespace: STAND_IN_NAMESPACE,
      core,
      workflowOptions: {
        namespace: STAND_IN_NAMESPACE,
        serviceAccountName: 'trainops-workflow',
        artifactRepository: {
          bucket: STAND_IN_BUCKET,
          endpoint,
          insecure: true,
          accessKeySecret: { name: s3SecretName, key: 'accessKey' },
          secretKeySecret: { name: s3SecretName, key: 'secretKey' },
        },
      },
      newArgoClient,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The example project reshaped for loopback: source without credentials, data.yaml in the repository. */
async function buildStandInProjects(): Promise<ProjectRegistry> {
  const example = (await loadProjectRegistry({ dir: examplesDir })).get('pcb-defect');
  const quick: ProjectConfig = {
    ...example,
    name: standInProjects.quick,
    source: { repo: 'https://github.com/trainops-examples/widgets.git', revision: 'main' },
    dataset: { yaml: 'data/widgets.yaml', classes: ['scratch', 'dent'] },
    image: projectImage,
    limits: { ...example.limits, maxConcurrentRuns: 1 },
  };
  return createProjectRegistry([
    quick,
    { ...quick, name: standInProjects.failing, image: `${projectImage}-fail-at-2` },
    { ...quick, name: standInProjects.slow, image: `${projectImage}-slow` },
  ]);
}

function buildImageMap(gitRedirects: string, slowSecondsPerEpoch: number): ImageMapEntry[] {
  const yolo = (env: Record<string, string>): Omit<ImageMapEntry, 'image'> => ({ path: yoloBinDir, env: { YOLO_STANDIN_SECONDS_PER_EPOCH: '0', ...env } });
  return [
    // First match wins: the variants before the plain image.
    { image: `${projectImage}-fail-at-2`, ...yolo({ YOLO_STANDIN_FAIL_AT_EPOCH: '2' }) },
    { image: `${projectImage}-slow`, ...yolo({ YOLO_STANDIN_SECONDS_PER_EPOCH: String(slowSecondsPerEpoch) }) },
    { image: 'ultralytics/ultralytics:*', ...yolo({}) },
    {
      image: 'alpine/git:*',
      command: ['git'],
      // git's own redirect (the dev stack's) sends the project's URL to the local repository.
      env: { GIT_CONFIG_GLOBAL: gitRedirects },
    },
  ];
}
