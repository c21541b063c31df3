import { z } from 'zod';
import {
  chatCommandMaxLength,
  ExportCommandSchema,
  HelpCommandSchema,
  ModelsCommandSchema,
  RetrainCommandSchema,
  RunsCommandSchema,
  TrainCommandSchema,
} from './chat-commands.ts';
import { formatChatCommand } from './command-formatter.ts';

/**
 * Any parsed chat command. A command this schema accepts is one parseChatCommand can produce:
 * its values are typable and its text fits in chatCommandMaxLength.
 */
export const ChatCommandSchema = z
  .discriminatedUnion('kind', [
    TrainCommandSchema,
    ExportCommandSchema,
    RunsCommandSchema,
    RetrainCommandSchema,
    ModelsCommandSchema,
    HelpCommandSchema,
  ])
  .refine((command) => formatChatCommand(command).length <= chatCommandMaxLength, {
    message: `the command does not fit in ${chatCommandMaxLength} characters`,
  });
