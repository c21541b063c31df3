// The result a stopped api still owed (it recorded the run's end, then stopped before posting):
// a restarted pipeline sends it exactly once. Real parts on loopback: the Kubernetes/Argo and S3
// stand-ins, the Slack stand-in through @slack/web-api, a PGlite database.
import { startSlackEmulator, type SlackEmulator } from '@trainops/slack-emulator';
import type { RunRecord } from '@trainops/db';
import { createTestDatabase, type TestDatabase } from '@trainops/db/testing';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { WebClient } from '@slack/web-api';
import { buildRunKeys } from '@trainops/artifacts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { startPipelineStandIns, standInProjects, type PipelineStandIns } from './pipeline/testing/pipeline-stand-ins.ts';
import { eventually, insertRun } from './pipeline/testing/run-rows.ts';
import { startRunPipeline, type RunPipeline } from './run-pipeline.ts';
import { runFinishedMetadata } from './run-updates/run-result-in-thread.ts';

const botToken = 'xoxb-run-pipeline-spec';
const channel = 'C0RESULTS';
let standIns: PipelineStandIns;
let slack: SlackEmulator;
let database: TestDatabase;
let web: WebClient;
const pipelines: RunPipeline[] = [];

beforeAll(async () => {
  standIns = await startPipelineStandIns();
  slack = await startSlackEmulator({ signingSecret: 'run-pipeline-spec', botToken, workspace: { channels: [{ id: channel, name: 'results' }] }, rateLimits: { enabled: false }, log: () => undefined });
  database = await createTestDatabase('pglite');
  web = new WebClient(botToken, { slackApiUrl: slack.apiUrl });
});
afterEach(async () => {
  for (const pipeline of pipelines.splice(0)) await pipeline.close();
});
afterAll(async () => {
  await database?.close();
  await slack?.close();
  await standIns?.close();
});

async function startPipeline(resyncIntervalMs = 600_000): Promise<RunPipeline> {
  const s3 = standIns.s3;
  const pipeline = await startRunPipeline({
    pipeline: {
      kubeconfig: standIns.kube.api.kubeconfigPath,
      namespace: standIns.namespace,
      serviceAccountName: 'trainops-workflow',
      artifacts: {
        bucket: standIns.artifacts.bucket,
        endpoint: s3.endpoint,
        region: s3.region,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        credentialsSecret: 'trainops-s3',
        presignExpirySeconds: 3600,
      },
      resyncIntervalMs,
      argoUiUrl: undefined,
    },
    slack: { botToken, apiUrl: slack.apiUrl, cardEditIntervalMs: 100 },
    prisma: database.prisma,
    projects: standIns.projects,
    publicUrl: 'http://api.test',
    logger: createLogger('silent'),
  });
  pipelines.push(pipeline);
  return pipeline;
}

/** A run the api saw finish, with its card in the channel, as it stood when the api stopped. */
async function finishedRunWithCard(state: 'succeeded' | 'failed', finishedAt = new Date()): Promise<RunRecord> {
  const run = await insertRun(database.prisma, { project: standInProjects.quick, state });
  const card = await web.chat.postMessage({ channel, text: `run ${run.id} ${state}` });
  return database.prisma.run.update({
    where: { id: run.id },
    data: { slackChannelId: channel, slackCardTs: card.ts ?? null, slackThreadTs: card.ts ?? null, finishedAt },
  });
}

interface ThreadReply {
  ts: string;
  text: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

async function repliesOf(run: RunRecord): Promise<ThreadReply[]> {
  const answer = await web.conversations.replies({ channel, ts: run.slackCardTs ?? '', include_all_metadata: true });
  return ((answer.messages ?? []) as ThreadReply[]).filter((message) => message.ts !== run.slackCardTs);
}

async function resultTsOf(run: RunRecord): Promise<string | null> {
  return (await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).slackResultTs;
}

describe('results owed from before a restart', () => {
  it('are sent once after the restart, marked with the run, and recorded so the next start sends nothing', async () => {
    const succeeded = await finishedRunWithCard('succeeded');
    const failed = await finishedRunWithCard('failed');
    await startPipeline();

    const resultTs = await eventually(() => resultTsOf(succeeded).then((ts) => ts ?? undefined), 'the owed result of the succeeded run');
    await eventually(() => resultTsOf(failed).then((ts) => ts ?? undefined), 'the owed failure of the failed run');
    const replies = await repliesOf(succeeded);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ ts: resultTs, metadata: runFinishedMetadata(succeeded.id) });
    expect(replies[0]?.text).toContain('succeeded');
    expect(await repliesOf(failed)).toEqual([expect.objectContaining({ metadata: runFinishedMetadata(failed.id) })]);

    await pipelines.pop()?.close();
    await startPipeline();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await repliesOf(succeeded)).toHaveLength(1);
    expect(await repliesOf(failed)).toHaveLength(1);
  }, 60_000);

  it('are not sent again when the thread already has them (the api stopped after posting, before recording)', async () => {
    const run = await finishedRunWithCard('succeeded');
    const posted = await web.chat.postMessage({ channel, thread_ts: run.slackCardTs ?? '', text: 'run succeeded', metadata: runFinishedMetadata(run.id) });
    // A reply from before message metadata: known by the decision button carrying the run id.
    const older = await finishedRunWithCard('failed');
    const olderReply = await web.chat.postMessage({
      channel,
      thread_ts: older.slackCardTs ?? '',
      text: 'run failed',
      blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'retry_run', value: older.id, text: { type: 'plain_text', text: 'Retry' } }] }],
    });
    await startPipeline();

    await eventually(() => resultTsOf(run).then((ts) => ts ?? undefined), 'the result ts to be recorded');
    await eventually(() => resultTsOf(older).then((ts) => ts ?? undefined), 'the older result ts to be recorded');
    expect(await resultTsOf(run)).toBe(posted.ts);
    expect(await resultTsOf(older)).toBe(olderReply.ts);
    expect((await repliesOf(run)).map((reply) => reply.ts)).toEqual([posted.ts]);
    expect((await repliesOf(older)).map((reply) => reply.ts)).toEqual([olderReply.ts]);
  }, 60_000);

  it('are swept up while the api runs (Slack refused for longer than the retries), but not while just finished', async () => {
    await startPipeline(200);
    // Recorded as finished two minutes ago with its result never delivered.
    const owed = await finishedRunWithCard('succeeded', new Date(Date.now() - 2 * 60 * 1000));
    // Finished a moment ago: the end-of-run path (here, or in another replica) is still on it.
    const fresh = await finishedRunWithCard('failed');
    await eventually(() => resultTsOf(owed).then((ts) => ts ?? undefined), 'the sweep to send the owed result');
    expect(await repliesOf(owed)).toEqual([expect.objectContaining({ metadata: runFinishedMetadata(owed.id) })]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await repliesOf(fresh)).toEqual([]);
    expect(await resultTsOf(fresh)).toBeNull();
    expect(await repliesOf(owed)).toHaveLength(1);
  }, 60_000);

  it('leave runs that finished more than a day ago alone', async () => {
    const old = await finishedRunWithCard('succeeded', new Date(Date.now() - 25 * 60 * 60 * 1000));
    const fresh = await finishedRunWithCard('succeeded');
    await startPipeline();
    await eventually(() => resultTsOf(fresh).then((ts) => ts ?? undefined), 'the fresh run to get its result');
    expect(await repliesOf(old)).toEqual([]);
    expect(await resultTsOf(old)).toBeNull();
  }, 60_000);

  it("compare a result with the project's production model, best epoch against the promoted run's best", async () => {
    // The production model: version 3, promoted from a run whose best epoch had mAP50 0.8.
    const promoted = await insertRun(database.prisma, { project: standInProjects.quick, state: 'succeeded' });
    await database.prisma.run.update({
      where: { id: promoted.id },
      data: { metrics: { final: { epoch: 2, metrics: { mAP50: 0.75 } }, best: { epoch: 1, metrics: { mAP50: 0.8, 'mAP50-95': 0.5 } } } },
    });
    const version = await database.prisma.modelVersion.create({ data: { project: standInProjects.quick, version: 3, sourceRunId: promoted.id, artifactUris: [] } });
    await database.prisma.modelAlias.create({ data: { project: standInProjects.quick, alias: 'production', modelVersionId: version.id, updatedBy: 'U03MRV8D1KA' } });

    const run = await finishedRunWithCard('succeeded');
    // Its results.csv (current detect header), best epoch 2 with mAP50 0.85.
    const header =
      'epoch,time,train/box_loss,train/cls_loss,train/dfl_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),val/box_loss,val/cls_loss,val/dfl_loss,lr/pg0,lr/pg1,lr/pg2';
    const rows = ['1,10.5,1.2,1.1,1.0,0.6,0.5,0.70,0.40,1.3,1.2,1.1,0.001,0.001,0.001', '2,21.0,1.0,0.9,0.9,0.7,0.6,0.85,0.55,1.1,1.0,1.0,0.001,0.001,0.001'];
    await standIns.s3Client.send(
      new PutObjectCommand({ Bucket: standIns.artifacts.bucket, Key: buildRunKeys(run.project, run.id).resultsCsv, Body: `${header}\n${rows.join('\n')}\n` }),
    );
    await startPipeline();

    await eventually(() => resultTsOf(run).then((ts) => ts ?? undefined), 'the result with the comparison');
    const replies = await repliesOf(run);
    // The chart first, then the result.
    expect(replies).toHaveLength(2);
    const text = JSON.stringify(replies.find((reply) => reply.metadata !== undefined));
    expect(text).toContain('+0.05');
    expect(text).toContain('vs v3');
    expect(text).toContain('Differences compare the best epoch (2) with production v3.');
  }, 60_000);

  it("show a failed step's archived log when its pod is gone", async () => {
    const run = await finishedRunWithCard('failed');
    const workflowName = `${run.project}-${run.id}`;
    const logKey = `logs/${workflowName}/train/main.log`;
    const log = ['  1/3  1.2G  1.1  0.9', 'Traceback (most recent call last):', 'RuntimeError: archived at the end'].join('\n');
    await standIns.s3Client.send(new PutObjectCommand({ Bucket: standIns.artifacts.bucket, Key: logKey, Body: `${log}\n` }));
    // The workflow as Argo leaves it: the train node failed, its log archived, no pod any more.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(standIns.kube.api.kubeconfigPath);
    await kubeConfig.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: standIns.namespace,
      plural: 'workflows',
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { name: workflowName },
        spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox:1.36' } }] },
        status: {
          phase: 'Failed',
          nodes: {
            [`${workflowName}-1`]: {
              id: `${workflowName}-1`,
              name: `${workflowName}.train`,
              displayName: 'train',
              type: 'Pod',
              templateName: 'train',
              phase: 'Failed',
              message: 'Error (exit code 1)',
              outputs: { exitCode: '1', artifacts: [{ name: 'main-logs', s3: { key: logKey } }] },
            },
          },
        },
      },
    });
    await database.prisma.run.update({ where: { id: run.id }, data: { workflowNamespace: standIns.namespace, workflowName } });
    await startPipeline();

    await eventually(() => resultTsOf(run).then((ts) => ts ?? undefined), 'the owed failure reply');
    const [reply] = await repliesOf(run);
    expect(JSON.stringify(reply)).toContain('RuntimeError: archived at the end');
  }, 60_000);
});
