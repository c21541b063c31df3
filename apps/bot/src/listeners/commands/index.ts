import type { App } from '@slack/bolt';
import type { ApiClient } from '@trainops/api-client';
import type { Logger } from '../../logger.ts';
import type { ProjectCatalog } from '../../project-catalog.ts';
import { commandLogFields } from './command-context.ts';
import type { CommandArgs, CommandHandler } from './command-context.ts';
import { createNotYetAvailableHandler } from './not-yet-available.ts';
import { createRunsCommandHandler } from './runs.ts';
import { createTrainCommandHandler } from './train.ts';

export interface CommandListenerDeps {
  api: ApiClient;
  projects: ProjectCatalog;
  logger: Logger;
  now: () => Date;
}

/** Binds slash command names to their handlers; nothing else happens here. */
export function registerCommandListeners(app: App, deps: CommandListenerDeps): void {
  const bind = (name: string, handler: CommandHandler) => app.command(name, withCommandLog(handler, deps.logger));
  bind('/train', createTrainCommandHandler(deps));
  bind('/runs', createRunsCommandHandler(deps));
  bind('/export', createNotYetAvailableHandler('export'));
  bind('/retrain', createNotYetAvailableHandler('retrain'));
  bind('/models', createNotYetAvailableHandler('models'));
}

// One closing log line per command, with how it ended: what operators search for, and what the
// tests wait on to know a command is completely done.
function withCommandLog(handler: CommandHandler, logger: Logger) {
  return async (args: CommandArgs): Promise<void> => {
    const started = performance.now();
    const fields = commandLogFields(args);
    try {
      const outcome = await handler({ ...args, ack: ackThenYield(args.ack) });
      logger.info({ ...fields, outcome, durationMs: Math.round(performance.now() - started) }, 'command handled');
    } catch (error) {
      // Handlers answer every expected failure themselves; this is a failed respond() (an
      // expired response_url) or a bug. Logged, not rethrown: Bolt has nothing better to do with it.
      logger.error({ ...fields, err: error, outcome: 'crashed', durationMs: Math.round(performance.now() - started) }, 'command handled');
    }
  };
}

/**
 * After its ack a handler goes on to slower work (api calls, respond). Yielding once to the event
 * loop (setImmediate runs after the poll phase) lets the acks of other commands already waiting on
 * their sockets go out first, which keeps acknowledgements fast under a burst of commands.
 */
function ackThenYield(ack: CommandArgs['ack']): CommandArgs['ack'] {
  return async (response?: Parameters<CommandArgs['ack']>[0]) => {
    await ack(response);
    await new Promise((resolve) => setImmediate(resolve));
  };
}
