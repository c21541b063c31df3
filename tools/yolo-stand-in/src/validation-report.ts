import { buildSpeedLine, buildValidationRow } from './console-format.ts';
import type { YoloTask } from './default-config.ts';
import { createRandom } from './learning-curve.ts';
import { buildMetricKeys } from './results-csv.ts';

// The lines a validator prints after its progress bar: the `all` row, then (outside training,
// with verbose and more than one class) one row per class, then the speed line. Per-class numbers
// are spread around the overall ones, deterministically, so repeated runs print the same table.

export interface ValidationReportOptions {
  task: YoloTask;
  names: readonly string[];
  images: number;
  instances: number;
  /** Overall metrics by results.csv key (`metrics/mAP50(B)`, …). */
  metrics: Readonly<Record<string, number>>;
  seed: number;
  /** Per-class rows and the speed line are printed only outside training. */
  perClass: boolean;
}

export function buildValidationReport(options: ValidationReportOptions): string[] {
  const keys = buildMetricKeys(options.task);
  const overall = keys.map((key) => options.metrics[key] ?? 0);
  const lines: string[] = [];
  if (options.task === 'classify') {
    lines.push(buildValidationRow('classify', 'all', 0, 0, overall));
  } else {
    lines.push(buildValidationRow(options.task, 'all', options.images, options.instances, overall));
    if (options.instances === 0) lines.push(`WARNING ⚠️ no labels found in ${options.task} set, cannot compute metrics without labels`);
    if (options.perClass && options.names.length > 1) {
      const random = createRandom(options.seed + options.names.length);
      const weights = options.names.map(() => 0.4 + random());
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      options.names.forEach((name, index) => {
        const instances = Math.max(1, Math.round((options.instances * (weights[index] ?? 1)) / total));
        const images = Math.min(options.images, Math.max(1, Math.round(instances * 0.7)));
        const values = overall.map((value) => Math.min(1, Math.max(0, value * (1 + 0.18 * (random() * 2 - 1)))));
        lines.push(buildValidationRow(options.task, name, images, instances, values));
      });
    }
  }
  if (options.perClass) {
    const random = createRandom(options.seed + 7);
    lines.push(buildSpeedLine(0.1 + random() * 0.3, 1 + random() * 2, 0, options.task === 'classify' ? 0.1 * random() : 0.5 + random()));
  }
  return lines;
}
