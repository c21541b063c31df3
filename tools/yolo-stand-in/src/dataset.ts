import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { builtinDatasets } from './builtin-datasets.ts';
import type { YoloTask } from './default-config.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';

// Ultralytics' check_det_dataset / check_cls_dataset, as far as the stand-in needs them: the data
// YAML must exist and carry train/val and names (or nc); class names come from it. Images are
// counted when the folders exist so the console shows real numbers; when they do not, the
// stand-in carries on with made-up counts where the real CLI would try to download the dataset.

export interface DatasetInfo {
  /** The `data=` argument as given. */
  argument: string;
  /** Absolute path of the data YAML, when there is one. */
  yamlPath: string | undefined;
  names: string[];
  trainImages: number;
  valImages: number;
  valInstances: number;
  /** Keypoint shape for pose datasets (`kpt_shape`), default [17, 3]. */
  kptShape: [number, number];
  /** True when the counts are made up because the image folders are missing. */
  synthetic: boolean;
}

export interface LoadDatasetOptions {
  cwd: string;
  /** Ultralytics' datasets_dir setting, where relative `path:` values live. */
  datasetsDir: string;
}

const imageExtensions = new Set(['bmp', 'dng', 'jpeg', 'jpg', 'mpo', 'png', 'tif', 'tiff', 'webp', 'pfm', 'heic']);
const countLimit = 100_000;

function datasetError(argument: string, detail: string, cause?: unknown): YoloError {
  return new YoloError('RuntimeError', `Dataset '${argument}' error ❌ ${detail}`, {
    cause,
    frames: [
      ultralyticsFrame('engine/trainer.py', 160, '__init__', 'self.data = self.get_dataset()'),
      ultralyticsFrame('engine/trainer.py', 654, 'get_dataset', `raise RuntimeError(emojis(f"Dataset '{clean_url(self.args.data)}' error ❌ {e}")) from e`),
    ],
  });
}

function isImage(file: string): boolean {
  return imageExtensions.has(path.extname(file).slice(1).toLowerCase());
}

// Image files under a folder (recursively), in a .txt list, or the single image named.
function listImages(target: string): string[] | undefined {
  if (!existsSync(target)) return undefined;
  const stat = statSync(target);
  if (stat.isFile()) {
    if (target.endsWith('.txt')) {
      const base = path.dirname(target);
      return readFileSync(target, 'utf8')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .map((line) => (path.isAbsolute(line) ? line : path.resolve(base, line)));
    }
    return isImage(target) ? [target] : [];
  }
  const found: string[] = [];
  const pending = [target];
  while (pending.length > 0 && found.length < countLimit) {
    const folder = pending.pop() as string;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (isImage(entry.name)) found.push(full);
    }
  }
  return found.sort();
}

// YOLO labels sit next to the images: .../images/x.jpg → .../labels/x.txt, one object per line.
function countLabels(images: readonly string[]): number | undefined {
  let total = 0;
  let seen = false;
  for (const image of images) {
    const sep = path.sep;
    const marker = `${sep}images${sep}`;
    const at = image.lastIndexOf(marker);
    if (at < 0) continue;
    const label = `${image.slice(0, at)}${sep}labels${sep}${image.slice(at + marker.length).replace(/\.[^.]+$/, '.txt')}`;
    if (!existsSync(label)) continue;
    seen = true;
    total += readFileSync(label, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '').length;
  }
  return seen ? total : undefined;
}

function namesFrom(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, name]) => String(name));
  }
  return undefined;
}

function countSplit(paths: readonly string[]): string[] | undefined {
  let all: string[] | undefined;
  for (const target of paths) {
    const images = listImages(target);
    if (images === undefined) continue;
    all = [...(all ?? []), ...images];
  }
  return all;
}

function loadDetectionDataset(argument: string, options: LoadDatasetOptions): DatasetInfo {
  const builtin = builtinDatasets.get(argument);
  const yamlPath = path.resolve(options.cwd, argument);
  if (!existsSync(yamlPath) && builtin) {
    return {
      argument,
      yamlPath: undefined,
      names: [...builtin.names],
      trainImages: builtin.trainImages,
      valImages: builtin.valImages,
      valInstances: builtin.valInstances,
      kptShape: [17, 3],
      synthetic: true,
    };
  }
  if (!existsSync(yamlPath) || !statSync(yamlPath).isFile()) throw datasetError(argument, `'${argument}' does not exist`);
  if (!/\.ya?ml$/.test(yamlPath)) throw datasetError(argument, `Not a YAML file: ${argument}`);

  let data: Record<string, unknown>;
  try {
    const parsed: unknown = parseYaml(readFileSync(yamlPath, 'utf8'), { version: '1.1' });
    data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw datasetError(argument, error instanceof Error ? error.message : String(error), error);
  }
  for (const key of ['train', 'val']) {
    if (key in data) continue;
    if (key === 'val' && 'validation' in data) {
      data['val'] = data['validation'];
      continue;
    }
    throw datasetError(argument, `${argument} '${key}:' key missing ❌.\n'train' and 'val' are required in all data YAMLs.`);
  }
  let names = namesFrom(data['names']);
  const nc = typeof data['nc'] === 'number' ? data['nc'] : undefined;
  if (names === undefined && nc === undefined) {
    throw datasetError(argument, `${argument} key missing ❌.\n either 'names' or 'nc' are required in all data YAMLs.`);
  }
  if (names !== undefined && nc !== undefined && names.length !== nc) {
    throw datasetError(argument, `${argument} 'names' length ${names.length} and 'nc: ${nc}' must match.`);
  }
  names ??= Array.from({ length: nc ?? 0 }, (_, index) => `class_${index}`);

  const rootValue = typeof data['path'] === 'string' && data['path'] !== '' ? data['path'] : path.dirname(yamlPath);
  const root = path.isAbsolute(rootValue) ? rootValue : path.resolve(options.datasetsDir, rootValue);
  const resolveSplit = (value: unknown): string[] => {
    const entries = Array.isArray(value) ? value.map(String) : value === null || value === undefined ? [] : [String(value)];
    return entries.map((entry) => {
      const direct = path.resolve(root, entry);
      if (!existsSync(direct) && entry.startsWith('../')) return path.resolve(root, entry.slice(3));
      return direct;
    });
  };
  const train = countSplit(resolveSplit(data['train']));
  const val = countSplit(resolveSplit(data['val']));
  const kpt = Array.isArray(data['kpt_shape']) ? data['kpt_shape'].map(Number) : [];
  const kptShape: [number, number] = [kpt[0] ?? 17, kpt[1] ?? 3];
  const valImages = val?.length ?? 32;
  return {
    argument,
    yamlPath,
    names,
    trainImages: train?.length ?? 128,
    valImages,
    valInstances: (val && countLabels(val)) ?? valImages * 3,
    kptShape,
    synthetic: train === undefined || val === undefined,
  };
}

function loadClassificationDataset(argument: string, options: LoadDatasetOptions): DatasetInfo {
  const builtin = builtinDatasets.get(argument);
  const folder = path.resolve(options.cwd, argument);
  if (/\.ya?ml$/.test(argument)) return loadDetectionDataset(argument, options);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    if (builtin) {
      return { argument, yamlPath: undefined, names: [...builtin.names], trainImages: builtin.trainImages, valImages: builtin.valImages, valInstances: builtin.valInstances, kptShape: [17, 3], synthetic: true };
    }
    throw datasetError(argument, `Download failure for https://github.com/ultralytics/assets/releases/download/v0.0.0/${path.basename(argument)}.zip. Retry limit reached.`);
  }
  const trainFolder = path.join(folder, 'train');
  if (!existsSync(trainFolder)) throw datasetError(argument, `Dataset '${argument}' has no 'train' split; expected class folders in ${trainFolder}`);
  const names = readdirSync(trainFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const valFolder = ['val', 'test'].map((split) => path.join(folder, split)).find((candidate) => existsSync(candidate));
  const train = listImages(trainFolder) ?? [];
  const val = valFolder ? (listImages(valFolder) ?? []) : [];
  return { argument, yamlPath: undefined, names, trainImages: train.length, valImages: val.length, valInstances: val.length, kptShape: [17, 3], synthetic: false };
}

/** Loads the dataset a run names, or throws the error Ultralytics would. */
export function loadDataset(argument: string, task: YoloTask, options: LoadDatasetOptions): DatasetInfo {
  return task === 'classify' ? loadClassificationDataset(argument, options) : loadDetectionDataset(argument, options);
}
