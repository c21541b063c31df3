import type { YoloTask } from './default-config.ts';
import { ultralyticsVersion } from './default-config.ts';
import { formatFixed, formatG, formatWidthG, formatWidthI, padLeft } from './python-format.ts';

// The console lines of a real run, character for character where a log reader might match them:
// the per-epoch header and progress line (`%11s` columns), the validation header and `all` line
// (`%22s` then `%11i`/`%11.3g`), and the progress bar Ultralytics draws (its own TQDM: a 12-cell
// bar of ━ and ─, `n/total`, rate, elapsed).

export const gpuName = 'yolo-stand-in virtual GPU';
const gpuMemoryMiB = 24564;

/** `Ultralytics 8.4.0 🚀 Python-3.12.3 torch-2.9.1+cu128 CUDA:0 (…)`. */
export function buildVersionLine(device: string | null): string {
  const head = `Ultralytics ${ultralyticsVersion} 🚀 Python-3.12.3 torch-2.9.1+cu128`;
  const normalized = (device ?? '').toString().trim().toLowerCase();
  if (normalized === 'cpu' || normalized === 'mps') return `${head} CPU (yolo-stand-in virtual CPU)`;
  const ids = normalized === '' || normalized === 'cuda' ? ['0'] : normalized.replace(/^cuda:/, '').split(',').map((id) => id.trim());
  const gpus = ids.map((id) => `CUDA:${id} (${gpuName}, ${gpuMemoryMiB}MiB)`);
  return `${head} ${gpus.join('\n' + ' '.repeat(head.length + 1))}`;
}

/** Ultralytics' TQDM `_format_time`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${formatFixed(seconds, 1)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

/** Ultralytics' TQDM `_format_rate` for items. */
export function formatRate(perSecond: number, unit = 'it'): string {
  if (!(perSecond > 0)) return '';
  for (const [threshold, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'K']] as const) {
    if (perSecond >= threshold) return `${formatFixed(perSecond / threshold, 1)}${suffix}${unit}/s`;
  }
  return `${formatFixed(perSecond, 1)}${unit}/s`;
}

/** The finished progress bar: `desc: 100% ━━━━━━━━━━━━ 27/27 9.8it/s 2.8s`. */
export function buildProgressBar(description: string, total: number, elapsedSeconds: number): string {
  const rate = elapsedSeconds > 0 ? formatRate(total / elapsedSeconds) : '';
  return `${description}: 100% ${'━'.repeat(12)} ${total}/${total} ${rate}${rate ? ' ' : ''}${formatDuration(elapsedSeconds)}`;
}

/** `\n      Epoch    GPU_mem   box_loss …  Instances       Size`. */
export function buildEpochHeader(lossNames: readonly string[]): string {
  return ['Epoch', 'GPU_mem', ...lossNames, 'Instances', 'Size'].map((cell) => padLeft(cell, 11)).join('');
}

export interface EpochProgressValues {
  epoch: number;
  epochs: number;
  memoryGb: number;
  losses: readonly number[];
  instances: number;
  imgsz: number;
}

/** `      1/50      2.31G      1.234 …         42        640` (`%11s` ×2, then `%11.4g`). */
export function buildEpochProgress(values: EpochProgressValues): string {
  const memory = `${formatG(values.memoryGb, 3)}G`;
  return [
    padLeft(`${values.epoch}/${values.epochs}`, 11),
    padLeft(memory, 11),
    ...values.losses.map((loss) => formatWidthG(loss, 11, 4)),
    formatWidthG(values.instances, 11, 4),
    formatWidthG(values.imgsz, 11, 4),
  ].join('');
}

/** The validator's column header (`get_desc`). */
export function buildValidationHeader(task: YoloTask): string {
  if (task === 'classify') return padLeft('classes', 22) + padLeft('top1_acc', 11) + padLeft('top5_acc', 11);
  const group = (name: string) => [`${name}(P`, 'R', 'mAP50', 'mAP50-95)'];
  const extra = task === 'segment' ? group('Mask') : task === 'pose' ? group('Pose') : [];
  return padLeft('Class', 22) + ['Images', 'Instances', ...group('Box'), ...extra].map((cell) => padLeft(cell, 11)).join('');
}

/** A validator result line: `                   all        100        500      0.612 …`. */
export function buildValidationRow(task: YoloTask, label: string, images: number, instances: number, values: readonly number[]): string {
  if (task === 'classify') return padLeft(label, 22) + values.map((value) => formatWidthG(value, 11, 3)).join('');
  return padLeft(label, 22) + formatWidthI(images, 11) + formatWidthI(instances, 11) + values.map((value) => formatWidthG(value, 11, 3)).join('');
}

/** `Speed: 0.2ms preprocess, 1.4ms inference, 0.0ms loss, 0.9ms postprocess per image`. */
export function buildSpeedLine(preprocess: number, inference: number, loss: number, postprocess: number): string {
  return `Speed: ${formatFixed(preprocess, 1)}ms preprocess, ${formatFixed(inference, 1)}ms inference, ${formatFixed(loss, 1)}ms loss, ${formatFixed(postprocess, 1)}ms postprocess per image`;
}

/** Ultralytics' LOGGER.warning prefix. */
export function warningLine(text: string): string {
  return `WARNING ⚠️ ${text}`;
}
