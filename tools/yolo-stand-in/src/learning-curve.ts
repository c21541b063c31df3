import type { YoloTask } from './default-config.ts';
import { buildEpochLearningRates } from './lr-schedule.ts';
import type { LearningRateScheduleOptions } from './lr-schedule.ts';
import { roundTo } from './python-format.ts';
import { buildLossNames, buildMetricKeys } from './results-csv.ts';
import type { ModelFamily } from './results-csv.ts';

// A made-up but believable training run: losses fall fast then flatten, metrics climb and
// saturate, every value wobbles a little, and the last `close_mosaic` epochs get the small jump
// real runs show when mosaic augmentation stops. Deterministic for a seed: the same arguments
// always give the same numbers, so a resumed run continues the very curve it left.

export interface SimulateTrainingOptions {
  task: YoloTask;
  family?: ModelFamily;
  epochs: number;
  seed: number;
  /** Number of classes; more classes lower the ceiling a little. */
  nc: number;
  /** Epochs at the end trained without mosaic (`close_mosaic`). */
  closeMosaic?: number;
  /** The lr schedule; without it the lr columns are left out. */
  schedule?: LearningRateScheduleOptions;
}

export interface SimulatedEpoch {
  /** 1-based, as results.csv counts. */
  epoch: number;
  /** `train/<loss>` values, rounded to 5 decimals as the trainer does. */
  trainLosses: Record<string, number>;
  /** `metrics/...` values, rounded to 5 decimals. */
  metrics: Record<string, number>;
  /** `val/<loss>` values, rounded to 5 decimals. */
  valLosses: Record<string, number>;
  /** One lr per optimizer parameter group. */
  learningRates: number[];
  /** What best.pt is chosen by (Ultralytics' `fitness`). */
  fitness: number;
}

/** mulberry32: small, fast and good enough for noise. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(...parts: readonly (string | number)[]): number {
  let hash = 2166136261;
  for (const char of parts.join('|')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// Start and end values of each loss, from real runs of each generation (YOLO26 has no DFL, so its
// dfl_loss is about 0.01; its RLE pose loss is a log-likelihood and ends below zero).
function lossRange(name: string, family: ModelFamily, task: YoloTask): [number, number] {
  const yolo26 = family === 'yolo26';
  switch (name) {
    case 'box_loss':
      return yolo26 ? [1.25, 0.55] : [1.65, 0.95];
    case 'cls_loss':
      return yolo26 ? [4.2, 0.45] : [3.1, 0.6];
    case 'dfl_loss':
      return yolo26 ? [0.0125, 0.0062] : [1.55, 1.02];
    case 'seg_loss':
      return [3.6, 1.25];
    case 'sem_loss':
      return [0, 0];
    case 'pose_loss':
      return yolo26 ? [9, 2.1] : [6.2, 1.6];
    case 'kobj_loss':
      return [0.72, 0.3];
    case 'rle_loss':
      return [14, -1.6];
    case 'angle_loss':
      return [0.85, 0.32];
    case 'loss':
      return task === 'classify' ? [1.65, 0.16] : [1, 0.5];
    default:
      return [1, 0.5];
  }
}

/** Ultralytics' fitness for the task, from the (rounded) metrics. */
export function computeFitness(task: YoloTask, metrics: Readonly<Record<string, number>>): number {
  const boxFitness = (suffix: string) => 0.1 * (metrics[`metrics/mAP50(${suffix})`] ?? 0) + 0.9 * (metrics[`metrics/mAP50-95(${suffix})`] ?? 0);
  switch (task) {
    case 'detect':
    case 'obb':
      return boxFitness('B');
    case 'segment':
      return boxFitness('B') + boxFitness('M');
    case 'pose':
      return boxFitness('B') + boxFitness('P');
    case 'classify':
      return ((metrics['metrics/accuracy_top1'] ?? 0) + (metrics['metrics/accuracy_top5'] ?? 0)) / 2;
  }
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** Every epoch of a simulated run, from the first to `epochs`. */
export function simulateTraining(options: SimulateTrainingOptions): SimulatedEpoch[] {
  const family = options.family ?? 'yolo26';
  const random = createRandom(hashSeed(options.seed, options.task, options.nc, family));
  const lossNames = buildLossNames(options.task, family);
  const metricKeys = buildMetricKeys(options.task);
  const closeMosaic = options.task === 'classify' ? 0 : (options.closeMosaic ?? 10);
  const epochs = Math.max(1, options.epochs);

  // How well this run can do at best; drawn once per run.
  const classPenalty = 1 - 0.06 * Math.log10(Math.max(1, options.nc));
  const map50Ceiling = (0.78 + 0.17 * random()) * classPenalty;
  const strictRatio = 0.58 + 0.12 * random();
  const top1Ceiling = (0.82 + 0.15 * random()) * classPenalty;
  const lossTau = 2 + 0.15 * epochs;
  const metricTau = 1.5 + 0.12 * epochs;

  const rows: SimulatedEpoch[] = [];
  for (let index = 0; index < epochs; index += 1) {
    const step = index + 1;
    // Ultralytics closes mosaic at epoch `epochs - close_mosaic`, so never when that is negative.
    const mosaicClosed = closeMosaic > 0 && epochs - closeMosaic >= 0 && index >= epochs - closeMosaic;
    const lossDecay = Math.exp(-step / lossTau);
    const progress = 1 - Math.exp(-step / metricTau);

    const trainLosses: Record<string, number> = {};
    const valLosses: Record<string, number> = {};
    for (const name of lossNames) {
      const [start, end] = lossRange(name, family, options.task);
      const base = end + (start - end) * lossDecay;
      const trainValue = start === end ? start : base * (mosaicClosed ? 0.88 : 1) * (1 + 0.025 * gaussian(random));
      // Validation losses of the RLE and semantic terms are not computed and stay 0 in real runs.
      const valValue = name === 'rle_loss' || name === 'sem_loss' ? 0 : base * (0.93 + 0.04 * progress) * (1 + 0.03 * gaussian(random));
      trainLosses[`train/${name}`] = roundTo(trainValue, 5);
      valLosses[`val/${name}`] = roundTo(valValue, 5);
    }

    const metrics: Record<string, number> = {};
    const lift = mosaicClosed ? 1.02 : 1;
    if (options.task === 'classify') {
      const top1 = clamp01(top1Ceiling * (0.35 + 0.65 * progress) * lift + 0.012 * gaussian(random));
      const top5 = options.nc <= 5 ? 1 : clamp01(Math.min(1, top1 + 0.1 + 0.05 * progress) + 0.004 * gaussian(random));
      metrics['metrics/accuracy_top1'] = roundTo(top1, 5);
      metrics['metrics/accuracy_top5'] = roundTo(Math.max(top1, top5), 5);
    } else {
      const groups = metricKeys.length / 4;
      for (let group = 0; group < groups; group += 1) {
        // Masks and keypoints trail the boxes a little.
        const scale = group === 0 ? 1 : options.task === 'pose' ? 0.9 : 0.96;
        const map50 = clamp01(map50Ceiling * scale * progress * lift + 0.012 * gaussian(random));
        const map5095 = clamp01(map50 * strictRatio * (0.85 + 0.15 * progress) + 0.006 * gaussian(random));
        const precision = clamp01(Math.min(0.99, map50 + 0.03 + 0.05 * (1 - progress)) + 0.02 * gaussian(random));
        const recall = clamp01(map50 * (0.88 + 0.06 * progress) + 0.02 * gaussian(random));
        const keys = metricKeys.slice(group * 4, group * 4 + 4);
        [precision, recall, map50, map5095].forEach((value, position) => {
          metrics[keys[position] as string] = roundTo(value, 5);
        });
      }
    }

    rows.push({
      epoch: step,
      trainLosses,
      metrics,
      valLosses,
      learningRates: options.schedule ? buildEpochLearningRates(index, options.schedule) : [],
      fitness: roundTo(computeFitness(options.task, metrics), 5),
    });
  }
  return rows;
}
