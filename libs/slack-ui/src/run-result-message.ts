import type { Run } from '@trainops/contracts';
import { mrkdwn, plainText } from './block-kit.ts';
import type { Block, SlackMessage, TextObject } from './block-kit.ts';
import { buildConfirmDialog } from './confirm-dialog.ts';
import type { ConfirmableButton } from './confirm-dialog.ts';
import { formatDuration } from './format-duration.ts';
import { formatLink } from './format-link.ts';
import { formatMetricDifference, formatMetricValue, isFiniteMetric, orderMetricNames } from './format-metric.ts';
import { runStateEmoji, shortRunId } from './format.ts';
import { packLines } from './pack-lines.ts';
import { enforceSlackLimits, escapeMrkdwn, slackLimits, truncateText } from './slack-limits.ts';

// The thread reply when a training run has finished: what it achieved, how it compares with the
// model in production, where its files are, and the decision buttons. Values are read as stored
// (a summary may hold null for a metric that was not finite), never trusted to be complete.

/** Metric values by name (`mAP50`, `mAP50-95`, `precision`, `recall`, or the task's own). */
export type MetricValuesByName = Readonly<Record<string, number | null | undefined>>;

export interface RunResultSummary {
  final: MetricValuesByName;
  best: { epoch: number; metrics: MetricValuesByName };
  epochs: number;
  trainingSeconds: number;
  gpuHours: number;
}

export interface RunResultMessageOptions {
  run: Run;
  /** Absent (or ignored) when `metricsUnavailable` says why there are no metrics. */
  summary?: RunResultSummary;
  /** The model in production now; null or absent when there is none yet. */
  production?: { version: number; metrics: MetricValuesByName } | null;
  /** The training chart: a link to it, and/or the id of the file posted in the thread. */
  chart?: { fileId?: string; url?: string };
  artifactLinks: ReadonlyArray<{ label: string; url: string }>;
  /** Why metrics could not be read (no results.csv, a broken file). The run still succeeded. */
  metricsUnavailable?: string;
}

export const approveRunActionId = 'approve_run';
export const rejectRunActionId = 'reject_run';

const maxMetricSections = 3;
const maxArtifactLinks = 20;
// Presigned links are long (1-2 kB each); past this much link text the rest of the message
// (and the decision buttons) would no longer fit in Slack's 40 000 characters.
const maxLinkTextLength = 12_000;
const maxNoteLength = 1_000;

export function buildRunResultMessage(options: RunResultMessageOptions): SlackMessage {
  const { run, production = null, chart, artifactLinks } = options;
  const short = shortRunId(run.id);
  const project = escapeMrkdwn(truncateText(run.project, 80));
  const unavailable = options.metricsUnavailable !== undefined || options.summary === undefined;
  const summary = options.summary;

  const facts: string[] = [];
  if (summary) {
    facts.push(`trained *${formatCount(summary.epochs, 'epoch')}* in *${formatDuration(summary.trainingSeconds)}*`);
    facts.push(`*${formatGpuHours(summary.gpuHours)} GPU-hours*`);
    if (!unavailable) facts.push(`best epoch *${summary.best.epoch}*`);
  }
  const headline = `${runStateEmoji.succeeded} Run \`${short}\` of *${project}* succeeded${facts.length > 0 ? `: ${facts.join(' · ')}` : '.'}`;

  const blocks: Block[] = [
    { type: 'header', text: plainText(`Training finished: ${truncateText(run.project, 80)}`) },
    { type: 'section', text: mrkdwn(headline) },
  ];

  if (unavailable || summary === undefined) {
    const reason = options.metricsUnavailable ?? 'no metrics were reported';
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `:warning: *Metrics are not available:* ${escapeMrkdwn(truncateText(reason, maxNoteLength))}\nThe run itself succeeded; its files are linked below.`,
      ),
    });
  } else {
    blocks.push(...metricSections(summary, production));
    blocks.push({ type: 'context', elements: [mrkdwn(comparisonNote(summary, production))] });
  }

  blocks.push(...linkBlocks(artifactLinks, chart));
  blocks.push(decisionBlock(run, project, short, summary && !unavailable ? summary.best.epoch : undefined));

  const text = `Run ${short} of ${project} succeeded${unavailable || summary === undefined ? ' (metrics not available)' : headlineMetric(summary)}.`;
  return enforceSlackLimits({ text, blocks });
}

/** ": mAP50 0.915": the first metric people look at, for the notification text. */
function headlineMetric(summary: RunResultSummary): string {
  const name = orderMetricNames(Object.keys(summary.best.metrics)).find((metric) => isFiniteMetric(summary.best.metrics[metric]));
  return name === undefined ? '' : `: ${escapeMrkdwn(truncateText(name, 60))} ${formatMetricValue(summary.best.metrics[name])}`;
}

function formatCount(count: number, noun: string): string {
  const whole = Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
  return `${whole} ${noun}${whole === 1 ? '' : 's'}`;
}

/** Two decimals below 10 GPU-hours (a short run still shows something), one above. */
function formatGpuHours(hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0) return '0';
  return hours < 10 ? hours.toFixed(2) : hours.toFixed(1);
}

function metricSections(summary: RunResultSummary, production: { version: number; metrics: MetricValuesByName } | null): Block[] {
  const names = orderMetricNames([...Object.keys(summary.final), ...Object.keys(summary.best.metrics)]);
  if (names.length === 0) {
    return [{ type: 'section', text: mrkdwn('No metrics were reported for this run.') }];
  }
  const fields: TextObject[] = names.map((name) => {
    const lines = [
      `*${escapeMrkdwn(truncateText(name, 60))}*`,
      `${formatMetricValue(summary.final[name])} final · ${formatMetricValue(summary.best.metrics[name])} best`,
    ];
    if (production) {
      // best.pt is what gets promoted, so the best epoch is what is compared with production.
      const difference = formatMetricDifference(summary.best.metrics[name], production.metrics[name]);
      if (difference !== undefined) lines.push(`${difference} vs v${production.version}`);
      else if (!isFiniteMetric(production.metrics[name])) lines.push(`not in v${production.version}`);
    }
    return mrkdwn(lines.join('\n'));
  });
  const blocks: Block[] = [];
  const perSection = slackLimits.sectionFields;
  for (let start = 0; start < fields.length && blocks.length < maxMetricSections; start += perSection) {
    blocks.push({ type: 'section', fields: fields.slice(start, start + perSection) });
  }
  const shown = blocks.length * perSection;
  if (fields.length > shown) {
    blocks.push({ type: 'context', elements: [mrkdwn(`… and ${fields.length - shown} more metrics.`)] });
  }
  return blocks;
}

function comparisonNote(summary: RunResultSummary, production: { version: number } | null): string {
  if (production === null) return `No model is in production yet: promoting this run makes it the first version.`;
  return `Differences compare the best epoch (${summary.best.epoch}) with production v${production.version}.`;
}

function linkBlocks(artifactLinks: RunResultMessageOptions['artifactLinks'], chart: RunResultMessageOptions['chart']): Block[] {
  const lines: string[] = [];
  if (chart?.url !== undefined) {
    const link = formatLink(chart.url, 'Training chart');
    if (link !== undefined) lines.push(`:chart_with_upwards_trend: ${link}`);
  } else if (chart?.fileId !== undefined) {
    lines.push(':chart_with_upwards_trend: The training chart is posted in this thread.');
  }
  const links = artifactLinks
    .map((artifact) => formatLink(artifact.url, artifact.label))
    .filter((link): link is string => link !== undefined);
  let shown = 0;
  let length = 0;
  for (const link of links) {
    if (shown === maxArtifactLinks || length + link.length > maxLinkTextLength) break;
    lines.push(`• ${link}`);
    shown += 1;
    length += link.length;
  }
  if (links.length > shown) lines.push(`… and ${links.length - shown} more files (see the run in the api).`);
  if (links.length < artifactLinks.length) lines.push(`${artifactLinks.length - links.length} links were too long to show.`);
  if (lines.length === 0) return [];
  return packLines(['*Files*', ...lines]);
}

function decisionBlock(run: Run, project: string, short: string, bestEpoch: number | undefined): Block {
  if (run.state === 'promoted') {
    return { type: 'context', elements: [mrkdwn(`${runStateEmoji.promoted} Promoted to production.`)] };
  }
  if (run.state === 'rejected') {
    return { type: 'context', elements: [mrkdwn(`${runStateEmoji.rejected} Rejected: this run will not be promoted.`)] };
  }
  const what = bestEpoch === undefined ? 'its best weights' : `its best epoch (${bestEpoch})`;
  const approve: ConfirmableButton = {
    type: 'button',
    text: plainText('Approve & promote'),
    action_id: approveRunActionId,
    value: run.id,
    style: 'primary',
    confirm: buildConfirmDialog({
      title: 'Promote this model?',
      text: `Run \`${short}\` of *${project}* becomes the production model, from ${what}. The promotion gates are checked first.`,
      confirm: 'Promote',
      deny: 'Not yet',
      style: 'primary',
    }),
  };
  const reject: ConfirmableButton = {
    type: 'button',
    text: plainText('Reject'),
    action_id: rejectRunActionId,
    value: run.id,
    style: 'danger',
  };
  return { type: 'actions', elements: [approve, reject] };
}
