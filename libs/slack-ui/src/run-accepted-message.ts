import type { Run } from '@trainops/contracts';
import { mrkdwn, plainText } from './block-kit.ts';
import type { Block, SlackMessage, TextObject } from './block-kit.ts';
import { formatParameterValue, formatRequester, formatRunState, shortRunId } from './format.ts';
import { enforceSlackLimits, escapeMrkdwn, slackLimits, truncateText } from './slack-limits.ts';

export interface RunAcceptedMessageOptions {
  run: Run;
  /** Where the run can be looked at (the api's run URL). */
  runUrl: string;
  /** The api recognised a repeated request: no new run was started. */
  replayed?: boolean;
}

/** Action id of the "Open run" link button; the bot acknowledges its clicks. */
export const openRunActionId = 'open_run';

// Parameters beyond this many are summarised in one line, so a huge parameter set still leaves
// room for the rest of the message.
const maxParameterSections = 5;
// A confirmation shows values, it does not archive them: the run in the api has them in full.
const maxKeyLength = 60;
const maxValueLength = 300;

/** The ephemeral answer to `/train` once the api has accepted the run. */
export function buildRunAcceptedMessage(options: RunAcceptedMessageOptions): SlackMessage {
  const { run, runUrl, replayed = false } = options;
  const project = escapeMrkdwn(run.project);
  const short = shortRunId(run.id);
  const state = formatRunState(run.state);
  const summary = replayed
    ? `This command had already reached us, so nothing new was started: it is run \`${short}\` of *${project}*, now *${state}*.`
    : `Run \`${short}\` of *${project}* is *${state}*.`;

  const blocks: Block[] = [
    { type: 'header', text: plainText(replayed ? `Already started: ${run.project}` : `Training run accepted: ${run.project}`) },
    {
      type: 'section',
      text: mrkdwn(summary),
      accessory: { type: 'button', text: plainText('Open run'), action_id: openRunActionId, url: runUrl, value: run.id },
    },
    ...parameterBlocks(run),
    {
      type: 'context',
      elements: [mrkdwn(`Requested by ${formatRequester(run.requester)} · run id \`${escapeMrkdwn(run.id)}\``)],
    },
  ];

  return enforceSlackLimits({
    response_type: 'ephemeral',
    text: replayed
      ? `Already started: run ${short} of ${project} is ${state}.`
      : `Run ${short} of ${project} is ${state}.`,
    blocks,
  });
}

function parameterBlocks(run: Run): Block[] {
  const entries = Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    return [{ type: 'context', elements: [mrkdwn('No parameters given: the project defaults apply.')] }];
  }
  const fields: TextObject[] = entries.map(([key, value]) =>
    mrkdwn(
      `*${escapeMrkdwn(truncateText(key, maxKeyLength))}*\n${formatParameterValue(truncateText(String(value), maxValueLength))}`,
    ),
  );
  const blocks: Block[] = [];
  const perSection = slackLimits.sectionFields;
  for (let start = 0; start < fields.length && blocks.length < maxParameterSections; start += perSection) {
    blocks.push({ type: 'section', fields: fields.slice(start, start + perSection) });
  }
  const shown = blocks.length * perSection;
  if (fields.length > shown) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`… and ${fields.length - shown} more parameters (see the run for all of them).`)],
    });
  }
  return blocks;
}
