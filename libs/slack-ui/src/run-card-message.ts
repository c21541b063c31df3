import { isActiveRunState } from '@trainops/contracts';
import type { Run, RunTrigger } from '@trainops/contracts';
import { mrkdwn, plainText } from './block-kit.ts';
import type { Block, SlackMessage } from './block-kit.ts';
import { buildConfirmDialog } from './confirm-dialog.ts';
import type { ConfirmableButton } from './confirm-dialog.ts';
import { formatTimeLeft } from './format-duration.ts';
import { formatLink } from './format-link.ts';
import { formatParameterValue, formatRequester, formatRunState, runStateEmoji, shortRunId } from './format.ts';
import { enforceSlackLimits, escapeMrkdwn, slackLimits, truncateMrkdwn, truncateText } from './slack-limits.ts';

// The run card: the one channel message per run that the api edits in place as the run moves,
// and whose thread holds everything else (results, failures, charts). It is rebuilt whole from
// the run's current facts each time, so an edit never depends on what the card said before.

export const runStepPhases = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'error'] as const;
export type RunStepPhase = (typeof runStepPhases)[number];

/** The pipeline's usual steps; a project's workflow may have others, shown as named. */
export type RunStepName = 'checkout' | 'dependencies' | 'train' | 'export' | 'publish' | (string & Record<never, never>);

export interface RunCardStep {
  name: RunStepName;
  phase: RunStepPhase;
  /** Work units done of total: epochs for `train`. */
  progress?: { done: number; total: number };
}

/** What the card says about the project; a ProjectSummary fits. */
export interface RunCardProject {
  name: string;
  task?: string;
  baseModel?: string;
}

/** The resources the run asked for (the project's `resources`). */
export interface RunCardGpuRequest {
  gpus: number;
  /** e.g. `NVIDIA-A100-SXM4-80GB` from a node selector. */
  product?: string;
  cpu?: string;
  memory?: string;
}

export interface RunCardLinks {
  /** The Workflow in the Argo UI, when one is configured. */
  argoUi?: string;
  /** The run in the api. */
  api: string;
}

export interface RunCardMessageOptions {
  run: Run;
  project: RunCardProject;
  /** A Slack user id (shown as a mention) or a client's name. */
  requesterId: string;
  gpuRequest: RunCardGpuRequest;
  steps: readonly RunCardStep[];
  /** Time left for the running step, if the api can estimate it (epochs done vs time taken). */
  estimatedSecondsLeft?: number;
  links: RunCardLinks;
  /** Why an active run is not moving, e.g. waiting for the project's GPU semaphore. */
  waitingMessage?: string;
  /** Whether the Cancel button may be offered at all; it is shown only while the run is active. */
  cancellable: boolean;
}

export const cancelRunActionId = 'cancel_run';

const stepSymbols: Record<RunStepPhase, string> = {
  pending: '',
  running: '⏳',
  succeeded: '✓',
  failed: '✗',
  error: '⚠',
  skipped: '(skipped)',
};

const progressUnits: Readonly<Record<string, string>> = { train: 'epochs' };

const triggerWords: Record<RunTrigger, string> = {
  slash: 'Slack command',
  schedule: 'schedule',
  api: 'API',
  git: 'git push',
};

// Generous caps on the free-text pieces so that one runaway value cannot crowd out the rest of
// the card; enforceSlackLimits still guarantees the hard limits.
const maxNameLength = 80;
const maxRunMessageLength = 500;
const maxWaitingLength = 500;
const maxParameterLength = 200;

export function buildRunCardMessage(options: RunCardMessageOptions): SlackMessage {
  const { run, project, requesterId, gpuRequest, steps, links, cancellable } = options;
  const active = isActiveRunState(run.state);
  const kind = run.kind === 'export' ? 'Export' : 'Training';
  const short = shortRunId(run.id);
  const projectName = escapeMrkdwn(truncateText(project.name, maxNameLength));

  const status = [`${runStateEmoji[run.state]} *${capitalise(formatRunState(run.state))}* · run \`${short}\``];
  if (run.message) status.push(escapeMrkdwn(truncateText(run.message, maxRunMessageLength)));

  const blocks: Block[] = [
    { type: 'header', text: plainText(`${kind} run · ${truncateText(project.name, maxNameLength)}`) },
    { type: 'section', text: mrkdwn(status.join('\n')) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Requested by*\n${formatRequester(requesterId)}`),
        mrkdwn(`*Project*\n${describeProject(project)}`),
        mrkdwn(`*GPU request*\n${formatGpuRequest(gpuRequest)}`),
        mrkdwn(`*Trigger*\n${triggerWords[run.trigger]}`),
      ],
    },
    { type: 'section', text: mrkdwn(`*Parameters*  ${formatParameters(run)}`) },
  ];
  if (active && options.waitingMessage) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`:hourglass_flowing_sand: ${escapeMrkdwn(truncateText(options.waitingMessage, maxWaitingLength))}`)],
    });
  }
  if (steps.length > 0) {
    const timeLeft = active ? options.estimatedSecondsLeft : undefined;
    blocks.push({ type: 'section', text: mrkdwn(truncateMrkdwn(formatSteps(steps, timeLeft), slackLimits.sectionText)) });
  }
  const linkLine = [formatLink(links.api, 'Run details'), links.argoUi === undefined ? undefined : formatLink(links.argoUi, 'Argo workflow')]
    .filter((link): link is string => link !== undefined)
    .join(' · ');
  if (linkLine !== '') blocks.push({ type: 'context', elements: [mrkdwn(`:link: ${linkLine}`)] });
  if (cancellable && active) blocks.push({ type: 'actions', elements: [cancelButton(run, projectName, short)] });

  const current = steps.find((step) => step.phase === 'running');
  const fallback = `${kind} run ${short} of ${projectName}: ${formatRunState(run.state)}`;
  return enforceSlackLimits({
    text: current && active ? `${fallback} (${escapeMrkdwn(truncateText(current.name, maxNameLength))}${progressText(current)})` : fallback,
    blocks,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeProject(project: RunCardProject): string {
  const parts = [`*${escapeMrkdwn(truncateText(project.name, maxNameLength))}*`];
  if (project.task) parts.push(escapeMrkdwn(truncateText(project.task, maxNameLength)));
  if (project.baseModel) parts.push(`\`${escapeMrkdwn(truncateText(project.baseModel, maxNameLength))}\``);
  return parts.join(' · ');
}

/** "1 GPU (NVIDIA-A100) · 8 CPU · 32Gi memory"; no GPU reads "CPU only". */
export function formatGpuRequest(request: RunCardGpuRequest): string {
  const gpus = Number.isFinite(request.gpus) && request.gpus > 0 ? Math.floor(request.gpus) : 0;
  const parts: string[] = [];
  if (gpus === 0) parts.push('CPU only');
  else {
    const product = request.product ? ` (${escapeMrkdwn(truncateText(request.product, maxNameLength))})` : '';
    parts.push(`${gpus} GPU${gpus === 1 ? '' : 's'}${product}`);
  }
  if (request.cpu) parts.push(`${escapeMrkdwn(truncateText(request.cpu, 20))} CPU`);
  if (request.memory) parts.push(`${escapeMrkdwn(truncateText(request.memory, 20))} memory`);
  return parts.join(' · ');
}

function formatParameters(run: Run): string {
  const entries = Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return 'project defaults';
  return entries
    .map(([key, value]) => `\`${escapeMrkdwn(truncateText(key, maxNameLength))}=${formatParameterValue(truncateText(String(value), maxParameterLength))}\``)
    .join(' ');
}

function progressText(step: RunCardStep): string {
  const progress = step.progress;
  if (progress === undefined) return '';
  const { done, total } = progress;
  if (!Number.isFinite(done) || !Number.isFinite(total) || total <= 0 || done < 0) return '';
  const unit = progressUnits[step.name];
  return ` ${Math.floor(Math.min(done, total))}/${Math.floor(total)}${unit === undefined ? '' : ` ${unit}`}`;
}

/**
 * `checkout ✓ → dependencies ✓ → *train* ⏳ 12/50 epochs · ~6 min left → export → publish`.
 * The time left goes with the running step, or at the end when no step is running yet.
 */
export function formatSteps(steps: readonly RunCardStep[], estimatedSecondsLeft?: number): string {
  let timeLeftShown = estimatedSecondsLeft === undefined;
  const parts = steps.map((step) => {
    const name = escapeMrkdwn(truncateText(step.name, maxNameLength));
    const symbol = stepSymbols[step.phase];
    let text = step.phase === 'running' ? `*${name}*` : step.phase === 'skipped' ? `~${name}~` : name;
    if (symbol !== '') text += ` ${symbol}`;
    if (step.phase === 'running' || step.phase === 'failed' || step.phase === 'error') text += progressText(step);
    if (step.phase === 'running' && !timeLeftShown && estimatedSecondsLeft !== undefined) {
      text += ` · ${formatTimeLeft(estimatedSecondsLeft)}`;
      timeLeftShown = true;
    }
    return text;
  });
  const line = parts.join(' → ');
  return timeLeftShown || estimatedSecondsLeft === undefined ? line : `${line} · ${formatTimeLeft(estimatedSecondsLeft)}`;
}

function cancelButton(run: Run, projectName: string, short: string): ConfirmableButton {
  return {
    type: 'button',
    text: plainText('Cancel run'),
    action_id: cancelRunActionId,
    value: run.id,
    style: 'danger',
    confirm: buildConfirmDialog({
      title: 'Cancel this run?',
      text: `Run \`${short}\` of *${projectName}* stops now; its GPU time so far is lost.`,
      confirm: 'Cancel run',
      deny: 'Keep running',
      style: 'danger',
    }),
  };
}
