import { getCloseMatches } from './close-matches.ts';
import { buildCliHelpMessage, defaultConfig, isYoloMode, isYoloTask, yoloModes, yoloTasks } from './default-config.ts';
import type { YoloMode, YoloTask } from './default-config.ts';
import { smartValue } from './python-literal.ts';
import { pyListRepr, pyStr } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';

// The argument handling of Ultralytics' `entrypoint()` (ultralytics/cfg/__init__.py): merging
// `key = value` fragments, smart values, special commands, deprecated keys, and the "is not a
// valid YOLO argument" check with difflib suggestions. Pure: a `cfg=file.yaml` is read through
// the function the caller passes.

export const specialCommands = ['checks', 'version', 'settings', 'cfg', 'hub', 'login', 'logout', 'copy-cfg', 'solutions', 'help'] as const;
export type SpecialCommand = (typeof specialCommands)[number];

export interface LogMessage {
  level: 'info' | 'warning';
  text: string;
}

export interface ParsedRunCommand {
  kind: 'run';
  mode: YoloMode;
  /** The task named on the command line, if any (the model may still change it). */
  task: YoloTask | undefined;
  /** Every other `key=value`, in the order given, values as Python would hold them. */
  overrides: Map<string, PyValue>;
  messages: LogMessage[];
}

export interface ParsedSpecialCommand {
  kind: 'special';
  command: SpecialCommand;
  /** The words after the command (`yolo settings reset` → ['reset']). */
  args: string[];
  messages: LogMessage[];
}

export type ParsedYoloArgs = ParsedRunCommand | ParsedSpecialCommand;

export interface ParseYoloArgsOptions {
  /** Reads a `cfg=custom.yaml` file into key/value pairs; without it `cfg=` is refused. */
  loadCfgFile?: (path: string) => Map<string, PyValue>;
}

/** Ultralytics' `merge_equals_args`: `a = b`, `a= b`, `a =b` and split `[3, 640]` become one argument. */
export function mergeEqualsArgs(args: readonly string[]): string[] {
  const merged: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < args.length; ) {
    const arg = args[i] ?? '';
    if (arg === '=' && i > 0 && i < args.length - 1 && merged.length > 0) {
      merged[merged.length - 1] += `=${args[i + 1]}`;
      i += 2;
      continue;
    }
    if (arg.endsWith('=') && i < args.length - 1 && !(args[i + 1] ?? '').includes('=')) {
      merged.push(`${arg}${args[i + 1]}`);
      i += 2;
      continue;
    }
    if (arg.startsWith('=') && i > 0 && merged.length > 0) {
      merged[merged.length - 1] += arg;
      i += 1;
      continue;
    }
    depth += count(arg, '[') - count(arg, ']');
    current += arg;
    if (depth === 0) {
      merged.push(current);
      current = '';
    }
    i += 1;
  }
  if (current !== '') merged.push(current);
  return merged;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The keys the CLI accepts: the defaults, the tasks, the modes and the special commands. */
function fullArgsKeys(): Map<string, PyValue | 'special'> {
  const keys = new Map<string, PyValue | 'special'>(defaultConfig);
  for (const task of yoloTasks) keys.set(task, null);
  for (const mode of yoloModes) keys.set(mode, null);
  for (const command of specialCommands) keys.set(command, 'special');
  return keys;
}

// Ultralytics also accepts the first letter, the singular and dashed spellings: `-h`, `--help`,
// `check`. Later commands win a shared first letter, as in the dict update it does.
function buildSpecialAliases(): Map<string, SpecialCommand> {
  const aliases = new Map<string, SpecialCommand>(specialCommands.map((command) => [command, command]));
  for (const command of specialCommands) aliases.set(command[0] ?? command, command);
  for (const [alias, command] of [...aliases]) {
    if (alias.length > 1 && alias.endsWith('s')) aliases.set(alias.slice(0, -1), command);
  }
  for (const [alias, command] of [...aliases]) {
    aliases.set(`-${alias}`, command);
    aliases.set(`--${alias}`, command);
  }
  return aliases;
}

const deprecatedKeys: Readonly<Record<string, { replacement: string; convert: (value: PyValue) => PyValue }>> = {
  boxes: { replacement: 'show_boxes', convert: (value) => value },
  hide_labels: { replacement: 'show_labels', convert: (value) => !pyTruthy(value) },
  hide_conf: { replacement: 'show_conf', convert: (value) => !pyTruthy(value) },
  line_thickness: { replacement: 'line_width', convert: (value) => value },
};
const removedKeys = ['label_smoothing', 'save_hybrid', 'crop_fraction'];

/** Keys Ultralytics lets through its alignment check although they are not in default.yaml. */
const allowedCustomKeys = new Set(['augmentations', 'save_dir']);

function pyTruthy(value: PyValue): boolean {
  if (value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null && 'py' in value) return value.py === 'float' ? value.value !== 0 : value.items.length > 0;
  return true;
}

function deprecationWarning(key: string, replacement?: string): LogMessage {
  const text = `'${key}' is deprecated and will be removed in in the future.${replacement ? ` Use '${replacement}' instead.` : ''}`;
  return { level: 'warning', text };
}

/** Ultralytics' `_handle_deprecation`: renames old keys in place and says so. */
function handleDeprecation(custom: Map<string, PyValue>, messages: LogMessage[]): void {
  for (const [key, { replacement, convert }] of Object.entries(deprecatedKeys)) {
    if (!custom.has(key)) continue;
    messages.push(deprecationWarning(key, replacement));
    const value = custom.get(key) as PyValue;
    custom.delete(key);
    custom.set(replacement, convert(value));
  }
  for (const key of removedKeys) {
    if (!custom.has(key)) continue;
    messages.push(deprecationWarning(key));
    custom.delete(key);
  }
}

interface AlignmentContext {
  argv: readonly string[];
  messages: LogMessage[];
}

/**
 * Ultralytics' `check_dict_alignment`: every key must be known, else a SyntaxError naming each
 * unknown key with up to three close matches and the CLI help.
 */
export function checkDictAlignment(
  base: ReadonlyMap<string, PyValue | 'special'>,
  custom: Map<string, PyValue>,
  context: AlignmentContext,
  cause?: YoloError,
): void {
  handleDeprecation(custom, context.messages);
  const mismatched = [...custom.keys()].filter((key) => !base.has(key) && !allowedCustomKeys.has(key));
  if (mismatched.length === 0) return;
  let text = '';
  for (const key of mismatched) {
    const matches = getCloseMatches(key, base.keys()).map((match) => {
      const value = base.get(match);
      return value === null || value === undefined || value === 'special' ? match : `${match}=${pyStr(value)}`;
    });
    const matchText = matches.length > 0 ? `Similar arguments are i.e. ${pyListRepr(matches)}.` : '';
    text += `'${key}' is not a valid YOLO argument. ${matchText}\n`;
  }
  throw new YoloError('SyntaxError', text + buildCliHelpMessage(context.argv), {
    cause,
    frames: [
      ultralyticsFrame('cfg/__init__.py', 983, 'entrypoint', 'check_dict_alignment(full_args_dict, overrides)'),
      ultralyticsFrame('cfg/__init__.py', 507, 'check_dict_alignment', 'raise SyntaxError(string + CLI_HELP_MSG) from e'),
    ],
  });
}

/** Ultralytics' `parse_key_value_pair`: split on the first `=`, refuse an empty value. */
export function parseKeyValuePair(pair: string): [string, PyValue] {
  const index = pair.indexOf('=');
  const key = pair.slice(0, index).trim();
  const value = pair.slice(index + 1).trim();
  if (value === '') {
    throw new YoloError('AssertionError', `missing '${key}' value`, {
      frames: [
        ultralyticsFrame('cfg/__init__.py', 951, 'entrypoint', 'k, v = parse_key_value_pair(a)'),
        ultralyticsFrame('cfg/__init__.py', 748, 'parse_key_value_pair', `assert v, f"missing '{k}' value"`),
      ],
    });
  }
  return [key, smartValue(value)];
}

/**
 * Parses `yolo` arguments (without the program name) the way Ultralytics' entrypoint does, up to
 * the point where it loads the model. Throws YoloError with Ultralytics' own wording.
 */
export function parseYoloArgs(argv: readonly string[], options: ParseYoloArgsOptions = {}): ParsedYoloArgs {
  const messages: LogMessage[] = [];
  if (argv.length === 0) return { kind: 'special', command: 'help', args: [], messages };
  const base = fullArgsKeys();
  const aliases = buildSpecialAliases();
  const context: AlignmentContext = { argv, messages };
  let overrides = new Map<string, PyValue>();

  for (let arg of mergeEqualsArgs(argv)) {
    if (arg.startsWith('--')) {
      messages.push({ level: 'warning', text: `argument '${arg}' does not require leading dashes '--', updating to '${arg.slice(2)}'.` });
      arg = arg.slice(2);
    }
    if (arg.endsWith(',')) {
      messages.push({ level: 'warning', text: `argument '${arg}' does not require trailing comma ',', updating to '${arg.slice(0, -1)}'.` });
      arg = arg.slice(0, -1);
    }
    if (arg.includes('=')) {
      let key: string;
      let value: PyValue;
      try {
        [key, value] = parseKeyValuePair(arg);
      } catch (error) {
        if (!(error instanceof YoloError)) throw error;
        checkDictAlignment(base, new Map([[arg, '']]), context, error);
        continue;
      }
      if (key === 'cfg' && value !== null) {
        if (options.loadCfgFile === undefined) throw new YoloError('FileNotFoundError', `'${pyStr(value)}' does not exist`);
        messages.push({ level: 'info', text: `Overriding default.yaml with ${pyStr(value)}` });
        const loaded = options.loadCfgFile(pyStr(value));
        loaded.delete('cfg');
        overrides = loaded;
      } else {
        overrides.set(key, value);
      }
    } else if (isYoloTask(arg)) {
      overrides.set('task', arg);
    } else if (isYoloMode(arg)) {
      overrides.set('mode', arg);
    } else if (aliases.has(arg.toLowerCase())) {
      // Like Ultralytics, the command sees every word after the first (`yolo settings reset`).
      return { kind: 'special', command: aliases.get(arg.toLowerCase()) as SpecialCommand, args: argv.slice(1), messages };
    } else if (defaultConfig.has(arg) && typeof defaultConfig.get(arg) === 'boolean') {
      overrides.set(arg, true);
    } else if (defaultConfig.has(arg)) {
      throw new YoloError(
        'SyntaxError',
        `'${arg}' is a valid YOLO argument but is missing an '=' sign to set its value, i.e. try '${arg}=${pyStr(defaultConfig.get(arg) ?? null)}'\n${buildCliHelpMessage(argv)}`,
        { frames: [ultralyticsFrame('cfg/__init__.py', 974, 'entrypoint', 'raise SyntaxError(')] },
      );
    } else {
      checkDictAlignment(base, new Map([[arg, '']]), context);
    }
  }

  checkDictAlignment(base, overrides, context);

  const modeValue = overrides.get('mode');
  let mode: YoloMode;
  if (modeValue === undefined || modeValue === null) {
    mode = 'train';
    messages.push({ level: 'warning', text: `'mode' argument is missing. Valid modes are ${pyListRepr([...yoloModes])}. Using default 'mode=${mode}'.` });
  } else if (isYoloMode(modeValue)) {
    mode = modeValue;
  } else {
    throw new YoloError('ValueError', `Invalid 'mode=${pyStr(modeValue)}'. Valid modes are ${pyListRepr([...yoloModes])}.\n${buildCliHelpMessage(argv)}`, {
      frames: [ultralyticsFrame('cfg/__init__.py', 990, 'entrypoint', 'raise ValueError(')],
    });
  }
  overrides.delete('mode');

  const taskValue = overrides.get('task');
  overrides.delete('task');
  let task: YoloTask | undefined;
  if (taskValue !== undefined && taskValue !== null && taskValue !== '' && taskValue !== false) {
    if (isYoloTask(taskValue)) {
      task = taskValue;
    } else if (taskValue === 'track') {
      messages.push({
        level: 'warning',
        text: `invalid 'task=track', setting 'task=detect' and 'mode=track'. Valid tasks are ${pyListRepr([...yoloTasks])}.\n${buildCliHelpMessage(argv)}.`,
      });
      task = 'detect';
      mode = 'track';
    } else {
      throw new YoloError('ValueError', `Invalid 'task=${pyStr(taskValue)}'. Valid tasks are ${pyListRepr([...yoloTasks])}.\n${buildCliHelpMessage(argv)}`, {
        frames: [ultralyticsFrame('cfg/__init__.py', 1004, 'entrypoint', 'raise ValueError(')],
      });
    }
  }
  return { kind: 'run', mode, task, overrides, messages };
}
