import { chatCommandUsage } from '@trainops/contracts';
import type { RunsCommand } from '@trainops/contracts';
import type { ApiClient } from '@trainops/api-client';
import { buildRunListMessage } from '@trainops/slack-ui';
import type { SlackMessage } from '@trainops/slack-ui';
import { buildErrorReply, isRefusal } from '../../error-reply.ts';
import type { Logger } from '../../logger.ts';
import type { ProjectCatalog } from '../../project-catalog.ts';
import { buildUnknownProjectError } from '../../unknown-project.ts';
import { commandLogFields, parseOrAnswerInAck } from './command-context.ts';
import type { CommandArgs, CommandHandler, CommandOutcome } from './command-context.ts';

export interface RunsCommandDeps {
  api: Pick<ApiClient, 'listRuns'>;
  projects: ProjectCatalog;
  logger: Logger;
  now: () => Date;
}

/** `/runs [project] [state=…] [mine] [limit=N]`: the newest runs, as an ephemeral list. */
export function createRunsCommandHandler(deps: RunsCommandDeps): CommandHandler {
  return async (args) => {
    const command = await parseOrAnswerInAck('runs', args, deps.logger);
    if (!command) return 'answered-in-ack';
    await args.ack();
    if (command.kind !== 'runs') throw new Error(`parseChatCommand('runs') returned a ${command.kind} command`);

    let outcome: CommandOutcome = 'listed';
    let reply: SlackMessage;
    try {
      reply = await listRuns(command, args, deps);
    } catch (error) {
      outcome = isRefusal(error) ? 'refused' : 'failed';
      reply = buildErrorReply(error, { logger: deps.logger, usage: chatCommandUsage('runs'), context: commandLogFields(args) });
    }
    await args.respond(reply);
    return outcome;
  };
}

async function listRuns(command: RunsCommand, args: CommandArgs, deps: RunsCommandDeps): Promise<SlackMessage> {
  const page = await deps.api.listRuns({
    ...(command.project === undefined ? {} : { project: command.project }),
    ...(command.state === undefined ? {} : { state: command.state }),
    ...(command.mine ? { requester: args.command.user_id } : {}),
    ...(command.limit === undefined ? {} : { limit: command.limit }),
  });

  // No runs for a project name is either a quiet project or a typo; only the second deserves a
  // "did you mean", so the catalog is asked only then.
  if (page.items.length === 0 && command.project !== undefined) {
    const { project, known } = await deps.projects.find(command.project);
    if (!project) throw buildUnknownProjectError(command.project, known.map((p) => p.name));
  }

  return buildRunListMessage({
    runs: page.items,
    now: deps.now(),
    filters: {
      ...(command.project === undefined ? {} : { project: command.project }),
      ...(command.state === undefined ? {} : { state: command.state }),
      mine: command.mine,
      ...(command.limit === undefined ? {} : { limit: command.limit }),
    },
    hasMore: page.nextCursor !== null,
  });
}
