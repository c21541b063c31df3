import type { ArtifactStore } from '@trainops/artifacts';
import { buildRunKeys } from '@trainops/artifacts';
import type { PrismaClient, RunRecord } from '@trainops/db';
import type { ProjectConfig, ProjectRegistry } from '@trainops/projects';
import {
  buildRunCardMessage,
  buildRunFailureMessage,
  buildRunResultMessage,
  formatLogTail,
  recogniseFailureCause,
  type RunCardLinks,
  type RunCardStep,
  type RunStepPhase,
  type SlackMessage,
} from '@trainops/slack-ui';
import type { SlackNotifier } from '../notifier/index.ts';
import type { RunResult, WorkflowRunStatus } from '../pipeline/index.ts';
import { pipelineSteps } from '../pipeline/index.ts';
import { toRunDto } from '../runs/run-dto.ts';
import { findProductionModel } from './production-model.ts';
import { findRunResultInThread, runFinishedMetadata, type ThreadReader } from './run-result-in-thread.ts';

// Turns what happens to a run into Slack: the card when it is created, card edits as the
// workflow moves (the notifier coalesces them), and on the end a final card plus the result or
// the failure in the card's thread. Runs without a Slack channel are left alone.

export interface RunSlackUpdatesOptions {
  notifier: SlackNotifier;
  prisma: PrismaClient;
  projects: ProjectRegistry;
  artifacts: ArtifactStore;
  /** Base of the api links on the card. */
  publicUrl: string;
  /** The Argo Server UI's base URL; the card links to the run's workflow there when given. */
  argoUiUrl?: string | undefined;
  /** Reads a card's thread, so a result owed after a restart is not sent twice. */
  threadReader: ThreadReader;
  logger: { warn(details: object, message: string): void; error(details: object, message: string): void };
}

export interface RunFinishedOptions {
  /** Sent by a restarted api for a run it finished before: the thread is checked first. */
  recovering?: boolean;
  /** The workflow's last status, for the final card's steps (else the last one seen, if any). */
  status?: WorkflowRunStatus | null;
}

const chartFilename = 'training-chart.png';

export interface RunSlackUpdates {
  runCreated(run: RunRecord): Promise<void>;
  statusApplied(run: RunRecord, status: WorkflowRunStatus): void;
  runFinished(run: RunRecord, result: RunResult, options?: RunFinishedOptions): Promise<void>;
  /** A run that ended without a workflow to report it (cancelled while queued): the final card only. */
  runEnded(run: RunRecord): Promise<void>;
}

const argoPhaseToStep: Record<string, RunStepPhase> = {
  Pending: 'pending',
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Error: 'error',
  Skipped: 'skipped',
  Omitted: 'skipped',
};

function parseProgress(progress: string | null | undefined): { done: number; total: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(progress ?? '');
  return match ? { done: Number(match[1]), total: Number(match[2]) } : undefined;
}

/** The card's step line: every pipeline step, in order, with what the workflow says of it. */
export function buildCardSteps(status: WorkflowRunStatus | null): RunCardStep[] {
  return pipelineSteps.map((name) => {
    const step = status?.steps.find((candidate) => candidate.step === name);
    const progress = name === 'train' ? parseProgress(step?.progress ?? status?.progress) : undefined;
    return { name, phase: step ? (argoPhaseToStep[step.phase] ?? 'pending') : 'pending', ...(progress ? { progress } : {}) };
  });
}

/** Seconds left for training, from the pace of the epochs so far. */
export function estimateSecondsLeft(run: RunRecord, steps: readonly RunCardStep[], now: Date): number | undefined {
  const train = steps.find((step) => step.name === 'train');
  if (!train?.progress || train.progress.done === 0 || run.startedAt === null) return undefined;
  const elapsed = (now.getTime() - run.startedAt.getTime()) / 1000;
  return Math.round((elapsed / train.progress.done) * (train.progress.total - train.progress.done));
}

/** The card's links: the run in the api, and its workflow in the Argo UI once it has one. */
export function buildRunCardLinks(run: RunRecord, bases: { publicUrl: string; argoUiUrl?: string | undefined }): RunCardLinks {
  const api = `${bases.publicUrl}/api/v1/runs/${run.id}`;
  if (bases.argoUiUrl === undefined || run.workflowNamespace === null || run.workflowName === null) return { api };
  return { api, argoUi: `${bases.argoUiUrl}/workflows/${encodeURIComponent(run.workflowNamespace)}/${encodeURIComponent(run.workflowName)}` };
}

export function createRunSlackUpdates(options: RunSlackUpdatesOptions): RunSlackUpdates {
  const { notifier, projects, artifacts, logger } = options;
  // The last workflow status seen per active run, so the final card still shows each step's outcome.
  const lastStatus = new Map<string, WorkflowRunStatus>();

  function projectOf(run: RunRecord): ProjectConfig | undefined {
    return projects.has(run.project) ? projects.get(run.project) : undefined;
  }

  function cardFor(run: RunRecord, status: WorkflowRunStatus | null): SlackMessage {
    const project = projectOf(run);
    const steps = buildCardSteps(status);
    const secondsLeft = run.state === 'running' ? estimateSecondsLeft(run, steps, new Date()) : undefined;
    const waiting = status?.message && /waiting/i.test(status.message) ? status.message : undefined;
    return buildRunCardMessage({
      run: toRunDto(run),
      project: { name: run.project, ...(project ? { task: project.task, baseModel: project.baseModel } : {}) },
      requesterId: run.requester,
      gpuRequest: project
        ? { gpus: project.resources.gpus, ...(project.resources.cpu ? { cpu: String(project.resources.cpu) } : {}), ...(project.resources.memory ? { memory: String(project.resources.memory) } : {}) }
        : { gpus: 0 },
      steps,
      ...(secondsLeft === undefined ? {} : { estimatedSecondsLeft: secondsLeft }),
      ...(waiting ? { waitingMessage: waiting } : {}),
      links: buildRunCardLinks(run, options),
      cancellable: true,
    });
  }

  function channelOf(run: RunRecord): string | undefined {
    return run.slackChannelId ?? projectOf(run)?.slack.channel;
  }

  async function runCreated(run: RunRecord): Promise<void> {
    const channel = channelOf(run);
    if (!channel) return;
    try {
      await notifier.postRunCard(run.id, channel, cardFor(run, null));
    } catch (error) {
      logger.warn({ runId: run.id, err: error }, 'the run card could not be posted');
    }
  }

  function statusApplied(run: RunRecord, status: WorkflowRunStatus): void {
    if (!notifier.cardOf(run.id)) return;
    lastStatus.set(run.id, status);
    void notifier.updateRunCard(run.id, cardFor(run, status));
  }

  /** Presigned links to the run's main outputs, only those it really left (a run may lack results.csv). */
  async function artifactLinks(run: RunRecord): Promise<Array<{ label: string; url: string }>> {
    const keys = buildRunKeys(run.project, run.id);
    const wanted = [
      { label: 'best.pt', key: keys.bestWeights },
      { label: 'best.onnx', key: keys.bestOnnx },
      { label: 'results.csv', key: keys.resultsCsv },
    ];
    let present: Set<string>;
    try {
      present = new Set((await artifacts.listRunOutputs(run.project, run.id)).map((output) => output.key));
    } catch (error) {
      logger.warn({ runId: run.id, err: error }, 'the run outputs could not be listed; the result goes out without links');
      return [];
    }
    const links: Array<{ label: string; url: string }> = [];
    for (const { label, key } of wanted.filter((entry) => present.has(entry.key))) {
      try {
        links.push({ label, url: await artifacts.presignedGetUrl(key) });
      } catch (error) {
        logger.warn({ runId: run.id, key, err: error }, 'no presigned link');
      }
    }
    return links;
  }

  async function runFinished(run: RunRecord, result: RunResult, finishOptions: RunFinishedOptions = {}): Promise<void> {
    const status = finishOptions.status ?? lastStatus.get(run.id) ?? null;
    lastStatus.delete(run.id);
    const card = notifier.cardOf(run.id);
    if (!card) return;
    // A restarted api may owe a result it had in fact sent just before it stopped: look first.
    const inThread = finishOptions.recovering ? await findRunResultInThread(options.threadReader, { channel: card.channel, threadTs: card.ts, runId: run.id, chartFilename }) : null;
    await notifier.updateRunCard(run.id, cardFor(run, status), { final: true });
    if (inThread?.resultTs) {
      logger.warn({ runId: run.id, resultTs: inThread.resultTs }, 'the result was already in the thread; recorded, not sent again');
      await recordResult(run.id, inThread.resultTs);
      return;
    }
    if (result.kind === 'succeeded') {
      const project = projectOf(run);
      let chart: { fileId?: string } | undefined = inThread?.chartFileId ? { fileId: inThread.chartFileId } : undefined;
      if (result.chart && chart === undefined) {
        const uploaded = await notifier.uploadFileToThread(run.id, { filename: chartFilename, bytes: result.chart.png, title: `${run.project} training` });
        if (uploaded.status === 'delivered' && uploaded.fileId) chart = { fileId: uploaded.fileId };
      }
      const summary = result.summary;
      const seconds = summary?.trainingSeconds ?? 0;
      const posted = await notifier.postThreadReply(
        run.id,
        buildRunResultMessage({
          run: toRunDto(run),
          ...(summary
            ? {
                summary: {
                  final: summary.final.metrics,
                  best: { epoch: summary.best?.epoch ?? summary.final.epoch, metrics: (summary.best ?? summary.final).metrics },
                  epochs: summary.epochsRun,
                  trainingSeconds: seconds,
                  gpuHours: (seconds / 3600) * (project?.resources.gpus ?? 0),
                },
              }
            : {}),
          production: await findProductionModel(options.prisma, run.project).catch((error: unknown) => {
            logger.warn({ runId: run.id, err: error }, 'the production model could not be read; the result goes out without the comparison');
            return null;
          }),
          ...(chart ? { chart } : {}),
          artifactLinks: await artifactLinks(run),
          ...(result.metricsUnavailable ? { metricsUnavailable: result.metricsUnavailable } : {}),
        }),
        { metadata: runFinishedMetadata(run.id) },
      );
      if (posted.status === 'delivered' && posted.ts) await recordResult(run.id, posted.ts);
      return;
    }
    const lines = (result.logTail ?? '').split('\n').filter((line) => line.length > 0);
    const cause = recogniseFailureCause(lines, result.message ?? '');
    const posted = await notifier.postThreadReply(
      run.id,
      buildRunFailureMessage({
        run: toRunDto(run),
        failedStep: result.failure?.step ?? null,
        exitCode: result.failure?.exitCode ?? null,
        message: result.message,
        logTail: lines,
        ...(cause ? { cause } : {}),
      }),
      { metadata: runFinishedMetadata(run.id) },
    );
    if (posted.status === 'delivered' && posted.ts) await recordResult(run.id, posted.ts);
    if (formatLogTail(lines).shownLines < lines.length) {
      await notifier.uploadFileToThread(run.id, { filename: `${run.project}-${run.id.slice(0, 8)}-log.txt`, bytes: new TextEncoder().encode(`${lines.join('\n')}\n`), title: 'Log of the failed step' });
    }
  }

  async function runEnded(run: RunRecord): Promise<void> {
    lastStatus.delete(run.id);
    const card = notifier.cardOf(run.id);
    if (!card) return;
    const edited = await notifier.updateRunCard(run.id, cardFor(run, null), { final: true });
    // Ended before it had a workflow: the final card is the whole result.
    if (edited.status === 'delivered' || (edited.status === 'skipped' && edited.reason === 'duplicate_final')) await recordResult(run.id, card.ts);
  }

  /** The result is out: a restarted api no longer owes it. Failing to record it is logged, not thrown: the message went. */
  async function recordResult(runId: string, ts: string): Promise<void> {
    await options.prisma.run.updateMany({ where: { id: runId, slackResultTs: null }, data: { slackResultTs: ts } }).catch((error: unknown) => {
      logger.error({ runId, err: error }, 'the result went to Slack but could not be recorded; a restart may look for it in the thread');
    });
  }

  return { runCreated, statusApplied, runFinished, runEnded };
}
