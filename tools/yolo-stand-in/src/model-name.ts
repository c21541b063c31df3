import type { YoloTask } from './default-config.ts';
import { formatThousands } from './python-format.ts';
import type { ModelFamily } from './results-csv.ts';

// What a model argument says by its name alone: the task (`-seg`, `-cls`, `-pose`, `-obb`, as
// Ultralytics' guess_model_task reads it), the generation (YOLO26, YOLO11, YOLOv8) and the scale
// letter, and whether it is an official release name that the real CLI would download.

export interface ModelNameInfo {
  /** The task the name implies, or undefined when it gives no hint. */
  task: YoloTask | undefined;
  family: ModelFamily;
  /** The model's own name: `yolo26n-seg` for `yolo26n-seg.pt`, the file stem otherwise. */
  architecture: string;
  scale: string;
  /** An official Ultralytics release asset (downloaded on first use by the real CLI). */
  official: boolean;
}

const officialPattern = /^(yolo(?:v8|11|26))([nsmlx])(?:-(seg|cls|pose|obb))?\.(pt|yaml|yml)$/;
const officialDetectOnly = /^yolo(?:v5[nsmlx]u|v9[tsmce]|v10[nsmblx]|12[nsmlx])\.(pt|yaml|yml)$/;
const taskBySuffix: Readonly<Record<string, YoloTask>> = { seg: 'segment', cls: 'classify', pose: 'pose', obb: 'obb' };

function familyOf(stem: string): ModelFamily {
  if (/yolo26/i.test(stem)) return 'yolo26';
  if (/yolo11/i.test(stem)) return 'yolo11';
  if (/yolov8/i.test(stem)) return 'yolov8';
  return 'other';
}

/** Reads task, generation and scale from a model path or name. */
export function describeModelName(model: string): ModelNameInfo {
  const parts = model.split(/[\\/]/);
  const file = parts.at(-1) ?? model;
  const stem = file.replace(/\.[^.]*$/, '');
  const official = officialPattern.exec(file);
  if (official) {
    const [, base = '', scale = 'n', suffix] = official;
    return { task: suffix ? taskBySuffix[suffix] : 'detect', family: familyOf(base), architecture: `${base}${scale}${suffix ? `-${suffix}` : ''}`, scale, official: true };
  }
  if (officialDetectOnly.test(file)) {
    return { task: 'detect', family: 'other', architecture: stem, scale: stem.replace(/^yolo(?:v\d+|\d+)/, '').charAt(0) || 'n', official: true };
  }
  // guess_model_task: a task word in the name or in a parent folder (runs/segment/train/...).
  const lowerStem = stem.toLowerCase();
  const folders = parts.slice(0, -1).map((part) => part.toLowerCase());
  let task: YoloTask | undefined;
  if (lowerStem.includes('-seg') || folders.includes('segment')) task = 'segment';
  else if (lowerStem.includes('-cls') || folders.includes('classify')) task = 'classify';
  else if (lowerStem.includes('-pose') || folders.includes('pose')) task = 'pose';
  else if (lowerStem.includes('-obb') || folders.includes('obb')) task = 'obb';
  else if (folders.includes('detect')) task = 'detect';
  const scale = /yolo(?:v\d+|\d+)([nsmlx])/i.exec(stem)?.[1] ?? 'n';
  return { task, family: familyOf(stem), architecture: stem, scale, official: false };
}

// Approximate sizes of the released models (millions of parameters, GFLOPs, layers unfused/fused),
// for the "summary" lines; tasks other than detect are close enough for a log line.
const sizes: Readonly<Record<string, Readonly<Record<string, readonly [number, number]>>>> = {
  yolo26: { n: [2.57, 6.1], s: [10.0, 22.8], m: [21.9, 75.4], l: [26.3, 93.8], x: [58.9, 209.5] },
  yolo11: { n: [2.62, 6.6], s: [9.46, 21.7], m: [20.1, 68.5], l: [25.4, 87.6], x: [56.9, 196.0] },
  yolov8: { n: [3.16, 8.9], s: [11.2, 28.8], m: [25.9, 79.3], l: [43.7, 165.7], x: [68.2, 258.5] },
  other: { n: [2.6, 6.5], s: [9.5, 21.5], m: [20.1, 68.0], l: [25.3, 86.9], x: [56.9, 194.9] },
};
const layers: Readonly<Record<ModelFamily, readonly [number, number]>> = {
  yolo26: [260, 122],
  yolo11: [181, 100],
  yolov8: [225, 168],
  other: [181, 100],
};

/** Ultralytics' model summary line, e.g. `YOLO26n summary: 260 layers, 2,572,280 parameters, …`. */
export function buildModelSummary(info: Pick<ModelNameInfo, 'family' | 'scale' | 'architecture'>, fused: boolean): string {
  const [params, gflops] = sizes[info.family]?.[info.scale] ?? sizes['other']?.['n'] ?? [2.6, 6.5];
  const parameterCount = Math.round(params * 1e6);
  const [unfusedLayers, fusedLayers] = layers[info.family];
  const name = info.architecture.replace(/^yolo/i, 'YOLO');
  if (fused) {
    return `${name} summary (fused): ${fusedLayers} layers, ${formatThousands(Math.round(parameterCount * 0.93))} parameters, 0 gradients, ${(gflops * 0.9).toFixed(1)} GFLOPs`;
  }
  return `${name} summary: ${unfusedLayers} layers, ${formatThousands(parameterCount)} parameters, ${formatThousands(parameterCount - 16)} gradients, ${gflops.toFixed(1)} GFLOPs`;
}
