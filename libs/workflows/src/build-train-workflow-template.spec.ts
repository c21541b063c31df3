import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '@trainops/contracts';
import type { ProjectConfig } from '@trainops/projects';
import { buildTrainWorkflowTemplate } from './build-train-workflow-template.ts';
import { buildTrainWorkflow } from './build-train-workflow.ts';
import { buildSampleTrainOptions, loadShippedProjects, sampleS3Connection, shippedTemplateOptions } from './testing/sample-options.ts';
import { readTrainTemplateFile } from './testing/train-template-file.ts';

let pcbDefect: ProjectConfig;

beforeAll(async () => {
  pcbDefect = (await loadShippedProjects()).find((project) => project.name === 'pcb-defect')!;
});

describe('the shipped training WorkflowTemplate', () => {
  it('is what deploy/argo/train-template.yaml holds (regenerate with node libs/workflows/src/testing/train-template-file.ts)', async () => {
    expect(parse(await readTrainTemplateFile())).toEqual(buildTrainWorkflowTemplate(shippedTemplateOptions));
  });

  it('takes every argument a referencing Workflow passes, and no others', () => {
    const template = buildTrainWorkflowTemplate(shippedTemplateOptions);
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { workflowTemplateRef: true, datasetS3: undefined }));
    expect(workflow.spec.arguments?.parameters?.map((parameter) => parameter.name)).toEqual(template.spec.arguments?.parameters?.map((parameter) => parameter.name));
    const used = JSON.stringify(template.spec.templates).match(/\{\{workflow\.parameters\.[a-z-]+\}\}/g) ?? [];
    expect(new Set(used)).toEqual(new Set(template.spec.arguments!.parameters!.map((parameter) => `{{workflow.parameters.${parameter.name}}}`)));
  });

  it('refuses to build without a dataset connection, saying why', () => {
    expect(() => buildTrainWorkflowTemplate({ namespace: 'trainops' } as never)).toThrow(
      new InputError('cannot build the training WorkflowTemplate: datasetS3 is required: projects with a dataset on S3 fetch it through the template', {
        details: { problems: ['datasetS3 is required: projects with a dataset on S3 fetch it through the template'] },
      }),
    );
  });
});

describe('buildTrainWorkflow with workflowTemplateRef', () => {
  it('refers to the template and passes the run as arguments, the train argv as a pod spec patch', () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { workflowTemplateRef: true, datasetS3: undefined, params: { epochs: 50 } }));
    expect(workflow.spec.workflowTemplateRef).toEqual({ name: 'trainops-train' });
    expect(workflow.spec.templates).toBeUndefined();
    const values = Object.fromEntries(workflow.spec.arguments!.parameters!.map((parameter) => [parameter.name, parameter.value]));
    expect(values).toMatchObject({
      'repo': 'https://github.com/trainops-examples/pcb-defect-detection.git',
      'revision': 'main',
      'git-auth': 'token',
      'git-credentials-secret': 'pcb-defect-git',
      'install-dependencies': 'true',
      'requirements': 'requirements.txt',
      'fetch-dataset': 'true',
      'dataset-bucket': 'trainops-datasets',
      'dataset-key': 'deeppcb/v1',
      'dataset-file': 'data.yaml',
      'image': 'ultralytics/ultralytics:8.4.21',
      'export-imgsz': '640',
      'export-dynamic': 'False',
      'key-prefix': 'runs/pcb-defect/0b7e6a8e-1f7c-4a51-9a3e-2f1d6c0a9b11',
    });
    const patch = JSON.parse(values['train-pod-patch']!) as { containers: Array<{ name: string; args: string[]; resources: unknown }>; volumes: unknown };
    expect(patch.containers[0]).toMatchObject({ name: 'main', resources: { limits: { 'nvidia.com/gpu': '1' } } });
    expect(patch.containers[0]!.args).toEqual(buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { params: { epochs: 50 } })).spec.templates!.find((t) => t.name === 'train')!.container!.args);
    expect(patch.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '8Gi' } }]);
    // Per-run settings that Argo takes from the Workflow over the template's.
    expect(workflow.spec).toMatchObject({
      serviceAccountName: 'trainops-workflow',
      activeDeadlineSeconds: 43_200,
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      synchronization: { semaphores: [{ configMapKeyRef: { name: 'trainops-run-limits', key: 'pcb-defect' } }] },
      artifactRepositoryRef: { configMap: 'artifact-repositories', key: 'trainops' },
    });
  });

  it('refuses options that belong to the template, naming each', () => {
    expect(() =>
      buildTrainWorkflow(
        buildSampleTrainOptions(pcbDefect, {
          workflowTemplateRef: true,
          artifactRepository: { bucket: 'trainops-artifacts', ...sampleS3Connection },
          gpuSemaphore: { configMap: 'trainops-gpus', key: 'training-pods' },
        }),
      ),
    ).toThrow(
      'cannot build the training workflow of project pcb-defect: ' +
        'workflowTemplateRef needs artifactRepository.artifactRepositoryRef: the shipped template writes key-only artifacts; ' +
        'with workflowTemplateRef, datasetS3 belongs to the WorkflowTemplate (buildTrainWorkflowTemplate), not to each run; ' +
        'with workflowTemplateRef, gpuSemaphore belongs to the WorkflowTemplate (buildTrainWorkflowTemplate), not to each run',
    );
  });
});
