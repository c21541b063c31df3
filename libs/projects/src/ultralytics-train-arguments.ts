import { InputError, isValidParameterPattern, validateRunParameters } from '@trainops/contracts';
import type { ParameterSpec, ParameterProblemsDetails } from '@trainops/contracts';
import { didYouMean } from './did-you-mean.ts';

// The Ultralytics `yolo train` arguments a project may open to chat, with the spec types that fit
// each one and the bounds Ultralytics itself enforces (its CFG_INT_KEYS / CFG_FRACTION_KEYS
// checks). Refusing a wrong name or type here turns a run that would fail on the GPU an hour
// later into an error when the file is loaded. Names follow the `args.yaml` a run records.

type SpecType = ParameterSpec['type'];

export interface TrainArgument {
  types: readonly SpecType[];
  min?: number;
  max?: number;
  /** For enum specs: the values Ultralytics accepts. */
  values?: readonly string[];
}

const flag: TrainArgument = { types: ['bool'] };
const fraction: TrainArgument = { types: ['float', 'int'], min: 0, max: 1 };
const gain: TrainArgument = { types: ['float', 'int'], min: 0 };
const angleDegrees: TrainArgument = { types: ['float', 'int'], min: -180, max: 180 };

export const ultralyticsOptimizers = ['auto', 'SGD', 'MuSGD', 'Adam', 'Adamax', 'AdamW', 'NAdam', 'RAdam', 'RMSProp'] as const;

export const ultralyticsTrainArguments: Readonly<Record<string, TrainArgument>> = {
  epochs: { types: ['int'], min: 1 },
  time: { types: ['float', 'int'], min: 0 },
  patience: { types: ['int'], min: 0 },
  // An int is a batch size (-1 = AutoBatch), a float in (0, 1) a fraction of GPU memory.
  batch: { types: ['int', 'float'], min: -1 },
  imgsz: { types: ['int'], min: 32 },
  save: flag,
  save_period: { types: ['int'], min: -1 },
  cache: { types: ['bool', 'enum'], values: ['ram', 'disk'] },
  workers: { types: ['int'], min: 0 },
  pretrained: flag,
  optimizer: { types: ['enum'], values: ultralyticsOptimizers },
  verbose: flag,
  seed: { types: ['int'], min: 0 },
  deterministic: flag,
  single_cls: flag,
  rect: flag,
  cos_lr: flag,
  close_mosaic: { types: ['int'], min: 0 },
  amp: flag,
  fraction,
  profile: flag,
  freeze: { types: ['int'], min: 0 },
  // A fraction of imgsz since 8.4; a switch before that.
  multi_scale: { types: ['float', 'int', 'bool'], min: 0, max: 1 },
  compile: flag,
  overlap_mask: flag,
  mask_ratio: { types: ['int'], min: 1 },
  dropout: fraction,
  val: flag,
  plots: flag,
  lr0: fraction,
  lrf: fraction,
  momentum: fraction,
  weight_decay: fraction,
  warmup_epochs: gain,
  warmup_momentum: fraction,
  warmup_bias_lr: fraction,
  box: gain,
  cls: gain,
  dfl: gain,
  pose: gain,
  kobj: gain,
  rle: gain,
  angle: gain,
  nbs: { types: ['int'], min: 1 },
  hsv_h: fraction,
  hsv_s: fraction,
  hsv_v: fraction,
  degrees: angleDegrees,
  translate: fraction,
  scale: gain,
  shear: angleDegrees,
  perspective: fraction,
  flipud: fraction,
  fliplr: fraction,
  bgr: fraction,
  mosaic: fraction,
  mixup: fraction,
  cutmix: fraction,
  copy_paste: fraction,
  copy_paste_mode: { types: ['enum'], values: ['flip', 'mixup'] },
  auto_augment: { types: ['enum'], values: ['randaugment', 'autoaugment', 'augmix'] },
  erasing: fraction,
};

// Set by the pipeline on every run: opening them to chat would let a message point training at
// another dataset, model or output folder.
const pipelineOwnedArguments = new Set(['task', 'mode', 'model', 'data', 'device', 'project', 'name', 'exist_ok', 'resume', 'save_dir', 'cfg']);

// Real Ultralytics settings that do nothing (or harm) in `yolo train`: validation, prediction,
// export and tracking options.
const nonTrainArguments = new Set([
  'split', 'save_json', 'conf', 'iou', 'max_det', 'half', 'dnn', 'end2end', 'source', 'vid_stride',
  'stream_buffer', 'visualize', 'augment', 'agnostic_nms', 'classes', 'retina_masks', 'embed', 'show',
  'save_frames', 'save_txt', 'save_conf', 'save_crop', 'show_labels', 'show_conf', 'show_boxes',
  'line_width', 'format', 'keras', 'optimize', 'int8', 'dynamic', 'simplify', 'opset', 'workspace',
  'nms', 'tracker',
]);

export interface SpecProblem {
  /** Relative to the parameter: [] for the parameter itself, ['max'] for its max, … */
  path: (string | number)[];
  message: string;
}

/** Everything wrong with opening `name` to chat with `spec`; empty when all is well. */
export function checkTrainParameterSpec(name: string, spec: ParameterSpec): SpecProblem[] {
  const argument = ultralyticsTrainArguments[name];
  if (argument === undefined) return [{ path: [], message: unknownArgumentMessage(name) }];
  if (!argument.types.includes(spec.type)) {
    const types = argument.types.map((type) => `"${type}"`).join(' or ');
    return [{ path: ['type'], message: `${name} takes type ${types}, not "${spec.type}"` }];
  }
  const problems: SpecProblem[] = [];
  if (spec.type === 'int' || spec.type === 'float') {
    if (spec.min === undefined || spec.max === undefined) {
      problems.push({ path: [], message: 'set both min and max, so chat cannot ask for an unbounded value' });
    }
    if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
      problems.push({ path: ['min'], message: `min (${spec.min}) is greater than max (${spec.max})` });
    }
    if (spec.min !== undefined && argument.min !== undefined && spec.min < argument.min) {
      problems.push({ path: ['min'], message: `Ultralytics accepts ${name} from ${argument.min}, got ${spec.min}` });
    }
    if (spec.max !== undefined && argument.max !== undefined && spec.max > argument.max) {
      problems.push({ path: ['max'], message: `Ultralytics accepts ${name} up to ${argument.max}, got ${spec.max}` });
    }
    if (spec.type === 'int' && spec.multipleOf !== undefined && spec.min !== undefined && spec.max !== undefined && spec.min <= spec.max) {
      if (Math.ceil(spec.min / spec.multipleOf) * spec.multipleOf > spec.max) {
        problems.push({ path: ['multipleOf'], message: `no multiple of ${spec.multipleOf} lies between ${spec.min} and ${spec.max}` });
      }
    }
  }
  if (spec.type === 'enum') {
    spec.values.forEach((value, index) => {
      if (spec.values.indexOf(value) !== index) problems.push({ path: ['values', index], message: `"${value}" is listed twice` });
      if (argument.values !== undefined && !argument.values.includes(value)) {
        problems.push({
          path: ['values', index],
          message: `Ultralytics does not accept ${name}=${value}; it takes ${argument.values.join(', ')}${didYouMean(value, argument.values)}`,
        });
      }
    });
  }
  if (spec.type === 'string' && spec.pattern !== undefined && !isValidParameterPattern(spec.pattern)) {
    problems.push({ path: ['pattern'], message: `is not a valid regular expression: ${spec.pattern}` });
  }
  // validateRunParameters forgives case in enum values typed in chat; a default is written once
  // and must be one of the values exactly.
  if (spec.type === 'enum' && spec.default !== undefined && !spec.values.includes(spec.default)) {
    problems.push({ path: ['default'], message: `must be one of ${spec.values.join(', ')}, got "${spec.default}"` });
  }
  if (spec.default !== undefined && problems.length === 0) {
    // The same check chat values get, so a default is never one that chat could not type.
    for (const problem of findParameterProblems({ [name]: spec }, { [name]: spec.default })) {
      problems.push({ path: ['default'], message: problem.problem });
    }
  }
  return problems;
}

/** The problems validateRunParameters finds with `given`; empty when it accepts them. */
export function findParameterProblems(
  specs: Record<string, ParameterSpec>,
  given: Record<string, string | number | boolean>,
): ParameterProblemsDetails['problems'] {
  try {
    validateRunParameters(specs, given);
    return [];
  } catch (error) {
    if (error instanceof InputError) return (error.details as ParameterProblemsDetails).problems;
    throw error;
  }
}

/** The problem with `name` alone (before its spec is known to be well formed). */
export function checkTrainArgumentName(name: string): SpecProblem[] {
  return ultralyticsTrainArguments[name] === undefined ? [{ path: [], message: unknownArgumentMessage(name) }] : [];
}

function unknownArgumentMessage(name: string): string {
  if (pipelineOwnedArguments.has(name)) return `${name} is set by the pipeline for every run, so chat cannot set it`;
  if (nonTrainArguments.has(name)) return `${name} is not a training argument (it applies to validation, prediction or export)`;
  return `unknown Ultralytics train argument "${name}"${didYouMean(name, Object.keys(ultralyticsTrainArguments))}`;
}
