import { InputError, validateRunParameters } from '@trainops/contracts';
import type { ParameterValue } from '@trainops/contracts';
import type { ProjectConfig } from '@trainops/projects';
import type { DagTask, Parameter, S3Artifact, Template, Toleration, Workflow, WorkflowSpec } from './argo-types.ts';
import { resolveDatasetSource } from './dataset-location.ts';
import type { DatasetSource } from './dataset-location.ts';
import { buildPodMetadata, buildRunMetadata } from './run-metadata.ts';
import {
  buildCheckoutTemplate,
  buildExportOnnxArgs,
  buildExportOnnxTemplate,
  buildFetchDatasetTemplate,
  buildInstallTemplate,
  buildPublishTemplate,
  buildTrainContainerArgs,
  buildTrainTemplate,
  templateNames,
  workspacePaths,
} from './train-pipeline-templates.ts';
import type { GitAuth } from './train-pipeline-templates.ts';
import {
  buildRunLifecycle,
  buildWorkspaceClaim,
  checkWorkspace,
  defaultRunLimitsConfigMap,
  trainParameterNames,
  trainWorkflowTemplateName,
} from './train-workflow-shared.ts';
import type { WorkspaceVolumeOptions } from './train-workflow-shared.ts';
import { buildYoloParameterArguments } from './yolo-arguments.ts';
import {
  OptionProblems,
  buildOutputLocation,
  buildRunKeyPrefix,
  buildS3Connection,
  checkArtifactRepository,
  checkImages,
  checkRun,
  checkS3Connection,
  defaultWorkflowImages,
} from './workflow-options.ts';
import type { ArtifactRepositoryOptions, RunIdentity, S3ConnectionOptions, WorkflowImages } from './workflow-options.ts';

export interface BuildTrainWorkflowOptions {
  project: ProjectConfig;
  /** Parameters as validateRunParameters returned them; checked again here, which changes nothing. */
  params: Record<string, ParameterValue>;
  run: RunIdentity;
  namespace: string;
  /** The workflow pods' ServiceAccount (deploy/argo/rbac.yaml: `trainops-workflow`). */
  serviceAccountName: string;
  artifactRepository: ArtifactRepositoryOptions;
  /** How pods reach the dataset's bucket; by default the artifact repository's own connection. */
  datasetS3?: S3ConnectionOptions;
  /** A semaphore the train step holds while it has GPUs (a cluster-wide GPU pool). */
  gpuSemaphore?: { configMap: string; key: string };
  /** ConfigMap of per-project run limits, see buildRunLimitsConfigMap. Default `trainops-run-limits`. */
  runLimitsConfigMap?: string;
  workspace?: WorkspaceVolumeOptions;
  images?: Partial<WorkflowImages>;
  /** Reference the shipped WorkflowTemplate (deploy/argo/train-template.yaml) instead of inlining the steps. */
  workflowTemplateRef?: boolean;
}

// Ultralytics' own default, for the progress count when a project does not open `epochs` to chat.
const ultralyticsDefaultEpochs = 100;
const ultralyticsDefaultImgsz = 640;
const defaultShmSize = '2Gi';

/**
 * The Argo Workflow for one training run: checkout → install dependencies → train → export ONNX
 * → publish, with the dataset fetched from S3 alongside when the project keeps it there. Pure: the
 * same options give the same manifest. Throws InputError naming every wrong option, or the
 * parameter problems of validateRunParameters.
 */
export function buildTrainWorkflow(options: BuildTrainWorkflowOptions): Workflow {
  const images: WorkflowImages = { ...defaultWorkflowImages, ...(options.images ?? {}) };
  const problems = new OptionProblems();
  problems.checkDnsLabel('namespace', options.namespace);
  problems.checkDnsSubdomain('serviceAccountName', options.serviceAccountName);
  checkRun(problems, options.run);
  checkArtifactRepository(problems, options.artifactRepository);
  checkImages(problems, images);
  checkWorkspace(problems, options.workspace);
  if (options.runLimitsConfigMap !== undefined) problems.checkDnsSubdomain('runLimitsConfigMap', options.runLimitsConfigMap);
  if (options.gpuSemaphore !== undefined) {
    problems.checkDnsSubdomain('gpuSemaphore.configMap', options.gpuSemaphore.configMap);
    problems.checkText('gpuSemaphore.key', options.gpuSemaphore.key, /^[-._A-Za-z0-9]{1,253}$/, 'a ConfigMap key');
  }
  if (options.datasetS3 !== undefined) checkS3Connection(problems, 'datasetS3', options.datasetS3);

  const dataset = resolveDatasetSource(options.project);
  if ('problem' in dataset) problems.add(dataset.problem);
  const datasetConnection = chooseDatasetConnection(options, dataset, problems);
  if (options.workflowTemplateRef === true) checkTemplateRefOptions(options, problems);
  problems.throwIfAny(`the training workflow of project ${options.project.name}`);
  // throwIfAny has already thrown for a dataset problem; this only narrows the type.
  if ('problem' in dataset) throw new InputError(dataset.problem);

  const params = validateRunParameters(options.project.parameters, options.params);
  const plan = planTrainRun(options, params, dataset, images);
  return options.workflowTemplateRef === true ? buildTemplateRefWorkflow(options, plan) : buildInlineWorkflow(options, plan, datasetConnection);
}

/** Everything about one run that the inline and the template-ref forms both carry. */
interface TrainRunPlan {
  images: WorkflowImages;
  keyPrefix: string;
  dataset: DatasetSource;
  gitAuth: GitAuth;
  /** Argv elements after `yolo`. */
  yoloTrainArgs: string[];
  epochs: string;
  exportImgsz: string;
  exportDynamic: string;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  shmSize: string;
}

function planTrainRun(options: BuildTrainWorkflowOptions, params: Record<string, ParameterValue>, dataset: DatasetSource, images: WorkflowImages): TrainRunPlan {
  const project = options.project;
  const epochs = readWholeNumber(params['epochs']) ?? ultralyticsDefaultEpochs;
  const trainImgsz = readWholeNumber(params['imgsz']) ?? ultralyticsDefaultImgsz;
  return {
    images,
    keyPrefix: options.artifactRepository.keyPrefix ?? buildRunKeyPrefix(project.name, options.run.id),
    dataset,
    gitAuth: chooseGitAuth(project),
    yoloTrainArgs: [
      project.task,
      'train',
      `data=${dataset.dataPath}`,
      `model=${project.baseModel}`,
      ...buildYoloParameterArguments(params, project.parameters),
      `project=${workspacePaths.runs}`,
      'name=train',
      'exist_ok=True',
    ],
    epochs: String(epochs),
    exportImgsz: String(project.exports.imgsz ?? trainImgsz),
    exportDynamic: project.exports.dynamic ? 'True' : 'False',
    resources: buildTrainResources(project),
    shmSize: project.resources.shmSize ?? defaultShmSize,
  };
}

// An enum spec may offer sizes as text ("640"); either way it is the number that counts.
function readWholeNumber(value: ParameterValue | undefined): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

function chooseGitAuth(project: ProjectConfig): GitAuth {
  const secretName = project.source.credentialsSecret;
  if (secretName === undefined) return { kind: 'none' };
  const ssh = project.source.repo.startsWith('ssh://') || /^[A-Za-z0-9._-]+@[^:/]+:/.test(project.source.repo);
  return ssh ? { kind: 'ssh-key', secretName } : { kind: 'token', secretName };
}

function buildTrainResources(project: ProjectConfig): TrainRunPlan['resources'] {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  const { cpu, memory, gpus } = project.resources;
  if (cpu !== undefined) {
    requests['cpu'] = cpu;
    limits['cpu'] = cpu;
  }
  if (memory !== undefined) {
    requests['memory'] = memory;
    limits['memory'] = memory;
  }
  if (gpus > 0) {
    requests['nvidia.com/gpu'] = String(gpus);
    limits['nvidia.com/gpu'] = String(gpus);
  }
  return { requests, limits };
}

function chooseDatasetConnection(
  options: BuildTrainWorkflowOptions,
  dataset: DatasetSource | { problem: string },
  problems: OptionProblems,
): S3ConnectionOptions | undefined {
  if ('problem' in dataset || dataset.kind !== 's3' || options.workflowTemplateRef === true) return undefined;
  if (options.datasetS3 !== undefined) return options.datasetS3;
  const repository = options.artifactRepository;
  if (repository !== undefined && !('artifactRepositoryRef' in repository)) return repository;
  problems.add(
    `project ${options.project.name} reads its dataset from ${(options.project.dataset as { s3: string }).s3}: give datasetS3 (endpoint and credentials by Secret reference), because an artifactRepositoryRef only reaches the repository's own bucket`,
  );
  return undefined;
}

function checkTemplateRefOptions(options: BuildTrainWorkflowOptions, problems: OptionProblems): void {
  if (options.artifactRepository !== undefined && !('artifactRepositoryRef' in options.artifactRepository)) {
    problems.add('workflowTemplateRef needs artifactRepository.artifactRepositoryRef: the shipped template writes key-only artifacts');
  }
  if (options.datasetS3 !== undefined) problems.add('with workflowTemplateRef, datasetS3 belongs to the WorkflowTemplate (buildTrainWorkflowTemplate), not to each run');
  if (options.gpuSemaphore !== undefined) problems.add('with workflowTemplateRef, gpuSemaphore belongs to the WorkflowTemplate (buildTrainWorkflowTemplate), not to each run');
  if (options.images?.git !== undefined) problems.add('with workflowTemplateRef, images.git belongs to the WorkflowTemplate (buildTrainWorkflowTemplate), not to each run');
}

function buildInlineWorkflow(options: BuildTrainWorkflowOptions, plan: TrainRunPlan, datasetConnection: S3ConnectionOptions | undefined): Workflow {
  const project = options.project;
  const metadata = buildRunMetadata(project.name, options.namespace, options.run, 'train');
  const checkoutTemplateName =
    plan.gitAuth.kind === 'token' ? templateNames.checkoutWithToken : plan.gitAuth.kind === 'ssh-key' ? templateNames.checkoutWithSshKey : templateNames.checkout;
  const templates: Template[] = [
    buildCheckoutTemplate({ name: checkoutTemplateName, gitImage: plan.images.git, repo: project.source.repo, revision: project.source.revision, auth: plan.gitAuth }),
  ];
  const tasks: DagTask[] = [{ name: 'checkout', template: checkoutTemplateName }];
  const trainNeeds: string[] = [];

  if (project.source.requirements !== undefined) {
    templates.push(buildInstallTemplate({ image: project.image, requirements: project.source.requirements }));
    tasks.push({ name: 'install-dependencies', template: templateNames.installDependencies, depends: 'checkout' });
    trainNeeds.push('install-dependencies');
  } else {
    trainNeeds.push('checkout');
  }
  if (plan.dataset.kind === 's3' && datasetConnection !== undefined) {
    const location: S3Artifact = { ...buildS3Connection(datasetConnection), bucket: plan.dataset.bucket, key: plan.dataset.folderKey };
    templates.push(buildFetchDatasetTemplate({ gitImage: plan.images.git, location, dataFile: plan.dataset.dataFile }));
    tasks.push({ name: 'fetch-dataset', template: templateNames.fetchDataset });
    trainNeeds.push('fetch-dataset');
  }
  templates.push(
    buildTrainTemplate({
      image: project.image,
      args: buildTrainContainerArgs(plan.yoloTrainArgs, plan.epochs),
      resources: plan.resources,
      shmSize: plan.shmSize,
      ...(options.gpuSemaphore === undefined ? {} : { gpuSemaphore: options.gpuSemaphore }),
    }),
    buildExportOnnxTemplate(project.image, buildExportOnnxArgs(plan.exportImgsz, plan.exportDynamic)),
    buildPublishTemplate(plan.images.git, (file) => buildOutputLocation(options.artifactRepository, `${plan.keyPrefix}/${file}`)),
  );
  tasks.push(
    { name: 'train', template: templateNames.train, depends: trainNeeds.join(' && ') },
    { name: 'export-onnx', template: templateNames.exportOnnx, depends: 'train' },
    { name: 'publish', template: templateNames.publish, depends: 'export-onnx' },
  );

  const spec: WorkflowSpec = {
    entrypoint: templateNames.pipeline,
    serviceAccountName: options.serviceAccountName,
    activeDeadlineSeconds: project.limits.activeDeadlineSeconds,
    ...buildRunLifecycle(),
    ...buildWorkspaceClaim(options.workspace),
    ...buildPlacement(project),
    ...buildRunLimit(options),
    ...('artifactRepositoryRef' in options.artifactRepository ? { artifactRepositoryRef: { ...options.artifactRepository.artifactRepositoryRef } } : {}),
    podMetadata: buildPodMetadata(metadata),
    templates: [{ name: templateNames.pipeline, dag: { tasks } }, ...templates],
  };
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata, spec };
}

/**
 * Node selector and tolerations for every pod of the run, not only the GPU step: the steps share a
 * ReadWriteOnce volume, and keeping them in the GPU pool keeps them where that volume can attach.
 */
function buildPlacement(project: ProjectConfig): Pick<WorkflowSpec, 'nodeSelector' | 'tolerations'> {
  const nodeSelector = project.resources.nodeSelector;
  const tolerations: Toleration[] = project.resources.tolerations.map((toleration) => ({ ...toleration }));
  return {
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector: { ...nodeSelector } } : {}),
    ...(tolerations.length > 0 ? { tolerations } : {}),
  };
}

function buildRunLimit(options: BuildTrainWorkflowOptions): Pick<WorkflowSpec, 'synchronization'> {
  if (options.project.limits.maxConcurrentRuns === undefined) return {};
  const name = options.runLimitsConfigMap ?? defaultRunLimitsConfigMap;
  return { synchronization: { semaphores: [{ configMapKeyRef: { name, key: options.project.name } }] } };
}

function buildTemplateRefWorkflow(options: BuildTrainWorkflowOptions, plan: TrainRunPlan): Workflow {
  const project = options.project;
  const metadata = buildRunMetadata(project.name, options.namespace, options.run, 'train');
  const dataset = plan.dataset;
  const values: Record<(typeof trainParameterNames)[number], string> = {
    'repo': project.source.repo,
    'revision': project.source.revision,
    'git-auth': plan.gitAuth.kind,
    'git-credentials-secret': plan.gitAuth.kind === 'none' ? '' : plan.gitAuth.secretName,
    'install-dependencies': project.source.requirements === undefined ? 'false' : 'true',
    'requirements': project.source.requirements ?? '',
    'fetch-dataset': dataset.kind === 's3' ? 'true' : 'false',
    'dataset-bucket': dataset.kind === 's3' ? dataset.bucket : '',
    'dataset-key': dataset.kind === 's3' ? dataset.folderKey : '',
    'dataset-file': dataset.kind === 's3' ? dataset.dataFile : '',
    'image': project.image,
    // Argo cannot spread a list parameter into argv, so the train container's arguments (one
    // element per parameter, as inline) and resources arrive as a pod spec patch.
    'train-pod-patch': JSON.stringify({
      containers: [{ name: 'main', args: buildTrainContainerArgs(plan.yoloTrainArgs, plan.epochs), resources: plan.resources }],
      volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: plan.shmSize } }],
    }),
    'export-imgsz': plan.exportImgsz,
    'export-dynamic': plan.exportDynamic,
    'key-prefix': plan.keyPrefix,
  };
  const parameters: Parameter[] = trainParameterNames.map((name) => ({ name, value: values[name] }));
  const repository = options.artifactRepository as { artifactRepositoryRef: { configMap: string; key: string } };
  const spec: WorkflowSpec = {
    workflowTemplateRef: { name: trainWorkflowTemplateName },
    arguments: { parameters },
    serviceAccountName: options.serviceAccountName,
    activeDeadlineSeconds: project.limits.activeDeadlineSeconds,
    ...buildWorkspaceClaim(options.workspace),
    ...buildPlacement(project),
    ...buildRunLimit(options),
    artifactRepositoryRef: { ...repository.artifactRepositoryRef },
    podMetadata: buildPodMetadata(metadata),
  };
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata, spec };
}
