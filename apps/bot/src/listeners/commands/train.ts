import { chatCommandUsage, validateRunParameters } from '@trainops/contracts';
import type { TrainCommand } from '@trainops/contracts';
import type { ApiClient } from '@trainops/api-client';
import { buildRunAcceptedMessage } from '@trainops/slack-ui';
import type { SlackMessage } from '@trainops/slack-ui';
import { buildErrorReply, isRefusal } from '../../error-reply.ts';
import { buildSlackIdempotencyKey } from '../../idempotency-key.ts';
import type { Logger } from '../../logger.ts';
import type { ProjectCatalog } from '../../project-catalog.ts';
import { buildUnknownProjectError } from '../../unknown-project.ts';
import { commandLogFields, parseOrAnswerInAck } from './command-context.ts';
import type { CommandArgs, CommandHandler, CommandOutcome } from './command-context.ts';

export interface TrainCommandDeps {
  api: Pick<ApiClient, 'createRun' | 'runUrl'>;
  projects: ProjectCatalog;
  logger: Logger;
}

/** `/train <project> [key=value …]`: checks what it can locally, then asks the api for a run. */
export function createTrainCommandHandler(deps: TrainCommandDeps): CommandHandler {
  return async (args) => {
    const command = await parseOrAnswerInAck('train', args, deps.logger);
    if (!command) return 'answered-in-ack';
    // Everything below talks to the api and may take longer than Slack's 3 s: acknowledge now
    // and answer through response_url.
    await args.ack();
    if (command.kind !== 'train') throw new Error(`parseChatCommand('train') returned a ${command.kind} command`);

    let outcome: CommandOutcome;
    let reply: SlackMessage;
    try {
      const result = await startTraining(command, args, deps);
      outcome = result.replayed ? 'replayed' : 'started';
      reply = buildRunAcceptedMessage({ run: result.run, runUrl: deps.api.runUrl(result.run.id), replayed: result.replayed });
    } catch (error) {
      outcome = isRefusal(error) ? 'refused' : 'failed';
      reply = buildErrorReply(error, { logger: deps.logger, usage: chatCommandUsage('train'), context: commandLogFields(args) });
    }
    await args.respond(reply);
    return outcome;
  };
}

async function startTraining(command: TrainCommand, args: CommandArgs, deps: TrainCommandDeps) {
  const { project, known } = await deps.projects.find(command.project);
  if (!project) throw buildUnknownProjectError(command.project, known.map((p) => p.name));

  // A local check first gives the precise answer at once and spares the api a request that is
  // bound to fail; the api checks again, as the authority. What is sent is what was typed: the
  // api does its own coercion and fills in defaults.
  validateRunParameters(project.parameters, command.params);

  const { team_id: teamId, channel_id: channelId, user_id: userId, trigger_id: triggerId } = args.command;
  return deps.api.createRun(
    {
      project: project.name,
      params: command.params,
      trigger: 'slash',
      requester: userId,
      slack: { teamId, channelId, userId },
    },
    { idempotencyKey: buildSlackIdempotencyKey({ teamId, triggerId }) },
  );
}
