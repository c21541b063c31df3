import type { Run } from '@trainops/contracts';
import { enforceSlackLimits, escapeMrkdwn, formatLink, formatRequester, formatRunState, mrkdwn, runStateEmoji, shortRunId, truncateText } from '@trainops/slack-ui';
import type { SlackMessage } from '@trainops/slack-ui';

// The bot's answers to run buttons, shown only to the person who clicked. Pure: facts in,
// Block Kit out, within Slack's limits.

export const decisionNotAvailableText = 'Promotion arrives with the model registry; the run stays pending your decision.';

function reply(lines: string[]): SlackMessage {
  const text = lines.join('\n');
  return enforceSlackLimits({ response_type: 'ephemeral', text, blocks: [{ type: 'section', text: mrkdwn(text) }] });
}

function runOf(run: Run): string {
  return `run \`${shortRunId(run.id)}\` of *${escapeMrkdwn(truncateText(run.project, 80))}*`;
}

export function buildCancelReply(run: Run, stopping: boolean): SlackMessage {
  if (!stopping) return reply([`${runStateEmoji.cancelled} Cancelled ${runOf(run)} before it started.`]);
  return reply([
    `:octagonal_sign: Stopping ${runOf(run)} (it was ${formatRunState(run.state)}).`,
    'Its card shows *cancelled* once the cluster has stopped it.',
  ]);
}

export function buildRetryReply(source: string, run: Run, replayed: boolean, runUrl: string): SlackMessage {
  const link = formatLink(runUrl, 'Open run');
  const lines = [
    `:repeat: Retrying run \`${shortRunId(source)}\` as ${runOf(run)}: it is ${formatRunState(run.state)}.${link === undefined ? '' : ` ${link}`}`,
  ];
  lines.push(
    replayed
      ? 'This click had already reached us, so nothing new was started: that is the retry.'
      : 'Its card follows in the channel.',
  );
  return reply(lines);
}

export function buildDecisionPendingReply(run: Run): SlackMessage {
  return reply([`:construction: ${decisionNotAvailableText}`, `(${runOf(run)}, ${formatRunState(run.state)})`]);
}

export function buildNothingToDecideReply(run: Run): SlackMessage {
  return reply([`${runStateEmoji[run.state]} ${capitalise(runOf(run))} is ${formatRunState(run.state)}: there is nothing to decide.`]);
}

/**
 * Built here rather than through the error translation point: that one escapes its text, and the
 * approvers must appear as mentions so the clicker sees whom to ask.
 */
export function buildNotAnApproverReply(project: string, approvers: readonly string[]): SlackMessage {
  const who = approvers.length === 0 ? 'nobody is listed' : approvers.map(formatApprover).join(', ');
  return reply([`:warning: *Not allowed*`, `Only approvers of *${escapeMrkdwn(truncateText(project, 80))}* (${who}) can decide.`]);
}

function formatApprover(entry: string): string {
  return /^S[A-Z0-9]+$/.test(entry) ? `<!subteam^${entry}>` : formatRequester(entry);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
