import type { RunArgs } from './parse-args-yaml.ts';
import type { ResultsRow, ResultsTable } from './parse-results-csv.ts';
import { epochNumber } from './parse-results-csv.ts';
import type { MetricName, ResultsTask } from './results-columns.ts';
import { metricNames, metricNamesByTask } from './results-columns.ts';
import { computeFitness, findBestEpoch } from './fitness.ts';

// What a run card, a promotion gate and the registry need to know about a finished (or running)
// training: final and best-epoch metrics, how long it ran, and how it compares with production.
// Everything here is JSON-safe (no NaN or Infinity; a metric that is not finite is null), because
// the summary is stored in the database as it is.

/** Metric values by canonical name; null when the epoch has no finite value for it. */
export type MetricValues = Partial<Record<MetricName, number | null>>;

export interface EpochSummary {
  /** Counted from 1, whatever the file's base. */
  epoch: number;
  fitness: number | null;
  metrics: MetricValues;
}

export interface RunSummary {
  task: ResultsTask;
  /** The task's metrics that the file has, in canonical order. */
  metricNames: MetricName[];
  /** Distinct epochs in results.csv. */
  epochsRun: number;
  /** From args.yaml, when given. */
  epochsPlanned: number | null;
  /** Training time over every resumed segment of the run, in seconds; null without a `time` column. */
  trainingSeconds: number | null;
  /** How many times the run was resumed (the `time` column starts again). */
  resumeCount: number;
  final: EpochSummary;
  /** The epoch saved as best.pt; null when no epoch has a finite fitness. */
  best: EpochSummary | null;
  model: string | null;
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function metricsOf(row: ResultsRow, names: readonly MetricName[]): MetricValues {
  const values: MetricValues = {};
  for (const name of names) values[name] = finiteOrNull(row.metrics[name]);
  return values;
}

/**
 * Seconds of training: `time` counts from the start of the current trainer process, so each
 * resume starts it again; the total is the sum of every segment's last value.
 */
function trainingTime(rows: readonly ResultsRow[]): { seconds: number | null; resumeCount: number } {
  let total = 0;
  let segmentEnd: number | null = null;
  let resumeCount = 0;
  let seen = false;
  for (const row of rows) {
    const time = row.time;
    if (time === null || !Number.isFinite(time)) continue;
    seen = true;
    if (segmentEnd !== null && time < segmentEnd) {
      total += segmentEnd;
      resumeCount += 1;
    }
    segmentEnd = time;
  }
  return { seconds: seen ? total + (segmentEnd ?? 0) : null, resumeCount };
}

/** The run's summary from its results table, and args.yaml when it was readable. */
export function summarizeRun(table: ResultsTable, args?: RunArgs | null): RunSummary {
  // Older OBB results have exactly the detect columns; args.yaml knows the task for sure.
  const task: ResultsTask = table.task === 'detect' && args?.task === 'obb' ? 'obb' : table.task;
  const names = metricNamesByTask[task].filter((name) => table.metricNames.includes(name));
  const lastRow = table.rows[table.rows.length - 1] ?? table.rows[0];
  if (lastRow === undefined) throw new RangeError('a results table has at least one row');
  const best = findBestEpoch(table);
  const time = trainingTime(table.rows);
  return {
    task,
    metricNames: names,
    epochsRun: new Set(table.rows.map((row) => row.epoch)).size,
    epochsPlanned: args?.epochs ?? null,
    trainingSeconds: time.seconds,
    resumeCount: time.resumeCount,
    final: { epoch: epochNumber(table, lastRow), fitness: computeFitness(task, lastRow.metrics), metrics: metricsOf(lastRow, names) },
    best: best === null ? null : { epoch: best.epochNumber, fitness: best.fitness, metrics: metricsOf(best.row, names) },
    model: args?.model ?? null,
  };
}

export interface MetricComparison {
  metric: MetricName;
  current: number | null;
  production: number | null;
  /** current − production; null when either is missing. Every metric here is better when higher. */
  difference: number | null;
  change: 'up' | 'down' | 'same' | 'unknown';
}

// Metrics are written with 5-6 significant digits; without rounding, 0.87231 − 0.84231 would
// show as 0.030000000000000027 on a run card.
function roundDifference(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/**
 * Signed differences per metric between a candidate and the production model, in canonical
 * order, for every metric either side has. Pass `summary.best.metrics` (best.pt is what gets
 * promoted) and the production version's stored metrics; keys that are not metric names and
 * values that are not finite numbers are ignored, so stored JSON can be passed as it is.
 */
export function compareWithProduction(current: Readonly<Record<string, unknown>>, production: Readonly<Record<string, unknown>>): MetricComparison[] {
  const read = (values: Readonly<Record<string, unknown>>, name: MetricName): number | null => {
    const value = values[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  return metricNames
    .filter((name) => name in current || name in production)
    .map((metric) => {
      const now = read(current, metric);
      const before = read(production, metric);
      const difference = now === null || before === null ? null : roundDifference(now - before);
      const change = difference === null ? 'unknown' : difference > 0 ? 'up' : difference < 0 ? 'down' : 'same';
      return { metric, current: now, production: before, difference, change };
    });
}
