import { ProjectNameSchema } from './api.ts';
import {
  chatCommandMaxLength,
  chatCommandNames,
  ChatOptionKeySchema,
  ChatRunIdSchema,
  exportFormats,
  ModelAliasSchema,
  runsLimitMax,
} from './chat-commands.ts';
import type {
  ChatCommand,
  ChatCommandName,
  ChatCommandParseResult,
  ExportCommand,
  ExportFormat,
  ModelsCommand,
  RetrainCommand,
  RunsCommand,
  TrainCommand,
} from './chat-commands.ts';
import { chatCommandUsage, listChatCommandUsages } from './command-help.ts';
import { isKeyword, normalizeChatText, renderChatWord, tokenizeChatText } from './command-tokenizer.ts';
import type { ChatToken } from './command-tokenizer.ts';
import { parseCronExpression } from './cron-expression.ts';
import { findControlCharacter, listWords, quoteForMessage } from './message-text.ts';
import { runStates } from './run-states.ts';
import type { RunState } from './run-states.ts';
import { suggestClosest } from './suggest-closest.ts';
import { parseTimeZone } from './time-zone.ts';

// The chat command grammar: slash command name + text in, a typed command or one plain message
// out. It judges only the shape of what was typed; parameter names and values for training
// depend on the project and are judged by validateRunParameters.

const exampleRunId = '5f3c8a9e-2b1d-4c7a-9e0f-1a2b3c4d5e6f';
const exportFormatAliases: Readonly<Record<string, ExportFormat>> = { tensorrt: 'engine', trt: 'engine' };

/** Parses `/<command> <text>`. Never throws: every outcome is one of the two result shapes. */
export function parseChatCommand(command: string, text: string): ChatCommandParseResult {
  const name = typeof command === 'string' ? command.trim().replace(/^\//u, '').toLowerCase() : '';
  if (!isChatCommandName(name)) return failure(describeUnknownCommand(name), listChatCommandUsages());

  try {
    return { ok: true, command: parseCommandText(name, typeof text === 'string' ? text : '') };
  } catch (error) {
    if (error instanceof CommandProblem) return failure(error.message, chatCommandUsage(name));
    // Not reachable by design (a property test feeds the parser arbitrary text); kept so that a
    // bug here answers the user instead of failing the bot's request handler.
    return failure('Sorry, that command could not be read. Please check it and try again', chatCommandUsage(name));
  }
}

/** A message for the person who typed the command, raised anywhere below and answered once. */
class CommandProblem extends Error {}

function failure(message: string, usage: string): ChatCommandParseResult {
  return { ok: false, error: { message, usage } };
}

function isChatCommandName(name: string): name is ChatCommandName {
  return (chatCommandNames as readonly string[]).includes(name);
}

function describeUnknownCommand(name: string): string {
  const known = chatCommandNames.map((candidate) => `/${candidate}`);
  if (name.length === 0) return `No command given. The commands are ${listWords(known)}`;
  const suggestion = suggestClosest(name, chatCommandNames);
  const shown = quoteForMessage(`/${name}`);
  if (suggestion !== undefined) return `Unknown command ${shown}: did you mean /${suggestion}?`;
  return `Unknown command ${shown}. The commands are ${listWords(known)}`;
}

function parseCommandText(name: ChatCommandName, text: string): ChatCommand {
  // Checked before reading anything, so that huge input costs nothing.
  if (text.length > chatCommandMaxLength) {
    throw new CommandProblem(`That is ${text.length} characters long; a command takes at most ${chatCommandMaxLength}`);
  }
  if (!text.isWellFormed()) {
    throw new CommandProblem('The text contains a broken character (an unpaired surrogate); please retype it');
  }
  const control = findControlCharacter(text);
  if (control !== undefined) {
    throw new CommandProblem(`The text contains an invisible control character (${control}); please retype it without it`);
  }

  const tokenized = tokenizeChatText(normalizeChatText(text));
  if (!tokenized.ok) throw new CommandProblem(tokenized.message);
  const tokens = tokenized.tokens;

  const [first] = tokens;
  if (tokens.length === 1 && first !== undefined && isKeyword(first, 'help')) return { kind: 'help', about: name };
  // Every command but /runs needs something to act on; without it the useful answer is help.
  if (first === undefined && name !== 'runs') return { kind: 'help', about: name };

  switch (name) {
    case 'train':
      return parseTrain(tokens);
    case 'export':
      return parseExport(tokens);
    case 'runs':
      return parseRuns(tokens);
    case 'retrain':
      return parseRetrain(tokens);
    case 'models':
      return parseModels(tokens);
  }
}

function parseTrain(tokens: ChatToken[]): TrainCommand {
  const [first, ...rest] = tokens;
  const project = readProject(first, 'Which project? Put its name first, e.g. /train pcb-defect epochs=50');
  const params = new OptionValues();
  for (const token of rest) {
    if (token.option === undefined) {
      throw new CommandProblem(`${quoteForMessage(token.text)} is not key=value; parameters are written key=value, e.g. epochs=50`);
    }
    const { key, value } = readOption(token, 'epochs=50');
    params.add(key, value);
  }
  return { kind: 'train', project, params: params.toRecord() };
}

function parseExport(tokens: ChatToken[]): ExportCommand {
  const [first, ...rest] = tokens;
  if (first === undefined || first.option !== undefined) {
    throw new CommandProblem(`Which run? Put its id (from the run card) first, e.g. /export ${exampleRunId} formats=onnx`);
  }
  const runId = first.text.toLowerCase();
  if (!ChatRunIdSchema.safeParse(runId).success) {
    throw new CommandProblem(
      `${quoteForMessage(first.text)} is not a run id; copy the id from the run card, e.g. /export ${exampleRunId} formats=onnx`,
    );
  }

  const params = new OptionValues();
  let formats: ExportFormat[] | undefined;
  const formatsGiven = new OptionValues();
  for (const token of rest) {
    if (token.option === undefined) {
      const asFormat = readExportFormatName(token.text);
      const hint = asFormat === undefined ? 'options are written key=value, e.g. formats=onnx,engine' : `did you mean formats=${asFormat}?`;
      throw new CommandProblem(`${quoteForMessage(token.text)} is not key=value; ${hint}`);
    }
    const { key, value } = readOption(token, 'formats=onnx,engine');
    // `format=` is what the Ultralytics CLI calls it, so it is taken as the same option.
    if (key === 'formats' || key === 'format') {
      formatsGiven.add('formats', value);
      formats = readExportFormats(value);
    } else {
      params.add(key, value);
    }
  }
  return { kind: 'export', runId, ...(formats === undefined ? {} : { formats }), params: params.toRecord() };
}

function readExportFormatName(text: string): ExportFormat | undefined {
  const name = text.toLowerCase();
  if ((exportFormats as readonly string[]).includes(name)) return name as ExportFormat;
  return Object.hasOwn(exportFormatAliases, name) ? exportFormatAliases[name] : undefined;
}

function readExportFormats(value: string): ExportFormat[] {
  const formats: ExportFormat[] = [];
  // Empty entries (`onnx,`) are forgiven: a stray comma says nothing about what was meant.
  for (const entry of value.split(',').map((part) => part.trim()).filter((part) => part.length > 0)) {
    const format = readExportFormatName(entry);
    if (format === undefined) {
      const suggestion = suggestClosest(entry, exportFormats);
      const didYouMean = suggestion === undefined ? '.' : `: did you mean ${JSON.stringify(suggestion)}?`;
      throw new CommandProblem(
        `unknown export format ${quoteForMessage(entry)}${didYouMean} Formats: ${listWords(exportFormats)} (engine is TensorRT)`,
      );
    }
    if (!formats.includes(format)) formats.push(format);
  }
  if (formats.length === 0) throw new CommandProblem('formats names no format; list them with commas, e.g. formats=onnx,engine');
  return formats;
}

const runsOptionKeys = ['state', 'limit'] as const;

function parseRuns(tokens: ChatToken[]): RunsCommand {
  let project: string | undefined;
  let state: RunState | undefined;
  let limit: number | undefined;
  let mine = false;
  const given = new OptionValues();

  for (const token of tokens) {
    if (token.option === undefined) {
      if (isKeyword(token, 'mine')) {
        if (mine) throw new CommandProblem('mine is given twice');
        mine = true;
      } else if (project !== undefined) {
        throw new CommandProblem(`/runs takes one project (got ${quoteForMessage(project)} and ${quoteForMessage(token.text)})`);
      } else {
        project = readProject(token, '');
      }
      continue;
    }
    const { key, value } = readOption(token, 'state=running');
    if (key === 'state') {
      given.add(key, value);
      state = readRunState(value);
    } else if (key === 'limit') {
      given.add(key, value);
      limit = readLimit(value);
    } else if (key.toLowerCase() === 'mine') {
      throw new CommandProblem('mine takes no value: write just mine');
    } else {
      throw new CommandProblem(describeUnknownOption(key, runsOptionKeys));
    }
  }
  return {
    kind: 'runs',
    ...(project === undefined ? {} : { project }),
    ...(state === undefined ? {} : { state }),
    mine,
    ...(limit === undefined ? {} : { limit }),
  };
}

function readRunState(value: string): RunState {
  const state = runStates.find((candidate) => candidate === value.toLowerCase());
  if (state !== undefined) return state;
  const suggestion = suggestClosest(value, runStates);
  const didYouMean = suggestion === undefined ? '.' : `: did you mean ${JSON.stringify(suggestion)}?`;
  throw new CommandProblem(`unknown state ${quoteForMessage(value)}${didYouMean} States: ${listWords(runStates)}`);
}

function readLimit(value: string): number {
  const limit = /^\d{1,4}$/u.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(limit) && limit >= 1 && limit <= runsLimitMax) return limit;
  throw new CommandProblem(`limit must be a whole number between 1 and ${runsLimitMax} (got ${quoteForMessage(value)})`);
}

function parseRetrain(tokens: ChatToken[]): RetrainCommand {
  const [first, ...rest] = tokens;
  const project = readProject(first, 'Which project? Put its name first, e.g. /retrain pcb-defect cron="0 2 * * *"');
  const params = new OptionValues();
  const settings = new OptionValues();
  let enabled: boolean | undefined;
  let cron: string | undefined;
  let timezone: string | undefined;

  for (const token of rest) {
    if (token.option === undefined) {
      const word = isKeyword(token, 'on') ? 'on' : isKeyword(token, 'off') ? 'off' : undefined;
      if (word === undefined) {
        const suggestion = token.quoted ? undefined : suggestClosest(token.text, ['on', 'off']);
        const hint = suggestion === undefined ? ', e.g. /retrain pcb-defect off' : `: did you mean ${suggestion}?`;
        throw new CommandProblem(`${quoteForMessage(token.text)} is not on, off or key=value${hint}`);
      }
      if (enabled !== undefined) {
        throw new CommandProblem(enabled === (word === 'on') ? `${word} is given twice` : 'on and off are both given; choose one');
      }
      enabled = word === 'on';
      continue;
    }
    const { key, value } = readOption(token, 'epochs=30');
    if (key === 'cron') {
      settings.add('cron', value);
      const parsed = parseCronExpression(value);
      if (!parsed.ok) throw new CommandProblem(`cron is not valid: ${parsed.problem}. Put it in quotes, e.g. cron="0 2 * * *"`);
      cron = parsed.cron;
    } else if (key === 'tz' || key === 'timezone') {
      settings.add('tz', value);
      const parsed = parseTimeZone(value);
      if (!parsed.ok) throw new CommandProblem(parsed.problem);
      timezone = parsed.timeZone;
    } else {
      params.add(key, value);
    }
  }
  return {
    kind: 'retrain',
    project,
    ...(enabled === undefined ? {} : { enabled }),
    ...(cron === undefined ? {} : { cron }),
    ...(timezone === undefined ? {} : { timezone }),
    params: params.toRecord(),
  };
}

function parseModels(tokens: ChatToken[]): ModelsCommand {
  const optionToken = tokens.find((token) => token.option !== undefined);
  const [first, second, third] = tokens;
  if (optionToken !== undefined && optionToken !== first) {
    throw new CommandProblem(`/models takes no key=value options (got ${quoteForMessage(optionToken.text)})`);
  }
  const project = readProject(first, 'Which project? Put its name first, e.g. /models pcb-defect production');
  if (third !== undefined) {
    throw new CommandProblem(`/models takes a project and at most one alias (got ${quoteForMessage(third.text)} as well)`);
  }
  if (second === undefined) return { kind: 'models', project };
  if (ModelAliasSchema.safeParse(second.text).success) return { kind: 'models', project, alias: second.text };
  const lower = second.text.toLowerCase();
  const hint = ModelAliasSchema.safeParse(lower).success
    ? `did you mean ${lower}? Aliases are lowercase`
    : 'an alias is lowercase letters, digits, _ or -, starting with a letter, e.g. production';
  throw new CommandProblem(`${quoteForMessage(second.text)} is not an alias name: ${hint}`);
}

/** The project word; `missing` is the message for a command that starts with key=value instead. */
function readProject(token: ChatToken | undefined, missing: string): string {
  if (token === undefined || token.option !== undefined) throw new CommandProblem(missing);
  if (ProjectNameSchema.safeParse(token.text).success) return token.text;
  const lower = token.text.toLowerCase();
  const hint = ProjectNameSchema.safeParse(lower).success
    ? `did you mean ${lower}? Project names are lowercase`
    : 'a project name is 1-40 lowercase letters, digits or dashes, e.g. pcb-defect';
  throw new CommandProblem(`${quoteForMessage(token.text)} is not a project name: ${hint}`);
}

function readOption(token: ChatToken, example: string): { key: string; value: string } {
  const { key, value } = token.option!;
  if (key.length === 0) {
    throw new CommandProblem(`${quoteForMessage(token.text)} has nothing before the =; write key=value, e.g. ${example}`);
  }
  if (!ChatOptionKeySchema.safeParse(key).success) {
    const undashed = key.replace(/^-+/u, '');
    if (undashed !== key && ChatOptionKeySchema.safeParse(undashed).success) {
      throw new CommandProblem(`Leave out the leading dashes: write ${undashed}=… rather than ${key}=…`);
    }
    throw new CommandProblem(`${quoteForMessage(key)} is not a valid key: a key is a letter followed by letters, digits, _ or -`);
  }
  if (value.length === 0) throw new CommandProblem(`${key} has no value: write ${key}=<value>, or leave ${key} out`);
  return { key, value };
}

function describeUnknownOption(key: string, allowed: readonly string[]): string {
  const suggestion = suggestClosest(key, allowed);
  const didYouMean = suggestion === undefined ? '.' : `: did you mean ${JSON.stringify(suggestion)}?`;
  return `unknown option ${quoteForMessage(key)}${didYouMean} Allowed: ${listWords(allowed)}`;
}

/** key=value pairs in the order typed, refusing a key given twice. */
class OptionValues {
  private readonly values = new Map<string, string>();

  add(key: string, value: string): void {
    const earlier = this.values.get(key);
    if (earlier !== undefined) {
      throw new CommandProblem(`${key} is given twice (${describeTypedValue(earlier)} and ${describeTypedValue(value)})`);
    }
    this.values.set(key, value);
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}

function describeTypedValue(value: string): string {
  const shown = Array.from(renderChatWord(value, { standalone: false }));
  return shown.length > 40 ? `${shown.slice(0, 40).join('')}…` : shown.join('');
}
