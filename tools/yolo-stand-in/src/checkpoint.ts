import type { YoloTask } from './default-config.ts';
import { isYoloTask } from './default-config.ts';
import type { PyValue } from './python-value.ts';
import type { ModelFamily } from './results-csv.ts';

// Placeholder weights. A real best.pt is a PyTorch zip of several MB; ours is a text header that
// anyone opening the file recognises, a JSON line with what a checkpoint records (task, class
// names, epoch, fitness, train args), and filler so sizes are not zero. `yolo val` and
// `yolo export` read the JSON back, as the real ones read the checkpoint.

export const checkpointMagic = 'YOLO-STAND-IN CHECKPOINT 1\n';
const exportMagicPrefix = 'YOLO-STAND-IN EXPORT 1';

export interface CheckpointMeta {
  task: YoloTask;
  family: ModelFamily;
  /** The architecture name, e.g. `yolo26n`. */
  modelName: string;
  names: Record<string, string>;
  imgsz: number;
  /** 0-based epoch the weights are from; -1 once training finished (optimizer stripped). */
  epoch: number;
  bestFitness: number | null;
  trainArgs: Record<string, PyValue>;
  trainMetrics: Record<string, number>;
  date: string;
  version: string;
}

const fillerBytes = 64 * 1024;

function filler(seed: string, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = 0;
  for (const char of seed) state = (state * 31 + char.charCodeAt(0)) >>> 0;
  for (let index = 0; index < size; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

/**
 * The train args a loaded checkpoint carries into a new command, as Ultralytics' Model keeps them
 * (`imgsz`, `data`, `task`, `single_cls`); the command's own settings go on top.
 */
export function checkpointOverrides(checkpoint: CheckpointMeta | undefined): Map<string, PyValue> {
  const carried = new Map<string, PyValue>();
  for (const key of ['imgsz', 'data', 'task', 'single_cls']) {
    const value = checkpoint?.trainArgs[key];
    if (value !== undefined) carried.set(key, value);
  }
  return carried;
}

export function buildCheckpoint(meta: CheckpointMeta): Buffer {
  const json = JSON.stringify({ format: 'yolo-stand-in-checkpoint', ...meta });
  return Buffer.concat([Buffer.from(`${checkpointMagic}${json}\n`, 'utf8'), filler(meta.modelName, fillerBytes)]);
}

/** The metadata of a stand-in checkpoint, or undefined for anything else (a real .pt, a text file). */
export function parseCheckpoint(content: Buffer): CheckpointMeta | undefined {
  if (!content.subarray(0, checkpointMagic.length).equals(Buffer.from(checkpointMagic, 'utf8'))) return undefined;
  const end = content.indexOf(0x0a, checkpointMagic.length);
  if (end < 0) return undefined;
  try {
    const parsed = JSON.parse(content.subarray(checkpointMagic.length, end).toString('utf8')) as Partial<CheckpointMeta> & { format?: string };
    if (parsed.format !== 'yolo-stand-in-checkpoint' || !isYoloTask(parsed.task) || typeof parsed.modelName !== 'string') return undefined;
    return {
      task: parsed.task,
      family: parsed.family ?? 'yolo26',
      modelName: parsed.modelName,
      names: parsed.names ?? {},
      imgsz: typeof parsed.imgsz === 'number' ? parsed.imgsz : 640,
      epoch: typeof parsed.epoch === 'number' ? parsed.epoch : -1,
      bestFitness: typeof parsed.bestFitness === 'number' ? parsed.bestFitness : null,
      trainArgs: parsed.trainArgs ?? {},
      trainMetrics: parsed.trainMetrics ?? {},
      date: parsed.date ?? '',
      version: parsed.version ?? '',
    };
  } catch {
    return undefined;
  }
}

/** An exported-model placeholder: the format in the header, the source checkpoint's metadata after. */
export function buildExportArtifact(format: string, file: string, meta: Record<string, unknown>, size = 16 * 1024): Buffer {
  const header = `${exportMagicPrefix} ${format}\n${JSON.stringify({ file, ...meta })}\n`;
  return Buffer.concat([Buffer.from(header, 'utf8'), filler(`${format}:${file}`, size)]);
}

/** The export format named in a stand-in export artifact, or undefined. */
export function parseExportArtifactFormat(content: Buffer): string | undefined {
  const text = content.subarray(0, 64).toString('utf8');
  if (!text.startsWith(`${exportMagicPrefix} `)) return undefined;
  return text.slice(exportMagicPrefix.length + 1).split('\n')[0];
}
