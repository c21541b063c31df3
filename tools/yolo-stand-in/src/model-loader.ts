import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCheckpoint } from './checkpoint.ts';
import type { CheckpointMeta } from './checkpoint.ts';
import type { YoloTask } from './default-config.ts';
import { describeModelName } from './model-name.ts';
import type { ModelFamily } from './results-csv.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';

// `YOLO(model, task=task)` for the stand-in: official release names are accepted without a file
// (the real CLI downloads them), stand-in checkpoints are read for their task and class names,
// any other existing file is taken by its name, and a missing file fails as PyTorch would.

export interface LoadedModel {
  /** The model argument as given (what args.yaml records). */
  argument: string;
  /** Absolute path when the argument names an existing file or folder. */
  path: string | undefined;
  task: YoloTask;
  family: ModelFamily;
  architecture: string;
  scale: string;
  checkpoint: CheckpointMeta | undefined;
  warnings: string[];
}

function readHead(file: string, bytes: number): Buffer {
  const handle = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(handle, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(handle);
  }
}

function readCheckpointMeta(file: string): CheckpointMeta | undefined {
  // The JSON line holds the train args; a few hundred KB is far more than it ever needs.
  const size = statSync(file).size;
  return parseCheckpoint(readHead(file, Math.min(size, 512 * 1024)));
}

/** Resolves `model=` the way the real CLI would, or throws its error. */
export function loadModel(argument: string, requestedTask: YoloTask | undefined, cwd: string): LoadedModel {
  const stem = path.basename(argument).replace(/\.[^.]*$/, '').toLowerCase();
  if (stem.includes('rtdetr') || stem.includes('fastsam') || /sam2?(\.1)?_/.test(stem)) {
    throw new YoloError('NotImplementedError', `yolo-stand-in simulates YOLO models only, not '${argument}'`);
  }
  // Ultralytics adds `.pt` to a bare official stem (`model=yolo26n`).
  const withSuffix = path.extname(argument) === '' && describeModelName(`${argument}.pt`).official ? `${argument}.pt` : argument;
  const described = describeModelName(withSuffix);
  const absolute = path.resolve(cwd, withSuffix);
  const warnings: string[] = [];

  if (existsSync(absolute)) {
    const checkpoint = statSync(absolute).isFile() ? readCheckpointMeta(absolute) : undefined;
    if (checkpoint) {
      return { argument, path: absolute, task: checkpoint.task, family: checkpoint.family, architecture: checkpoint.modelName, scale: describeModelName(`${checkpoint.modelName}.pt`).scale, checkpoint, warnings };
    }
    let task = requestedTask ?? described.task;
    if (task === undefined) {
      warnings.push("Unable to automatically guess model task, assuming 'task=detect'. Explicitly define task for your model, i.e. 'task=detect', 'segment', 'classify','pose' or 'obb'.");
      task = 'detect';
    }
    return { argument, path: absolute, task, family: described.family === 'other' ? 'yolo26' : described.family, architecture: described.architecture, scale: described.scale, checkpoint: undefined, warnings };
  }
  if (described.official) {
    return { argument: withSuffix, path: undefined, task: described.task ?? 'detect', family: described.family, architecture: described.architecture, scale: described.scale, checkpoint: undefined, warnings };
  }
  if (/\.ya?ml$/.test(withSuffix)) {
    throw new YoloError('FileNotFoundError', `'${withSuffix}' does not exist`, {
      frames: [ultralyticsFrame('utils/checks.py', 617, 'check_file', `raise FileNotFoundError(f"'{file}' does not exist")`)],
    });
  }
  throw new YoloError('FileNotFoundError', `[Errno 2] No such file or directory: '${withSuffix}'`, {
    frames: [
      ultralyticsFrame('engine/model.py', 155, '__init__', 'self._load(model, task=task)'),
      ultralyticsFrame('nn/tasks.py', 1550, 'torch_safe_load', 'ckpt = torch_load(file, map_location="cpu")'),
    ],
  });
}
