import { chatCommandHelp } from '@trainops/contracts';
import type { ChatCommandName } from '@trainops/contracts';
import { buildHelpMessage } from '@trainops/slack-ui';
import type { CommandHandler } from './command-context.ts';

/**
 * For commands whose feature is not built yet (/export, /retrain, /models). Whatever was typed,
 * the honest answer is the same: what the command will do, and that it cannot do it yet. Nothing
 * is parsed or sent anywhere, so a half-built command can never start anything.
 */
export function createNotYetAvailableHandler(name: ChatCommandName): CommandHandler {
  const reply = buildHelpMessage({
    topics: [{ help: chatCommandHelp(name), notice: `/${name} is not available yet. This is how it will work:` }],
  });
  return async (args) => {
    await args.ack(reply);
    return 'answered-in-ack';
  };
}
