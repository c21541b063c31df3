import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { taskToData, taskToModel, yoloModes } from './default-config.ts';
import { runExport } from './export-command.ts';
import { loadModel } from './model-loader.ts';
import { runPredict } from './predict-command.ts';
import { fromYamlValue, pyListRepr, pyStr } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { logInfo, logWarning } from './run-context.ts';
import type { RunContext } from './run-context.ts';
import { runSpecialCommand } from './special-commands.ts';
import { runTrain } from './train-command.ts';
import { runVal } from './val-command.ts';
import { parseYoloArgs } from './yolo-args.ts';
import { formatPythonTraceback, YoloError } from './yolo-error.ts';

// The `yolo` command line end to end: parse like Ultralytics' entrypoint, load the model, fill
// in the defaults it warns about, run the mode. Returns the exit code; an error a real run would
// raise is printed as Python prints an uncaught exception (stderr, exit 1).

function loadCfgFile(cwd: string): (file: string) => Map<string, PyValue> {
  return (file) => {
    const full = path.resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (error) {
      throw new YoloError('FileNotFoundError', `'${file}' does not exist`, { cause: error });
    }
    const parsed: unknown = parseYaml(text, { intAsBigInt: true, version: '1.1' });
    const entries = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed as Record<string, unknown>) : [];
    return new Map(entries.map(([key, value]) => [key, fromYamlValue(value)]));
  };
}

async function runCommand(context: RunContext): Promise<void> {
  const parsed = parseYoloArgs(context.argv, { loadCfgFile: loadCfgFile(context.config.cwd) });
  for (const message of parsed.messages) {
    if (message.level === 'warning') logWarning(context, message.text);
    else logInfo(context, message.text);
  }
  if (parsed.kind === 'special') {
    runSpecialCommand(context, parsed.command, parsed.args);
    return;
  }
  const { mode, task, overrides } = parsed;
  let modelArgument = overrides.get('model');
  overrides.delete('model');
  if ((modelArgument === undefined || modelArgument === null) && task) modelArgument = taskToModel[task];
  if (modelArgument === undefined || modelArgument === null) {
    modelArgument = 'yolo26n.pt';
    logWarning(context, `'model' argument is missing. Using default 'model=${modelArgument}'.`);
  }
  const model = loadModel(pyStr(modelArgument), task, context.config.cwd);
  for (const warning of model.warnings) logWarning(context, warning);
  if (task && task !== model.task) {
    logWarning(context, `conflicting 'task=${task}' passed with 'task=${model.task}' model. Ignoring 'task=${task}' and updating to 'task=${model.task}' to match model.`);
  }

  if ((mode === 'predict' || mode === 'track') && !overrides.has('source')) {
    overrides.set('source', model.task === 'obb' ? 'https://ultralytics.com/images/boats.jpg' : '/usr/local/lib/python3.12/site-packages/ultralytics/assets');
    logWarning(context, `'source' argument is missing. Using default 'source=${pyStr(overrides.get('source') ?? null)}'.`);
  } else if ((mode === 'train' || mode === 'val') && !overrides.has('data') && !overrides.has('resume')) {
    overrides.set('data', taskToData[model.task]);
    logWarning(context, `'data' argument is missing. Using default 'data=${taskToData[model.task]}'.`);
  } else if (mode === 'export' && !overrides.has('format')) {
    overrides.set('format', 'torchscript');
    logWarning(context, "'format' argument is missing. Using default 'format=torchscript'.");
  }

  const request = { model, overrides };
  switch (mode) {
    case 'train':
      return runTrain(context, request);
    case 'val':
      return runVal(context, request);
    case 'export':
      return runExport(context, request);
    case 'predict':
      return runPredict(context, request);
    case 'track':
    case 'benchmark':
      throw new YoloError('NotImplementedError', `yolo-stand-in does not simulate mode '${mode}'; it simulates ${pyListRepr(yoloModes.filter((name) => name !== 'track' && name !== 'benchmark'))}`);
  }
}

/** Runs `yolo <argv>`; resolves to the exit code. */
export async function runYoloCli(context: RunContext): Promise<number> {
  try {
    await runCommand(context);
    return 0;
  } catch (error) {
    if (!(error instanceof YoloError)) throw error;
    context.io.stderr(formatPythonTraceback(error));
    return 1;
  }
}
