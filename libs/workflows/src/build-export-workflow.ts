import { exportFormats } from '@trainops/projects';
import type { ProjectConfig } from '@trainops/projects';
import type { DagTask, S3Artifact, Template, Toleration, Workflow, WorkflowSpec } from './argo-types.ts';
import { buildPodMetadata, buildRunMetadata, trainopsAnnotations } from './run-metadata.ts';
import { buildInfrastructureRetryStrategy } from './train-pipeline-templates.ts';
import { buildRunLifecycle } from './train-workflow-shared.ts';
import {
  OptionProblems,
  buildOutputLocation,
  buildRunKeyPrefix,
  checkArtifactRepository,
  checkImages,
  checkRun,
  defaultWorkflowImages,
} from './workflow-options.ts';
import type { ArtifactRepositoryOptions, RunIdentity, WorkflowImages } from './workflow-options.ts';

export type ExportFormat = (typeof exportFormats)[number];

export interface BuildExportWorkflowOptions {
  project: ProjectConfig;
  /** The finished training run whose `weights/best.pt` is exported. */
  parentRun: { id: string; keyPrefix?: string };
  /** This export run. */
  run: RunIdentity;
  /** Default: the project's `exports.formats`, else ONNX. */
  formats?: readonly ExportFormat[];
  /** The parent run's training imgsz, used when the project sets no `exports.imgsz`. Default 640. */
  trainImgsz?: number;
  namespace: string;
  serviceAccountName: string;
  artifactRepository: ArtifactRepositoryOptions;
  images?: Partial<WorkflowImages>;
}

/** What `yolo export` writes next to best.pt, per format (a file or a folder). */
export const exportOutputs: Readonly<Record<ExportFormat, string>> = {
  onnx: 'best.onnx',
  engine: 'best.engine',
  openvino: 'best_openvino_model',
  torchscript: 'best.torchscript',
  coreml: 'best.mlpackage',
  tflite: 'best_saved_model',
};

const workFolder = '/work';
const weightsPath = `${workFolder}/weights/best.pt`;

/**
 * The Argo Workflow that exports a finished run's best.pt to each format, one pod per format in
 * parallel; outputs go to `<keyPrefix>/weights/<file>` as the training run lays them out. Pure.
 */
export function buildExportWorkflow(options: BuildExportWorkflowOptions): Workflow {
  const project = options.project;
  const images: WorkflowImages = { ...defaultWorkflowImages, ...(options.images ?? {}) };
  const formats: readonly ExportFormat[] = options.formats ?? (project.exports.formats.length > 0 ? project.exports.formats : ['onnx']);
  const problems = new OptionProblems();
  problems.checkDnsLabel('namespace', options.namespace);
  problems.checkDnsSubdomain('serviceAccountName', options.serviceAccountName);
  checkRun(problems, options.run);
  problems.checkText('parentRun.id', options.parentRun?.id, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'the id of the run to export');
  checkArtifactRepository(problems, options.artifactRepository);
  checkImages(problems, images);
  if (!Array.isArray(formats) || formats.length === 0) problems.add(`formats must list at least one of ${exportFormats.join(', ')}`);
  for (const format of Array.isArray(formats) ? formats : []) {
    if (!(exportFormats as readonly string[]).includes(format)) problems.add(`"${String(format)}" is not an export format; use one of ${exportFormats.join(', ')}`);
  }
  if (new Set(formats).size !== formats.length) problems.add('formats lists a format twice');
  const trainImgsz = options.trainImgsz ?? 640;
  if (!Number.isInteger(trainImgsz) || trainImgsz < 32 || trainImgsz % 32 !== 0) problems.add(`trainImgsz must be a whole multiple of 32, got ${trainImgsz}`);
  problems.throwIfAny(`the export workflow of project ${project.name}`);

  const keyPrefix = options.artifactRepository.keyPrefix ?? buildRunKeyPrefix(project.name, options.run.id);
  const parentPrefix = options.parentRun.keyPrefix ?? buildRunKeyPrefix(project.name, options.parentRun.id);
  const imgsz = String(project.exports.imgsz ?? trainImgsz);
  const templates = formats.map((format: ExportFormat) =>
    buildExportFormatTemplate({
      project,
      format,
      imgsz,
      input: buildOutputLocation(options.artifactRepository, `${parentPrefix}/weights/best.pt`),
      output: buildOutputLocation(options.artifactRepository, `${keyPrefix}/weights/${exportOutputs[format]}`),
    }),
  );
  const tasks: DagTask[] = templates.map((template) => ({ name: template.name, template: template.name }));
  const metadata = buildRunMetadata(project.name, options.namespace, options.run, 'export', { [trainopsAnnotations.parentRunId]: options.parentRun.id });
  const spec: WorkflowSpec = {
    entrypoint: 'export',
    serviceAccountName: options.serviceAccountName,
    activeDeadlineSeconds: project.limits.activeDeadlineSeconds,
    ...buildRunLifecycle(),
    ...('artifactRepositoryRef' in options.artifactRepository ? { artifactRepositoryRef: { ...options.artifactRepository.artifactRepositoryRef } } : {}),
    podMetadata: buildPodMetadata(metadata),
    templates: [{ name: 'export', dag: { tasks } }, ...templates],
  };
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata, spec };
}

interface ExportFormatTemplateOptions {
  project: ProjectConfig;
  format: ExportFormat;
  imgsz: string;
  input: S3Artifact;
  output: S3Artifact;
}

function buildExportFormatTemplate(options: ExportFormatTemplateOptions): Template {
  const { project, format } = options;
  const exportsConfig = project.exports;
  // TensorRT engines are built for the GPU they run on: only that export needs one.
  const needsGpu = format === 'engine';
  const gpuResources: Record<string, string> = needsGpu ? { 'nvidia.com/gpu': String(Math.max(1, project.resources.gpus)) } : {};
  const tolerations: Toleration[] = needsGpu ? project.resources.tolerations.map((toleration) => ({ ...toleration })) : [];
  const nodeSelector = needsGpu ? { ...project.resources.nodeSelector } : {};
  return {
    name: `export-${format}`,
    retryStrategy: buildInfrastructureRetryStrategy(),
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
    ...(tolerations.length > 0 ? { tolerations } : {}),
    volumes: [{ name: 'work', emptyDir: {} }],
    inputs: { artifacts: [{ name: 'best-weights', path: weightsPath, s3: options.input }] },
    container: {
      name: 'main',
      image: project.image,
      command: ['yolo'],
      args: [
        'export',
        `model=${weightsPath}`,
        `format=${format}`,
        `imgsz=${options.imgsz}`,
        `half=${exportsConfig.half ? 'True' : 'False'}`,
        `int8=${exportsConfig.int8 ? 'True' : 'False'}`,
        `dynamic=${exportsConfig.dynamic ? 'True' : 'False'}`,
      ],
      workingDir: workFolder,
      env: [{ name: 'YOLO_CONFIG_DIR', value: `${workFolder}/.ultralytics` }],
      resources: {
        requests: { cpu: '2', memory: '4Gi', ...gpuResources },
        limits: { memory: '8Gi', ...gpuResources },
      },
      volumeMounts: [{ name: 'work', mountPath: workFolder }],
    },
    outputs: {
      artifacts: [{ name: `${format}-model`, path: `${workFolder}/weights/${exportOutputs[format]}`, archive: { none: {} }, s3: options.output }],
    },
  };
}
