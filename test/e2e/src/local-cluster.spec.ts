import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestDevStack, workspaceRoot, type RunningDevStack } from './dev-stack-fixture.ts';

// The local cluster of the dev stack, driven with the real kubectl: a pipeline-shaped Workflow
// clones the project's repository (git's insteadOf sends the project's URL to its local seed),
// reads the dataset YAML from S3, trains with the Ultralytics image (the yolo stand-in) and
// publishes results.csv to the artifact repository.

const run = promisify(execFile);

describe('the dev stack cluster', () => {
  let stack: RunningDevStack;
  let kubectl: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    stack = await startTestDevStack();
    kubectl = async (...args: string[]) =>
      (await run('kubectl', ['--kubeconfig', stack.info.kubeconfig, '-n', stack.info.namespace, ...args])).stdout;
  }, 90_000);
  afterAll(async () => {
    await stack?.dispose();
  });

  it('runs a checkout → train Workflow from kubectl to Succeeded and publishes results.csv to S3', async () => {
    const created = await kubectl('create', '-f', path.join(workspaceRoot, 'test/e2e/fixtures/pipeline-smoke.yaml'), '-o', 'name');
    const name = created.trim().replace('workflow.argoproj.io/', '');
    const phase = await eventually(async () => {
      const current = (await kubectl('get', 'wf', name, '-o', 'jsonpath={.status.phase}')).trim();
      return ['Succeeded', 'Failed', 'Error'].includes(current) ? current : undefined;
    }, `${name} to finish`, 60_000);
    expect(phase, await kubectl('get', 'wf', name, '-o', 'yaml')).toBe('Succeeded');

    const trainPod = (await kubectl('get', 'pods', '-l', `workflows.argoproj.io/workflow=${name}`, '-o', 'name')).split('\n').find((pod) => pod.includes('-train-'));
    expect(trainPod).toBeDefined();
    expect(await kubectl('logs', trainPod!)).toContain('Results saved to');

    const s3 = new S3Client({ endpoint: stack.info.s3, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'trainops-local', secretAccessKey: 'trainops-local-secret' } });
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: stack.info.bucket, Key: 'smoke/results.csv' }));
      const csv = await object.Body!.transformToString();
      const [header, ...rows] = csv.trim().split('\n');
      expect(header).toMatch(/^epoch,time,train\/box_loss,train\/cls_loss,train\/dfl_loss,metrics\/precision\(B\),metrics\/recall\(B\),metrics\/mAP50\(B\),metrics\/mAP50-95\(B\)/);
      expect(rows).toHaveLength(3);
    } finally {
      s3.destroy();
    }
  }, 90_000);
});
