import { pyFloat, pyListRepr } from './python-value.ts';
import type { PyValue } from './python-value.ts';

// Ultralytics' default.yaml, in its key order, as of the release whose args.yaml we reproduce
// (8.4, the YOLO26 release: `multi_scale` is a fraction, `rle` and `end2end` exist). The order
// matters: args.yaml is written in this order, and a reader diffing two runs' args.yaml sees the
// same layout a real run gives.

/** The Ultralytics release this stand-in imitates (its default.yaml and CLI checks). */
export const ultralyticsVersion = '8.4.0';

const f = pyFloat;

export const defaultConfigEntries: readonly (readonly [string, PyValue])[] = [
  ['task', 'detect'],
  ['mode', 'train'],
  ['model', null],
  ['data', null],
  ['epochs', 100],
  ['time', null],
  ['patience', 100],
  ['batch', 16],
  ['imgsz', 640],
  ['save', true],
  ['save_period', -1],
  ['cache', false],
  ['device', null],
  ['workers', 8],
  ['project', null],
  ['name', null],
  ['exist_ok', false],
  ['pretrained', true],
  ['optimizer', 'auto'],
  ['verbose', true],
  ['seed', 0],
  ['deterministic', true],
  ['single_cls', false],
  ['rect', false],
  ['cos_lr', false],
  ['close_mosaic', 10],
  ['resume', false],
  ['amp', true],
  ['fraction', f(1)],
  ['profile', false],
  ['freeze', null],
  ['multi_scale', f(0)],
  ['compile', false],
  ['overlap_mask', true],
  ['mask_ratio', 4],
  ['dropout', f(0)],
  ['val', true],
  ['split', 'val'],
  ['save_json', false],
  ['conf', null],
  ['iou', f(0.7)],
  ['max_det', 300],
  ['half', false],
  ['dnn', false],
  ['plots', true],
  ['end2end', null],
  ['source', null],
  ['vid_stride', 1],
  ['stream_buffer', false],
  ['visualize', false],
  ['augment', false],
  ['agnostic_nms', false],
  ['classes', null],
  ['retina_masks', false],
  ['embed', null],
  ['show', false],
  ['save_frames', false],
  ['save_txt', false],
  ['save_conf', false],
  ['save_crop', false],
  ['show_labels', true],
  ['show_conf', true],
  ['show_boxes', true],
  ['line_width', null],
  ['format', 'torchscript'],
  ['keras', false],
  ['optimize', false],
  ['int8', false],
  ['dynamic', false],
  ['simplify', true],
  ['opset', null],
  ['workspace', null],
  ['nms', false],
  ['lr0', f(0.01)],
  ['lrf', f(0.01)],
  ['momentum', f(0.937)],
  ['weight_decay', f(0.0005)],
  ['warmup_epochs', f(3)],
  ['warmup_momentum', f(0.8)],
  ['warmup_bias_lr', f(0.1)],
  ['box', f(7.5)],
  ['cls', f(0.5)],
  ['dfl', f(1.5)],
  ['pose', f(12)],
  ['kobj', f(1)],
  ['rle', f(1)],
  ['angle', f(1)],
  ['nbs', 64],
  ['hsv_h', f(0.015)],
  ['hsv_s', f(0.7)],
  ['hsv_v', f(0.4)],
  ['degrees', f(0)],
  ['translate', f(0.1)],
  ['scale', f(0.5)],
  ['shear', f(0)],
  ['perspective', f(0)],
  ['flipud', f(0)],
  ['fliplr', f(0.5)],
  ['bgr', f(0)],
  ['mosaic', f(1)],
  ['mixup', f(0)],
  ['cutmix', f(0)],
  ['copy_paste', f(0)],
  ['copy_paste_mode', 'flip'],
  ['auto_augment', 'randaugment'],
  ['erasing', f(0.4)],
  ['cfg', null],
  ['tracker', 'botsort.yaml'],
];

export const defaultConfig: ReadonlyMap<string, PyValue> = new Map(defaultConfigEntries);

/** A fresh, mutable copy of the defaults in their order. */
export function buildDefaultConfig(): Map<string, PyValue> {
  return new Map(defaultConfigEntries);
}

// The argument checks of ultralytics/cfg/__init__.py (check_cfg), as of the same release.

/** Integer or float arguments, i.e. x=2 and x=2.0. */
export const cfgFloatKeys: ReadonlySet<string> = new Set([
  'warmup_epochs', 'box', 'cls', 'dfl', 'degrees', 'shear', 'time', 'workspace', 'batch',
]);

/** Fractional float arguments with 0.0 <= value <= 1.0. */
export const cfgFractionKeys: ReadonlySet<string> = new Set([
  'dropout', 'lr0', 'lrf', 'momentum', 'weight_decay', 'warmup_momentum', 'warmup_bias_lr', 'hsv_h', 'hsv_s',
  'hsv_v', 'translate', 'scale', 'perspective', 'flipud', 'fliplr', 'bgr', 'mosaic', 'mixup', 'cutmix',
  'copy_paste', 'conf', 'iou', 'fraction', 'multi_scale',
]);

/** Integer-only arguments. */
export const cfgIntKeys: ReadonlySet<string> = new Set([
  'epochs', 'patience', 'workers', 'seed', 'close_mosaic', 'mask_ratio', 'max_det', 'vid_stride', 'line_width',
  'nbs', 'save_period',
]);

/** Boolean-only arguments. */
export const cfgBoolKeys: ReadonlySet<string> = new Set([
  'save', 'exist_ok', 'verbose', 'deterministic', 'single_cls', 'rect', 'cos_lr', 'overlap_mask', 'val',
  'save_json', 'half', 'dnn', 'plots', 'show', 'save_txt', 'save_conf', 'save_crop', 'save_frames',
  'show_labels', 'show_conf', 'visualize', 'augment', 'agnostic_nms', 'retina_masks', 'show_boxes', 'keras',
  'optimize', 'int8', 'dynamic', 'simplify', 'nms', 'profile', 'end2end',
]);

export const yoloTasks = ['detect', 'segment', 'classify', 'pose', 'obb'] as const;
export type YoloTask = (typeof yoloTasks)[number];

export const yoloModes = ['train', 'val', 'predict', 'export', 'track', 'benchmark'] as const;
export type YoloMode = (typeof yoloModes)[number];

export function isYoloTask(value: unknown): value is YoloTask {
  return typeof value === 'string' && (yoloTasks as readonly string[]).includes(value);
}

export function isYoloMode(value: unknown): value is YoloMode {
  return typeof value === 'string' && (yoloModes as readonly string[]).includes(value);
}

export const taskToModel: Readonly<Record<YoloTask, string>> = {
  detect: 'yolo26n.pt',
  segment: 'yolo26n-seg.pt',
  classify: 'yolo26n-cls.pt',
  pose: 'yolo26n-pose.pt',
  obb: 'yolo26n-obb.pt',
};

export const taskToData: Readonly<Record<YoloTask, string>> = {
  detect: 'coco8.yaml',
  segment: 'coco8-seg.yaml',
  classify: 'imagenet10',
  pose: 'coco8-pose.yaml',
  obb: 'dota8.yaml',
};

/** The results.csv column Ultralytics ranks runs by, per task. */
export const taskToMetric: Readonly<Record<YoloTask, string>> = {
  detect: 'metrics/mAP50-95(B)',
  segment: 'metrics/mAP50-95(M)',
  classify: 'metrics/accuracy_top1',
  pose: 'metrics/mAP50-95(P)',
  obb: 'metrics/mAP50-95(B)',
};

const solutionNames = [
  'count', 'crop', 'blur', 'workout', 'heatmap', 'isegment', 'visioneye', 'speed', 'queue', 'analytics',
  'inference', 'trackzone', 'region', 'security', 'parking',
];

/** Ultralytics' CLI_HELP_MSG, which it appends to every argument error. */
export function buildCliHelpMessage(argv: readonly string[]): string {
  return `
    Arguments received: ${pyListRepr(['yolo', ...argv])}. Ultralytics 'yolo' commands use the following syntax:

        yolo TASK MODE ARGS

        Where   TASK (optional) is one of ${pyListRepr([...yoloTasks])}
                MODE (required) is one of ${pyListRepr([...yoloModes])}
                ARGS (optional) are any number of custom 'arg=value' pairs like 'imgsz=320' that override defaults.
                    See all ARGS at https://docs.ultralytics.com/usage/cfg or with 'yolo cfg'

    1. Train a detection model for 10 epochs with an initial learning_rate of 0.01
        yolo train data=coco8.yaml model=yolo26n.pt epochs=10 lr0=0.01

    2. Predict a YouTube video using a pretrained segmentation model at image size 320:
        yolo predict model=yolo26n-seg.pt source='https://youtu.be/LNwODJXcvt4' imgsz=320

    3. Validate a pretrained detection model at batch-size 1 and image size 640:
        yolo val model=yolo26n.pt data=coco8.yaml batch=1 imgsz=640

    4. Export a YOLO26n classification model to ONNX format at image size 224 by 128 (no TASK required)
        yolo export model=yolo26n-cls.pt format=onnx imgsz=224,128

    5. Ultralytics solutions usage
        yolo solutions count or any of ${pyListRepr(solutionNames.slice(1))} source="path/to/video.mp4"

    6. Run special commands:
        yolo help
        yolo checks
        yolo version
        yolo settings
        yolo copy-cfg
        yolo cfg
        yolo solutions help

    Docs: https://docs.ultralytics.com
    Solutions: https://docs.ultralytics.com/solutions/
    Community: https://community.ultralytics.com
    GitHub: https://github.com/ultralytics/ultralytics
    `;
}
