// Artifacts through the S3 stand-in (@trainops/s3-emulator): passed between steps, written to an
// explicit S3 location with credentials from Secrets, through spec.artifactRepositoryRef, and logs
// archived as main-logs. Objects are read back with our own signed client.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startS3Emulator, type S3Emulator } from '@trainops/s3-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podLogPath } from '../api-server/index.ts';
import { buildPodName } from './node-names.ts';
import { createS3Client } from './s3-client.ts';
import { parseTar } from './tar-archive.ts';
import { hasReference, namespace, parseYamlWorkflow, referenceFolder, startControllerHarness, type ControllerHarness } from './testing/controller-harness.ts';
import type { WorkflowObject } from './types.ts';

let s3: S3Emulator;
let harness: ControllerHarness;

beforeAll(async () => {
  s3 = await startS3Emulator({ port: 0, buckets: ['argo-artifacts', 'my-bucket', 'team-bucket'], accessKeyId: 'argo', secretAccessKey: 'argo-secret' });
  harness = await startControllerHarness({
    artifactRepository: { s3: { endpoint: s3.endpoint, bucket: 'argo-artifacts', accessKeyId: 'argo', secretAccessKey: 'argo-secret' }, archiveLogs: true },
  });
  await harness.core.createNamespacedSecret({ namespace, body: { metadata: { name: 'my-s3-credentials' }, stringData: { accessKey: 'argo', secretKey: 'argo-secret' } } });
});
afterAll(async () => {
  await harness?.close();
  await s3?.close();
});

const bucket = (name: string) => createS3Client({ endpoint: s3.endpoint, bucket: name, accessKeyId: 'argo', secretAccessKey: 'argo-secret' });

async function example(file: string, fallback: string): Promise<WorkflowObject> {
  return parseYamlWorkflow(hasReference ? await readFile(path.join(referenceFolder(), file), 'utf8') : fallback);
}

function podOf(workflow: WorkflowObject, displayName: string): string {
  const node = Object.values(workflow.status?.nodes ?? {}).find((candidate) => candidate.displayName === displayName);
  if (!node) throw new Error(`no node ${displayName}`);
  return buildPodName(workflow.metadata.name ?? '', node.name, node.templateName);
}

function tarContents(archive: Buffer): Record<string, string> {
  return Object.fromEntries(parseTar(gunzipSync(archive)).filter((entry) => entry.type === 'file').map((entry) => [entry.name, entry.data?.toString('utf8') ?? '']));
}

describe('artifacts in S3', () => {
  it('passes an output artifact to the next step as artifact-passing.yaml does, archiving logs', async () => {
    const workflow = await example(
      'artifact-passing.yaml',
      `
metadata: { generateName: artifact-passing- }
spec:
  entrypoint: artifact-example
  templates:
  - name: artifact-example
    steps:
    - - { name: generate-artifact, template: hello-world-to-file }
    - - name: consume-artifact
        template: print-message-from-file
        arguments: { artifacts: [{ name: message, from: "{{steps.generate-artifact.outputs.artifacts.hello-art}}" }] }
  - name: hello-world-to-file
    container: { image: busybox, command: [sh, -c], args: ["sleep 1; echo hello world | tee /tmp/hello_world.txt"] }
    outputs: { artifacts: [{ name: hello-art, path: /tmp/hello_world.txt }] }
  - name: print-message-from-file
    inputs: { artifacts: [{ name: message, path: /tmp/message }] }
    container: { image: busybox, command: [sh, -c], args: ["cat /tmp/message"] }
`,
    );
    const created = await harness.submit(workflow);
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    const name = created.metadata.name ?? '';
    expect(done.status?.phase).toBe('Succeeded');
    const producer = podOf(done, 'generate-artifact');
    const consumer = podOf(done, 'consume-artifact');
    expect(await readFile(podLogPath(harness.stateDir, namespace, consumer, 'main'), 'utf8')).toBe('hello world\n');
    const generated = Object.values(done.status?.nodes ?? {}).find((node) => node.displayName === 'generate-artifact');
    expect(generated?.outputs?.artifacts).toEqual([
      { name: 'hello-art', path: '/tmp/hello_world.txt', s3: { key: `${name}/${producer}/hello-art.tgz` } },
      { name: 'main-logs', s3: { key: `${name}/${producer}/main.log` } },
    ]);
    expect(tarContents(await bucket('argo-artifacts').getObject(`${name}/${producer}/hello-art.tgz`))).toEqual({ 'hello_world.txt': 'hello world\n' });
    expect((await bucket('argo-artifacts').getObject(`${name}/${consumer}/main.log`)).toString('utf8')).toBe('hello world\n');
    expect(done.status?.artifactRepositoryRef).toEqual({
      default: true,
      artifactRepository: { archiveLogs: true, s3: { bucket: 'argo-artifacts', endpoint: s3.endpoint } },
    });
  });

  it('writes to an explicit S3 location with keys from a Secret, as output-artifact-s3.yaml does', async () => {
    const workflow = await example(
      'output-artifact-s3.yaml',
      `
metadata: { generateName: output-artifact-s3- }
spec:
  entrypoint: hello-world-to-file
  templates:
  - name: hello-world-to-file
    container: { image: busybox, command: [sh, -c], args: ["echo hello world | tee /tmp/hello_world.txt"] }
    outputs:
      artifacts:
      - name: message
        path: /tmp
        s3:
          endpoint: s3.amazonaws.com
          bucket: my-bucket
          region: us-west-2
          key: path/in/bucket/hello_world.txt.tgz
          accessKeySecret: { name: my-s3-credentials, key: accessKey }
          secretKeySecret: { name: my-s3-credentials, key: secretKey }
`,
    );
    const refused = await harness.submit(workflow);
    expect((await harness.waitForPhase(refused.metadata.name ?? '')).status).toMatchObject({
      phase: 'Error',
      message: 'failed to save outputs: S3 endpoint s3.amazonaws.com is not a loopback address: only 127.0.0.1, ::1 and localhost can be reached from this machine',
    });

    const artifact = workflow.spec.templates?.[0]?.outputs?.artifacts?.[0];
    if (!artifact?.s3) throw new Error('the example has no s3 artifact');
    artifact.s3.endpoint = new URL(s3.endpoint).host;
    artifact.s3.insecure = true;
    artifact.s3.region = 'us-east-1';
    const created = await harness.submit(workflow);
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    expect(done.status?.phase).toBe('Succeeded');
    const contents = tarContents(await bucket('my-bucket').getObject('path/in/bucket/hello_world.txt.tgz'));
    expect(contents['tmp/hello_world.txt']).toBe('hello world\n');
  });

  it('uses the repository named by spec.artifactRepositoryRef and uploads unarchived files as they are', async () => {
    await harness.core.createNamespacedConfigMap({
      namespace,
      body: {
        metadata: { name: 'artifact-repositories' },
        data: {
          'my-key': `s3:\n  endpoint: ${new URL(s3.endpoint).host}\n  insecure: true\n  bucket: team-bucket\n  keyFormat: "runs/{{workflow.name}}"\n  accessKeySecret: { name: my-s3-credentials, key: accessKey }\n  secretKeySecret: { name: my-s3-credentials, key: secretKey }\n`,
        },
      },
    });
    const workflow = await example(
      'artifact-repository-ref.yaml',
      `
metadata: { generateName: artifact-repository-ref- }
spec:
  entrypoint: main
  artifactRepositoryRef: { key: my-key }
  templates:
    - name: main
      container: { image: busybox, command: [ sh, -c ], args: [ "echo hello world | tee /tmp/hello_world.txt" ] }
      outputs: { artifacts: [{ name: hello_world, path: /tmp/hello_world.txt }] }
`,
    );
    const artifact = workflow.spec.templates?.[0]?.outputs?.artifacts?.[0];
    if (artifact) artifact.archive = { none: {} };
    const created = await harness.submit(workflow);
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    const name = created.metadata.name ?? '';
    expect(done.status?.phase).toBe('Succeeded');
    expect((await bucket('team-bucket').getObject(`runs/${name}/hello_world.txt`)).toString('utf8')).toBe('hello world\n');
    expect(done.status?.artifactRepositoryRef).toMatchObject({ configMap: 'artifact-repositories', key: 'my-key', namespace, artifactRepository: { s3: { bucket: 'team-bucket' } } });
  });
});
