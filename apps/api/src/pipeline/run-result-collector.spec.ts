// The collector's edge cases against the S3 stand-in and a real database; the normal success and
// failure paths run end to end in workflow-watcher.spec.ts.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactStore } from '@trainops/artifacts';
import { createTestDatabase } from '@trainops/db/testing';
import type { TestDatabase } from '@trainops/db/testing';
import { startS3Emulator } from '@trainops/s3-emulator';
import type { S3Emulator } from '@trainops/s3-emulator';
import type { ArgoClient, Workflow } from '@trainops/workflows';
import { createRunResultCollector } from './run-result-collector.ts';
import type { RunResultCollector } from './run-result-collector.ts';
import { createRecordingLogger, insertRun } from './testing/run-rows.ts';

const bucket = 'trainops';
let s3: S3Emulator;
let client: S3Client;
let database: TestDatabase;
let collector: RunResultCollector;
const logRequests: unknown[] = [];

// The collector reads logs through our own ArgoClient port; these cases need no cluster, so the
// port answers from a fixed text and records what it was asked (a fake at our port, one layer up).
const argo = {
  namespace: 'trainops',
  logs: async (request: unknown) => {
    logRequests.push(request);
    throw new Error('the pod of step wf-t0 is gone and no archived log reader is configured');
  },
} as unknown as ArgoClient;

beforeAll(async () => {
  s3 = await startS3Emulator({ buckets: [bucket] });
  client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  database = await createTestDatabase('pglite');
  collector = createRunResultCollector({ artifacts: createArtifactStore({ s3: client, bucket, presignExpirySeconds: 60 }), argo, prisma: database.prisma, logger: createRecordingLogger() });
});

afterAll(async () => {
  await database?.close();
  client?.destroy();
  await s3?.close();
});

describe('createRunResultCollector', () => {
  it('keeps a succeeded run succeeded and stores why its metrics are unavailable when results.csv is missing', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'succeeded' });
    const result = await collector.collect(run, null);
    expect(result).toMatchObject({ kind: 'succeeded', summary: null, chart: null, metricsUnavailable: `results.csv was not written (no runs/widgets/${run.id}/results.csv in ${bucket})` });
    expect(await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      state: 'succeeded',
      metrics: { unavailable: `results.csv was not written (no runs/widgets/${run.id}/results.csv in ${bucket})` },
    });
  });

  it('stores the parse problem of a malformed results.csv', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'succeeded' });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `runs/widgets/${run.id}/results.csv`, Body: 'epoch,time\n1,abc,extra\n' }));
    const result = await collector.collect(run, null);
    expect(result.kind).toBe('succeeded');
    if (result.kind === 'succeeded') expect(result.metricsUnavailable).toMatch(/^results\.csv line 1: the header has none of the metric columns/);
    const stored = await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.state).toBe('succeeded');
    expect((stored.metrics as { unavailable: string }).unavailable).toMatch(/^results\.csv line 1: the header has none of the metric columns/);
  });

  it('reports a failed run whose log cannot be read without throwing', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'failed' });
    const workflow: Workflow = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'widgets-x' },
      spec: {},
      status: {
        phase: 'Failed',
        nodes: {
          'wf-t': { id: 'wf-t', displayName: 'train', type: 'Retry', templateName: 'train', phase: 'Failed', children: ['wf-t0'] },
          'wf-t0': { id: 'wf-t0', displayName: 'train(0)', type: 'Pod', templateName: 'train', phase: 'Failed', message: 'Error (exit code 1)', outputs: { exitCode: '1' } },
        },
      },
    };
    const result = await collector.collect(run, workflow);
    expect(result).toMatchObject({
      kind: 'unsuccessful',
      failure: { step: 'train', nodeId: 'wf-t0', exitCode: 1 },
      logTail: null,
      logUnavailable: 'the pod of step wf-t0 is gone and no archived log reader is configured',
    });
    expect(logRequests).toEqual([{ workflowName: 'widgets-x', nodeId: 'wf-t0', tailLines: 50 }]);
  });
});
