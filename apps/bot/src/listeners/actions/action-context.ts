import { InputError } from '@trainops/contracts';
import type { SlackMessage } from '@trainops/slack-ui';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';

// What every button handler shares: the Bolt arguments of a button click, the outcome it reports
// for the closing log line, and how it reads the click and answers the person who clicked.

export type ButtonActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** How a click ended, for the log line that closes every handled click. */
export type ActionOutcome = 'acknowledged' | 'cancelled' | 'stopping' | 'started' | 'replayed' | 'answered' | 'refused' | 'failed';

export type ButtonActionHandler = (args: ButtonActionArgs) => Promise<ActionOutcome>;

/** The clicked button's value: our run buttons carry the run id there. */
export function clickedRunId(args: ButtonActionArgs): string {
  const value = args.action.value;
  if (value === undefined || value === '') {
    throw new InputError('This button does not say which run it is for; use the buttons on a run card or its thread.');
  }
  return value;
}

/** The fields that tie log lines to one click. */
export function actionLogFields(args: Pick<ButtonActionArgs, 'action' | 'body' | 'context'>): Record<string, unknown> {
  return {
    actionId: args.action.action_id,
    actionTs: args.action.action_ts,
    teamId: teamIdOf(args),
    channelId: args.body.channel?.id,
    userId: args.body.user.id,
    triggerId: args.body.trigger_id,
    runId: args.action.value,
    retryNum: args.context.retryNum,
  };
}

export function teamIdOf(args: Pick<ButtonActionArgs, 'body'>): string {
  return args.body.team?.id ?? args.body.user.team_id ?? 'unknown-team';
}

/**
 * Answers only the person who clicked, as a new message: the run card and its thread belong to
 * everyone in the channel and must not be replaced by one person's answer.
 */
export async function replyToClicker(args: Pick<ButtonActionArgs, 'respond'>, message: SlackMessage): Promise<void> {
  await args.respond({ ...message, response_type: 'ephemeral', replace_original: false });
}
