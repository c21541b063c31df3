import { z } from 'zod';

// The Ultralytics tasks, and the metrics each one reports in results.csv. Promotion gates may
// only name metrics the task produces: a gate on a metric that never appears could never pass.

export const projectTasks = ['detect', 'segment', 'pose', 'classify', 'obb'] as const;
export const ProjectTaskSchema = z.enum(projectTasks);
export type ProjectTask = z.infer<typeof ProjectTaskSchema>;

const boxMetrics = ['precision', 'recall', 'mAP50', 'mAP50-95'] as const;
const maskMetrics = ['precision(M)', 'recall(M)', 'mAP50(M)', 'mAP50-95(M)'] as const;
const poseMetrics = ['precision(P)', 'recall(P)', 'mAP50(P)', 'mAP50-95(P)'] as const;
const classifyMetrics = ['top1', 'top5'] as const;

export const promotionMetrics = [...boxMetrics, ...maskMetrics, ...poseMetrics, ...classifyMetrics] as const;
export type PromotionMetric = (typeof promotionMetrics)[number];

export const promotionMetricsByTask: Readonly<Record<ProjectTask, readonly PromotionMetric[]>> = {
  detect: boxMetrics,
  obb: boxMetrics,
  segment: [...boxMetrics, ...maskMetrics],
  pose: [...boxMetrics, ...poseMetrics],
  classify: classifyMetrics,
};

/**
 * The Ultralytics results.csv column a gate metric reads: `mAP50-95` is the box metric
 * `metrics/mAP50-95(B)`, `mAP50(M)` the mask one, `top1` is `metrics/accuracy_top1`.
 */
export function resultsCsvColumnForMetric(metric: PromotionMetric): string {
  if (metric === 'top1' || metric === 'top5') return `metrics/accuracy_${metric}`;
  return metric.endsWith(')') ? `metrics/${metric}` : `metrics/${metric}(B)`;
}

// Official weights carry the task in their name (yolo11n-seg.pt); Ultralytics takes the task
// from the weights, so a mismatch with `task` would train something else than configured.
const officialModelPattern = /^(yolo(?:v\d+|\d+)[a-z]?)(?:-(seg|pose|cls|obb))?\.(pt|yaml)$/;
const suffixByTask: Record<ProjectTask, string> = { detect: '', segment: '-seg', pose: '-pose', classify: '-cls', obb: '-obb' };
const taskBySuffix: Record<string, ProjectTask> = { seg: 'segment', pose: 'pose', cls: 'classify', obb: 'obb' };

/** A mismatch between an official model name and the task, or undefined. */
export function checkModelMatchesTask(model: string, task: ProjectTask): string | undefined {
  const match = officialModelPattern.exec(model);
  if (match === null) return undefined;
  const [, family = '', suffix, extension = 'pt'] = match;
  const modelTask: ProjectTask = suffix === undefined ? 'detect' : (taskBySuffix[suffix] ?? 'detect');
  if (modelTask === task) return undefined;
  return `"${model}" is a ${modelTask} model but task is ${task}; use a ${task} model such as ${family}${suffixByTask[task]}.${extension}`;
}
