// The vocabulary of Ultralytics results.csv columns, and the canonical names this library gives
// them. Metric names match the promotion-gate names of @trainops/projects (`mAP50-95` is the box
// metric, `mAP50-95(M)` the mask one, `top1` the classifier's), so a gate reads a summary directly.

export const resultsTasks = ['detect', 'segment', 'pose', 'classify', 'obb'] as const;
export type ResultsTask = (typeof resultsTasks)[number];

const boxMetrics = ['precision', 'recall', 'mAP50', 'mAP50-95'] as const;
const maskMetrics = ['precision(M)', 'recall(M)', 'mAP50(M)', 'mAP50-95(M)'] as const;
const poseMetrics = ['precision(P)', 'recall(P)', 'mAP50(P)', 'mAP50-95(P)'] as const;
const classifyMetrics = ['top1', 'top5'] as const;

/** Every metric, in the order summaries and comparisons list them. */
export const metricNames = [...boxMetrics, ...maskMetrics, ...poseMetrics, ...classifyMetrics] as const;
export type MetricName = (typeof metricNames)[number];

/** The metrics each task's validator reports. */
export const metricNamesByTask: Readonly<Record<ResultsTask, readonly MetricName[]>> = {
  detect: boxMetrics,
  obb: boxMetrics,
  segment: [...boxMetrics, ...maskMetrics],
  pose: [...boxMetrics, ...poseMetrics],
  classify: classifyMetrics,
};

export function isMetricName(name: string): name is MetricName {
  return (metricNames as readonly string[]).includes(name);
}

/** What one header cell means. */
export type ColumnRole =
  | { kind: 'epoch' }
  | { kind: 'time' }
  | { kind: 'train-loss'; name: string }
  | { kind: 'val-loss'; name: string }
  | { kind: 'metric'; name: MetricName }
  | { kind: 'learning-rate'; group: number }
  | { kind: 'extra'; name: string };

// `metrics/mAP50-95(B)` today; `metrics/mAP_0.5:0.95` in YOLOv5-style files; the box suffix was
// absent in the oldest ones. `(M)` masks, `(P)` pose keypoints.
const detectionMetricPattern = /^metrics\/(precision|recall|mAP50|mAP50-95|mAP_0\.5|mAP_0\.5:0\.95)(?:\(([BMP])\))?$/;
const metricBaseNames: Readonly<Record<string, string>> = {
  precision: 'precision',
  recall: 'recall',
  mAP50: 'mAP50',
  'mAP50-95': 'mAP50-95',
  'mAP_0.5': 'mAP50',
  'mAP_0.5:0.95': 'mAP50-95',
};

/** Reads a header cell (already trimmed). Unknown columns are kept as `extra`, not refused. */
export function identifyColumn(header: string): ColumnRole {
  if (header === 'epoch') return { kind: 'epoch' };
  if (header === 'time') return { kind: 'time' };
  const learningRate = /^(?:lr\/pg|x\/lr)(\d+)$/.exec(header);
  if (learningRate) return { kind: 'learning-rate', group: Number(learningRate[1]) };
  if (header === 'metrics/accuracy_top1') return { kind: 'metric', name: 'top1' };
  if (header === 'metrics/accuracy_top5') return { kind: 'metric', name: 'top5' };
  const metric = detectionMetricPattern.exec(header);
  if (metric) {
    const base = metricBaseNames[metric[1] ?? ''] ?? '';
    const suffix = metric[2] === 'M' || metric[2] === 'P' ? `(${metric[2]})` : '';
    const name = `${base}${suffix}`;
    if (isMetricName(name)) return { kind: 'metric', name };
  }
  if (header.startsWith('train/') && header.length > 'train/'.length) return { kind: 'train-loss', name: header.slice('train/'.length) };
  if (header.startsWith('val/') && header.length > 'val/'.length) return { kind: 'val-loss', name: header.slice('val/'.length) };
  return { kind: 'extra', name: header };
}

/**
 * The task a set of columns belongs to, or undefined when it has no metrics we know. OBB writes
 * the same metrics as detect; only its `angle_loss` (YOLO26 on) tells them apart, so an older OBB
 * file reads as detect — which scores the same (see `summarizeRun` for the args.yaml hint).
 */
export function recogniseTask(metrics: ReadonlySet<MetricName>, trainLosses: ReadonlySet<string>): ResultsTask | undefined {
  if (metrics.has('top1') || metrics.has('top5')) return 'classify';
  if ([...maskMetrics].some((name) => metrics.has(name))) return 'segment';
  if ([...poseMetrics].some((name) => metrics.has(name))) return 'pose';
  if ([...boxMetrics].some((name) => metrics.has(name))) return trainLosses.has('angle_loss') ? 'obb' : 'detect';
  return undefined;
}
