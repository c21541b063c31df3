import { S3Client } from '@aws-sdk/client-s3';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createArtifactStore } from '@trainops/artifacts';
import type { PrismaClient, RunRecord } from '@trainops/db';
import type { ProjectRegistry } from '@trainops/projects';
import { buildRunLimitsConfigMap, createArgoClient } from '@trainops/workflows';
import type { FastifyBaseLogger } from 'fastify';
import type { PipelineConfig, SlackConfig } from './config.ts';
import { createNotifierWebClient, createSlackNotifier, type SlackNotifier } from './notifier/index.ts';
import { NotFoundError } from '@trainops/contracts';
import {
  buildRunWorkflowName,
  createRunResultCollector,
  createRunStateStore,
  createRunSubmitter,
  createWorkflowWatcher,
  mapWorkflowToRunStatus,
  type WorkflowWatcher,
} from './pipeline/index.ts';
import { createOwedResults, findRunsOwingResults } from './run-updates/owed-results.ts';
import { createRunSlackUpdates, type RunSlackUpdates } from './run-updates/run-slack-updates.ts';

// The training pipeline wired together: runs are submitted as Argo Workflows, the watcher
// follows them into the database, and (with a Slack token) the notifier keeps each run's card
// and thread up to date. Built once by startApi; only configuration differs between the local
// stand-ins and a real cluster.

export interface RunPipeline {
  /** A new run was stored: post its card, then submit it (a later reconcile retries a failure). */
  runCreated(runId: string): void;
  /** A queued run was cancelled before it had a workflow: end its card. */
  runCancelled(runId: string): void;
  /** Argo's Stop for the run's workflow (exit handlers still run); the watcher records `cancelled`. */
  stopWorkflow(run: RunRecord): Promise<void>;
  close(): Promise<void>;
}

export interface StartRunPipelineOptions {
  pipeline: PipelineConfig;
  slack: SlackConfig | undefined;
  prisma: PrismaClient;
  projects: ProjectRegistry;
  publicUrl: string;
  logger: FastifyBaseLogger;
}

export async function startRunPipeline(options: StartRunPipelineOptions): Promise<RunPipeline> {
  const { pipeline, prisma, projects } = options;
  const logger = options.logger.child({ component: 'pipeline' });
  const kubeConfig = loadKubeConfig(pipeline.kubeconfig);
  const s3 = new S3Client({
    region: pipeline.artifacts.region,
    credentials: { accessKeyId: pipeline.artifacts.accessKeyId, secretAccessKey: pipeline.artifacts.secretAccessKey },
    ...(pipeline.artifacts.endpoint ? { endpoint: pipeline.artifacts.endpoint, forcePathStyle: true } : {}),
  });
  const artifacts = createArtifactStore({ s3, bucket: pipeline.artifacts.bucket, presignExpirySeconds: pipeline.artifacts.presignExpirySeconds });
  // A failed step's pod may be gone (workflow TTL, a restart long after): Argo archived its log to
  // the same artifact repository (deploy/argo/artifact-repository.yaml, archiveLogs).
  const argo = createArgoClient({ kubeconfig: kubeConfig, namespace: pipeline.namespace, readArchivedLog: (key) => artifacts.readText(key) });
  await applyRunLimits(kubeConfig, pipeline.namespace, projects);

  let notifier: SlackNotifier | undefined;
  let updates: RunSlackUpdates | undefined;
  let owedAtStart: RunRecord[] = [];
  if (options.slack) {
    const slackClient = createNotifierWebClient({ token: options.slack.botToken, ...(options.slack.apiUrl ? { slackApiUrl: options.slack.apiUrl } : {}) });
    notifier = createSlackNotifier({
      client: slackClient,
      logger: logger.child({ component: 'notifier' }),
      minCardEditIntervalMs: options.slack.cardEditIntervalMs,
      onCardPosted: async (runId, channel, ts) => {
        await prisma.run.update({ where: { id: runId }, data: { slackChannelId: channel, slackCardTs: ts, slackThreadTs: ts } });
      },
    });
    // After a restart, cards posted by an earlier process are edited, not posted again.
    const withCards = await prisma.run.findMany({ where: { slackCardTs: { not: null }, state: { in: ['queued', 'submitted', 'running'] } } });
    for (const run of withCards) notifier.rememberCard(run.id, run.slackChannelId ?? '', run.slackCardTs ?? '');
    // Read before the watcher starts: runs it finishes from now on get their result the usual way.
    owedAtStart = await findRunsOwingResults(prisma, new Date());
    updates = createRunSlackUpdates({ notifier, prisma, projects, artifacts, publicUrl: options.publicUrl, argoUiUrl: pipeline.argoUiUrl, threadReader: slackClient, logger });
  }

  const stateStore = createRunStateStore({ prisma, clock: () => new Date(), logger });
  const collector = createRunResultCollector({ artifacts, argo, prisma, logger });
  const owedResults =
    notifier && updates
      ? createOwedResults({
          prisma,
          notifier,
          updates,
          collect: async (run) => {
            const workflow = run.workflowName === null ? null : await argo.get(run.workflowName).catch(() => null);
            return { result: await collector.collect(run, workflow), status: workflow === null ? null : mapWorkflowToRunStatus(workflow) };
          },
          sweepIntervalMs: pipeline.resyncIntervalMs,
          logger,
        })
      : undefined;
  const onRunFinished = async (run: RunRecord, workflow: Parameters<typeof collector.collect>[1]) => {
    const finish = async () => {
      const result = await collector.collect(run, workflow);
      await updates?.runFinished(run, result);
    };
    await (owedResults ? owedResults.sending(run.id, finish) : finish());
  };
  const { endpoint } = pipeline.artifacts;
  const submitter = createRunSubmitter({
    prisma,
    argo,
    projects,
    stateStore,
    logger,
    onRunFinished,
    workflowOptions: {
      namespace: pipeline.namespace,
      serviceAccountName: pipeline.serviceAccountName,
      artifactRepository: {
        bucket: pipeline.artifacts.bucket,
        endpoint: endpoint ? new URL(endpoint).host : `s3.${pipeline.artifacts.region}.amazonaws.com`,
        region: pipeline.artifacts.region,
        insecure: endpoint ? new URL(endpoint).protocol === 'http:' : false,
        accessKeySecret: { name: pipeline.artifacts.credentialsSecret, key: 'accessKey' },
        secretKeySecret: { name: pipeline.artifacts.credentialsSecret, key: 'secretKey' },
      },
    },
  });
  const watcher: WorkflowWatcher = createWorkflowWatcher({
    argo,
    prisma,
    stateStore,
    submitter,
    namespace: pipeline.namespace,
    resyncIntervalMs: pipeline.resyncIntervalMs,
    onRunFinished,
    ...(updates ? { onStatusApplied: updates.statusApplied } : {}),
    logger,
  });
  await watcher.start();
  owedResults?.start(owedAtStart);

  return {
    runCreated(runId) {
      void (async () => {
        const run = await prisma.run.findUnique({ where: { id: runId } });
        if (run === null) return;
        await updates?.runCreated(run);
        await submitter.submitRun(runId);
      })().catch((error: unknown) => logger.error({ runId, err: error }, 'submitting the run failed; the next reconcile retries'));
    },
    runCancelled(runId) {
      void (async () => {
        const run = await prisma.run.findUnique({ where: { id: runId } });
        if (run === null || updates === undefined) return;
        const slackUpdates = updates;
        await (owedResults ? owedResults.sending(run.id, () => slackUpdates.runEnded(run)) : slackUpdates.runEnded(run));
      })().catch((error: unknown) => logger.error({ runId, err: error }, 'the card of a cancelled run could not be updated'));
    },
    async stopWorkflow(run) {
      try {
        await argo.stop(run.workflowName ?? buildRunWorkflowName(run.project, run.id));
      } catch (error) {
        // A workflow that is already gone cannot be stopped; the watcher marks its run.
        if (error instanceof NotFoundError) return;
        throw error;
      }
    },
    async close() {
      await watcher.stop();
      await owedResults?.stop();
      if (notifier) {
        await notifier.flush();
        await notifier.close();
      }
      s3.destroy();
    },
  };
}

/** KUBECONFIG=in-cluster uses the pod's service account, as a Deployment in the cluster would. */
function loadKubeConfig(kubeconfig: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (kubeconfig === 'in-cluster') kubeConfig.loadFromCluster();
  else kubeConfig.loadFromFile(kubeconfig);
  return kubeConfig;
}

/** Argo reads semaphore sizes from a ConfigMap: keep it in step with the project registry. */
async function applyRunLimits(kubeConfig: KubeConfig, namespace: string, projects: ProjectRegistry): Promise<void> {
  const configMap = buildRunLimitsConfigMap({ projects: projects.list(), namespace });
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const name = configMap.metadata.name ?? 'trainops-run-limits';
  const body = { metadata: { name }, data: configMap.data ?? {} };
  try {
    await core.replaceNamespacedConfigMap({ name, namespace, body });
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
    await core.createNamespacedConfigMap({ namespace, body });
  }
}
