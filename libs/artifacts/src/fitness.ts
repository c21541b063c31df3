import type { ResultsRow, ResultsTable } from './parse-results-csv.ts';
import { epochNumber } from './parse-results-csv.ts';
import type { MetricName, ResultsTask } from './results-columns.ts';

// Ultralytics' model fitness (ultralytics/utils/metrics.py), the number best.pt is chosen by:
// `Metric.fitness()` weighs [P, R, mAP50, mAP50-95] by [0, 0, 0.1, 0.9]; SegmentMetrics and
// PoseMetrics add the mask or keypoint fitness to the box one; ClassifyMetrics is the mean of
// top-1 and top-5 accuracy; OBB and detect use the box fitness alone.

type Metrics = Partial<Record<MetricName, number>>;

function boxFitness(metrics: Metrics, suffix: '' | '(M)' | '(P)'): number | null {
  const map50 = metrics[`mAP50${suffix}`];
  const map = metrics[`mAP50-95${suffix}`];
  if (map50 === undefined || map === undefined) return null;
  return 0.1 * map50 + 0.9 * map;
}

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/** The task's fitness of one epoch's metrics, or null when a metric it needs is missing or not finite. */
export function computeFitness(task: ResultsTask, metrics: Metrics): number | null {
  let fitness: number | null;
  switch (task) {
    case 'detect':
    case 'obb':
      fitness = boxFitness(metrics, '');
      break;
    case 'segment':
      fitness = sum(boxFitness(metrics, ''), boxFitness(metrics, '(M)'));
      break;
    case 'pose':
      fitness = sum(boxFitness(metrics, ''), boxFitness(metrics, '(P)'));
      break;
    case 'classify':
      fitness = metrics.top1 === undefined || metrics.top5 === undefined ? null : (metrics.top1 + metrics.top5) / 2;
      break;
  }
  return fitness !== null && Number.isFinite(fitness) ? fitness : null;
}

export interface BestEpoch {
  /** The epoch as written in the file. */
  epoch: number;
  /** The same epoch counted from 1. */
  epochNumber: number;
  /** Index into `table.rows`. */
  rowIndex: number;
  fitness: number;
  row: ResultsRow;
}

/**
 * The epoch whose weights are in best.pt. The trainer raises `best_fitness` only on a strict
 * improvement but rewrites best.pt whenever `fitness == best_fitness`, so a tie moves best.pt to
 * the later epoch: the answer is the last epoch that reaches the running maximum. Epochs without
 * a finite fitness (a diverged validation) never become best. Null when no epoch has one.
 */
export function findBestEpoch(table: ResultsTable): BestEpoch | null {
  let best: BestEpoch | null = null;
  table.rows.forEach((row, rowIndex) => {
    const fitness = computeFitness(table.task, row.metrics);
    if (fitness === null) return;
    if (best === null || fitness >= best.fitness) {
      best = { epoch: row.epoch, epochNumber: epochNumber(table, row), rowIndex, fitness, row };
    }
  });
  return best;
}
