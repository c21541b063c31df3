import { z } from 'zod';
import { ProjectNameSchema } from './api.ts';
import { CronExpressionSchema } from './cron-expression.ts';
import { findControlCharacter } from './message-text.ts';
import { RunStateSchema } from './run-states.ts';
import { TimeZoneSchema } from './time-zone.ts';

// What the chat commands mean once parsed. The grammar (command-grammar.ts) produces these, the
// formatter (command-formatter.ts) renders them back into text a person could type.

export const chatCommandNames = ['train', 'export', 'runs', 'retrain', 'models'] as const;
export const ChatCommandNameSchema = z.enum(chatCommandNames);
export type ChatCommandName = z.infer<typeof ChatCommandNameSchema>;

/** Ultralytics export format names (`yolo export format=…`); `engine` is TensorRT. */
export const exportFormats = ['onnx', 'engine', 'openvino', 'torchscript', 'coreml', 'tflite'] as const;
export const ExportFormatSchema = z.enum(exportFormats);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** The longest command text accepted, in UTF-16 code units; anything longer is refused unread. */
export const chatCommandMaxLength = 4000;

/** The largest `/runs limit=`; the same as the api's list limit. */
export const runsLimitMax = 100;

// Slack "autocorrects" quotes into typographic ones and `--` into dashes; parsing reads them as
// the plain characters. A parsed value therefore never holds them.
export const chatTextReplacements: Readonly<Record<string, string>> = {
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
};

/** Key of a key=value option: a letter, then letters, digits, `_` and `-`. */
export const ChatOptionKeySchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/u, 'a key is a letter followed by letters, digits, _ or -');

/** Whether text can appear as a value in a parsed command (and so survive format → parse). */
export function isChatValueText(text: string): boolean {
  if (text.length === 0 || !text.isWellFormed() || findControlCharacter(text) !== undefined) return false;
  return !Array.from(text).some((character) => Object.hasOwn(chatTextReplacements, character));
}

export const ChatValueSchema = z
  .string()
  .refine(isChatValueText, 'a value is non-empty text without control characters, typographic quotes or dashes');

/** Parameter values exactly as typed; the project's specs judge them (validateRunParameters). */
export const ChatParametersSchema = z.record(ChatOptionKeySchema, ChatValueSchema);

function withoutKeys(reserved: readonly string[]) {
  return ChatParametersSchema.refine(
    (parameters) => reserved.every((key) => !Object.hasOwn(parameters, key)),
    `these keys are options of the command, not parameters: ${reserved.join(', ')}`,
  );
}

/** A movable name for a model version, such as `production`. */
export const ModelAliasSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/u, 'an alias is 1-40 lowercase letters, digits, _ or -, starting with a letter');

/** Run ids are the api's UUIDs, in lower case as the api writes them. */
export const ChatRunIdSchema = z.uuid().refine((id) => id === id.toLowerCase(), 'a run id is written in lower case');

export const exportReservedKeys = ['formats', 'format'] as const;
export const retrainReservedKeys = ['cron', 'tz', 'timezone'] as const;

/** `/train <project> key=value …` */
export const TrainCommandSchema = z.strictObject({
  kind: z.literal('train'),
  project: ProjectNameSchema,
  params: ChatParametersSchema,
});

/** `/export <run-id> [formats=…] [key=value …]`; no formats means the project's export defaults. */
export const ExportCommandSchema = z.strictObject({
  kind: z.literal('export'),
  runId: ChatRunIdSchema,
  formats: z
    .array(ExportFormatSchema)
    .min(1)
    .refine((formats) => new Set(formats).size === formats.length, 'each format once')
    .optional(),
  params: withoutKeys(exportReservedKeys),
});

/** `/runs [project] [state=…] [mine] [limit=N]` */
export const RunsCommandSchema = z.strictObject({
  kind: z.literal('runs'),
  project: ProjectNameSchema.optional(),
  state: RunStateSchema.optional(),
  mine: z.boolean(),
  limit: z.number().int().min(1).max(runsLimitMax).optional(),
});

/**
 * `/retrain <project> [on|off] [cron="…"] [tz=…] [key=value …]`. With nothing but the project it
 * asks to see the schedule; anything else changes it (`enabled` false pauses it).
 */
export const RetrainCommandSchema = z.strictObject({
  kind: z.literal('retrain'),
  project: ProjectNameSchema,
  enabled: z.boolean().optional(),
  cron: CronExpressionSchema.optional(),
  timezone: TimeZoneSchema.optional(),
  params: withoutKeys(retrainReservedKeys),
});

/** `/models <project> [alias]`: the versions of a project, or what one alias points at. */
export const ModelsCommandSchema = z.strictObject({
  kind: z.literal('models'),
  project: ProjectNameSchema,
  alias: ModelAliasSchema.optional(),
});

/** `/<command> help`, or a command that needs an argument given none. */
export const HelpCommandSchema = z.strictObject({
  kind: z.literal('help'),
  about: ChatCommandNameSchema,
});

export type TrainCommand = z.infer<typeof TrainCommandSchema>;
export type ExportCommand = z.infer<typeof ExportCommandSchema>;
export type RunsCommand = z.infer<typeof RunsCommandSchema>;
export type RetrainCommand = z.infer<typeof RetrainCommandSchema>;
export type ModelsCommand = z.infer<typeof ModelsCommandSchema>;
export type HelpCommand = z.infer<typeof HelpCommandSchema>;
export type ChatCommand = TrainCommand | ExportCommand | RunsCommand | RetrainCommand | ModelsCommand | HelpCommand;

export type ChatCommandParseResult =
  | { ok: true; command: ChatCommand }
  | { ok: false; error: { message: string; usage: string } };

/** The slash command a parsed command belongs to (help belongs to the command it explains). */
export function chatCommandNameOf(command: ChatCommand): ChatCommandName {
  return command.kind === 'help' ? command.about : command.kind;
}
