import type { YoloTask } from './default-config.ts';
import { formatG } from './python-format.ts';

// results.csv as the current Ultralytics trainer writes it (`BaseTrainer.save_metrics`): a plain
// header `epoch,time,<train losses>,<metrics>,<val losses>,lr/pg0..`, then one row per epoch with
// every value as `%.6g`. Earlier generations padded columns to 23 characters, counted epochs from
// 0 or had no `time` column; readers must cope with those, but this writer is the newest.

/** Model generations that change the loss columns (YOLO26 pose adds an RLE keypoint loss). */
export type ModelFamily = 'yolo26' | 'yolo11' | 'yolov8' | 'other';

export interface ResultsColumnsOptions {
  /** The model generation; default YOLO26, the current one. */
  family?: ModelFamily;
  /** Optimizer parameter groups: 3 for SGD/Adam*, 8 for MuSGD (each group split in two). */
  lrGroups?: number;
}

/** The loss names the task's trainer reports (`trainer.loss_names`). */
export function buildLossNames(task: YoloTask, family: ModelFamily = 'yolo26'): string[] {
  switch (task) {
    case 'detect':
      return ['box_loss', 'cls_loss', 'dfl_loss'];
    case 'segment':
      return ['box_loss', 'seg_loss', 'cls_loss', 'dfl_loss', 'sem_loss'];
    case 'pose':
      return ['box_loss', 'pose_loss', 'kobj_loss', 'cls_loss', 'dfl_loss', ...(family === 'yolo26' ? ['rle_loss'] : [])];
    case 'obb':
      return ['box_loss', 'cls_loss', 'dfl_loss', 'angle_loss'];
    case 'classify':
      return ['loss'];
  }
}

const boxMetrics = ['metrics/precision(B)', 'metrics/recall(B)', 'metrics/mAP50(B)', 'metrics/mAP50-95(B)'];
const maskMetrics = ['metrics/precision(M)', 'metrics/recall(M)', 'metrics/mAP50(M)', 'metrics/mAP50-95(M)'];
const poseMetrics = ['metrics/precision(P)', 'metrics/recall(P)', 'metrics/mAP50(P)', 'metrics/mAP50-95(P)'];

/** The validator's metric keys (`validator.metrics.keys`). */
export function buildMetricKeys(task: YoloTask): string[] {
  switch (task) {
    case 'detect':
    case 'obb':
      return [...boxMetrics];
    case 'segment':
      return [...boxMetrics, ...maskMetrics];
    case 'pose':
      return [...boxMetrics, ...poseMetrics];
    case 'classify':
      return ['metrics/accuracy_top1', 'metrics/accuracy_top5'];
  }
}

/** Every column of results.csv, in order. */
export function buildResultsCsvColumns(task: YoloTask, options: ResultsColumnsOptions = {}): string[] {
  const losses = buildLossNames(task, options.family ?? 'yolo26');
  const lrGroups = options.lrGroups ?? 3;
  return [
    'epoch',
    'time',
    ...losses.map((name) => `train/${name}`),
    ...buildMetricKeys(task),
    ...losses.map((name) => `val/${name}`),
    ...Array.from({ length: lrGroups }, (_, index) => `lr/pg${index}`),
  ];
}

/** The header line of results.csv (no trailing newline). */
export function buildResultsCsvHeader(task: YoloTask, options: ResultsColumnsOptions = {}): string {
  return buildResultsCsvColumns(task, options).join(',');
}

/** One results.csv row (no trailing newline): every value as Python's `%.6g`. */
export function formatResultsCsvRow(values: readonly number[]): string {
  return values.map((value) => formatG(value, 6)).join(',');
}
