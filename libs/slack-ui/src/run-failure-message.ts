import type { Run } from '@trainops/contracts';
import { mrkdwn, plainText } from './block-kit.ts';
import type { Block, ButtonElement, SlackMessage } from './block-kit.ts';
import { formatLogTail } from './format-log-tail.ts';
import { runStateEmoji, shortRunId } from './format.ts';
import type { RecognisedCause } from './recognise-failure-cause.ts';
import { enforceSlackLimits, escapeMrkdwn, truncateText } from './slack-limits.ts';

// The thread reply when a run failed: which step, how it ended, the likely cause with advice when
// the log shows a known one (recogniseFailureCause), the end of the log, and a Retry button.

export interface RunFailureMessageOptions {
  run: Run;
  /** The Workflow step that failed (`train`), when known. */
  failedStep?: string | null;
  /** The failed container's exit code, when it got that far. */
  exitCode?: number | null;
  /** Argo's or Kubernetes' message for the failure. */
  message?: string | null;
  /** The last lines of the failed step's log, oldest first. */
  logTail: readonly string[];
  cause?: RecognisedCause;
}

export const retryRunActionId = 'retry_run';

const maxMessageLength = 1_000;

export function buildRunFailureMessage(options: RunFailureMessageOptions): SlackMessage {
  const { run, failedStep, exitCode, message, logTail, cause } = options;
  const short = shortRunId(run.id);
  const project = escapeMrkdwn(truncateText(run.project, 80));
  const kind = run.kind === 'export' ? 'Export' : 'Training';
  const verb = run.state === 'error' ? 'stopped with an error' : 'failed';

  let headline = `${runStateEmoji[run.state === 'error' ? 'error' : 'failed']} Run \`${short}\` of *${project}* ${verb}`;
  if (failedStep) headline += ` in step *${escapeMrkdwn(truncateText(failedStep, 80))}*`;
  if (typeof exitCode === 'number' && Number.isInteger(exitCode)) headline += ` (exit code ${exitCode})`;
  headline += '.';
  if (message && message.trim() !== '') headline += `\n${quote(truncateText(message.trim(), maxMessageLength))}`;

  const blocks: Block[] = [
    { type: 'header', text: plainText(`${kind} ${verb}: ${truncateText(run.project, 80)}`) },
    { type: 'section', text: mrkdwn(headline) },
  ];
  if (cause) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`:bulb: *Likely cause: ${escapeMrkdwn(cause.summary)}*\n${escapeMrkdwn(cause.advice)}`),
    });
  }
  const tail = formatLogTail(logTail);
  if (tail.text !== undefined) {
    blocks.push({ type: 'section', text: mrkdwn(tail.text) });
    const shown =
      tail.shownLines === tail.totalLines
        ? `The last ${tail.totalLines === 1 ? 'log line' : `${tail.totalLines} log lines`}.`
        : `The last ${tail.shownLines} of ${tail.totalLines} log lines; the whole log is attached in this thread.`;
    blocks.push({ type: 'context', elements: [mrkdwn(shown)] });
  } else if (failedStep) {
    blocks.push({ type: 'context', elements: [mrkdwn('No log lines were captured for this step.')] });
  }
  // No failed step (refused before any step ran, or the workflow vanished): no log to speak of.
  const retry: ButtonElement = { type: 'button', text: plainText('Retry'), action_id: retryRunActionId, value: run.id, style: 'primary' };
  blocks.push({ type: 'actions', elements: [retry] });

  const because = cause ? ` ${cause.summary}` : '';
  return enforceSlackLimits({ text: `Run ${short} of ${project} ${verb}.${escapeMrkdwn(because)}`, blocks });
}

function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${escapeMrkdwn(line)}`)
    .join('\n');
}
