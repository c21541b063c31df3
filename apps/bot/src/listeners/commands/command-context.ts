import { InputError, chatCommandHelp, parseChatCommand } from '@trainops/contracts';
import type { ChatCommand, ChatCommandName } from '@trainops/contracts';
import { buildHelpMessage } from '@trainops/slack-ui';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildErrorReply } from '../../error-reply.ts';
import type { Logger } from '../../logger.ts';

// What every slash-command handler shares: the Bolt arguments it gets, the outcome it reports for
// the log, and the first step of each command (parse, and answer mistakes and help in the ack).

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** How a command ended, for the log line that closes every command. */
export type CommandOutcome =
  | 'answered-in-ack'
  | 'started'
  | 'replayed'
  | 'listed'
  | 'refused'
  | 'failed';

export type CommandHandler = (args: CommandArgs) => Promise<CommandOutcome>;

/**
 * Parses the command text. A syntax error or a request for help is answered right in the ack,
 * which Slack shows instantly and which needs no further round trip; then undefined is returned
 * and the handler is done. Otherwise the handler gets the command and must ack itself.
 */
export async function parseOrAnswerInAck(
  name: ChatCommandName,
  args: CommandArgs,
  logger: Logger,
): Promise<ChatCommand | undefined> {
  const parsed = parseChatCommand(name, args.command.text);
  if (!parsed.ok) {
    await args.ack(
      buildErrorReply(new InputError(parsed.error.message), {
        logger,
        usage: parsed.error.usage,
        context: commandLogFields(args),
      }),
    );
    return undefined;
  }
  if (parsed.command.kind === 'help') {
    await args.ack(buildHelpMessage({ topics: [{ help: chatCommandHelp(parsed.command.about) }] }));
    return undefined;
  }
  return parsed.command;
}

/** The fields that tie log lines to one invocation (never the text: it may hold anything). */
export function commandLogFields(args: Pick<CommandArgs, 'command' | 'context'>): Record<string, unknown> {
  return {
    command: args.command.command,
    teamId: args.command.team_id,
    channelId: args.command.channel_id,
    userId: args.command.user_id,
    triggerId: args.command.trigger_id,
    retryNum: args.context.retryNum,
  };
}
