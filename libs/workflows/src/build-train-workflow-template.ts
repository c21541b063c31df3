import type { DagTask, Template, WorkflowTemplate } from './argo-types.ts';
import {
  buildCheckoutTemplate,
  buildExportOnnxArgs,
  buildExportOnnxTemplate,
  buildFetchDatasetTemplate,
  buildInstallTemplate,
  buildPublishTemplate,
  buildTrainTemplate,
  templateNames,
} from './train-pipeline-templates.ts';
import { buildRunLifecycle, buildWorkspaceClaim, trainParameterNames, trainWorkflowTemplateName } from './train-workflow-shared.ts';
import { OptionProblems, buildS3Connection, checkImages, checkS3Connection, defaultWorkflowImages } from './workflow-options.ts';
import type { S3ConnectionOptions, WorkflowImages } from './workflow-options.ts';

export interface BuildTrainWorkflowTemplateOptions {
  namespace: string;
  /** How pods reach the dataset buckets of projects that keep their dataset on S3. */
  datasetS3: S3ConnectionOptions;
  gpuSemaphore?: { configMap: string; key: string };
  images?: Partial<WorkflowImages>;
  /** Used when a Workflow names none (buildTrainWorkflow always does). Default `trainops-workflow`. */
  serviceAccountName?: string;
}

const parameter = (name: (typeof trainParameterNames)[number]): string => `{{workflow.parameters.${name}}}`;

/**
 * The WorkflowTemplate `trainops-train` that buildTrainWorkflow({ workflowTemplateRef: true })
 * refers to: the same steps as the inline form, with every project-specific value an argument.
 * deploy/argo/train-template.yaml is this function's output (a test keeps them equal).
 */
export function buildTrainWorkflowTemplate(options: BuildTrainWorkflowTemplateOptions): WorkflowTemplate {
  const images: WorkflowImages = { ...defaultWorkflowImages, ...(options.images ?? {}) };
  const problems = new OptionProblems();
  problems.checkDnsLabel('namespace', options.namespace);
  checkImages(problems, images);
  if (options.datasetS3 === undefined) problems.add('datasetS3 is required: projects with a dataset on S3 fetch it through the template');
  else checkS3Connection(problems, 'datasetS3', options.datasetS3);
  if (options.serviceAccountName !== undefined) problems.checkDnsSubdomain('serviceAccountName', options.serviceAccountName);
  problems.throwIfAny('the training WorkflowTemplate');

  const checkouts = [
    { name: templateNames.checkout, auth: 'none' },
    { name: templateNames.checkoutWithToken, auth: 'token' },
    { name: templateNames.checkoutWithSshKey, auth: 'ssh-key' },
  ] as const;
  const secretName = parameter('git-credentials-secret');
  const templates: Template[] = [
    ...checkouts.map(({ name, auth }) =>
      buildCheckoutTemplate({
        name,
        gitImage: images.git,
        repo: parameter('repo'),
        revision: parameter('revision'),
        auth: auth === 'none' ? { kind: 'none' } : { kind: auth, secretName },
      }),
    ),
    buildInstallTemplate({ image: parameter('image'), requirements: parameter('requirements') }),
    buildFetchDatasetTemplate({
      gitImage: images.git,
      location: { ...buildS3Connection(options.datasetS3), bucket: parameter('dataset-bucket'), key: parameter('dataset-key') },
      dataFile: parameter('dataset-file'),
    }),
    buildTrainTemplate({
      image: parameter('image'),
      podSpecPatch: parameter('train-pod-patch'),
      ...(options.gpuSemaphore === undefined ? {} : { gpuSemaphore: options.gpuSemaphore }),
    }),
    buildExportOnnxTemplate(parameter('image'), buildExportOnnxArgs(parameter('export-imgsz'), parameter('export-dynamic'))),
    buildPublishTemplate(images.git, (file) => ({ key: `${parameter('key-prefix')}/${file}` })),
  ];
  // A skipped task satisfies `depends`, so each optional step is a task whose `when` may skip it.
  const tasks: DagTask[] = [
    ...checkouts.map(({ name, auth }) => ({ name, template: name, when: `'${parameter('git-auth')}' == '${auth}'` })),
    {
      name: 'install-dependencies',
      template: templateNames.installDependencies,
      depends: checkouts.map(({ name }) => name).join(' && '),
      when: `'${parameter('install-dependencies')}' == 'true'`,
    },
    { name: 'fetch-dataset', template: templateNames.fetchDataset, when: `'${parameter('fetch-dataset')}' == 'true'` },
    { name: 'train', template: templateNames.train, depends: 'install-dependencies && fetch-dataset' },
    { name: 'export-onnx', template: templateNames.exportOnnx, depends: 'train' },
    { name: 'publish', template: templateNames.publish, depends: 'export-onnx' },
  ];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: { name: trainWorkflowTemplateName, namespace: options.namespace, labels: { 'app.kubernetes.io/part-of': 'trainops' } },
    spec: {
      entrypoint: templateNames.pipeline,
      arguments: { parameters: trainParameterNames.map((name) => ({ name })) },
      serviceAccountName: options.serviceAccountName ?? 'trainops-workflow',
      ...buildRunLifecycle(),
      ...buildWorkspaceClaim(undefined),
      templates: [{ name: templateNames.pipeline, dag: { tasks } }, ...templates],
    },
  };
}
