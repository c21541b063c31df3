import path from 'node:path';
import { getCloseMatches } from './close-matches.ts';
import { pyStrRepr } from './python-value.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';

// Ultralytics' export formats (engine/exporter.py `export_formats()`): the argument, where the
// output lands next to the weights, which export arguments each accepts, and the log prefix.
// Pure: `buildExportPlan` says which files and folders to write; the command writes them.

export interface ExportFormatSpec {
  label: string;
  argument: string;
  /** `.onnx` for a file next to the weights, `_openvino_model` for a folder. */
  suffix: string;
  /** Export arguments this format accepts when set to a non-default value. */
  acceptedArguments: readonly string[];
  /** The log prefix, e.g. `ONNX:`. */
  prefix: string;
  /** What the real exporter reports it starts with. */
  tool: string;
}

export const exportFormatSpecs: readonly ExportFormatSpec[] = [
  { label: 'TorchScript', argument: 'torchscript', suffix: '.torchscript', acceptedArguments: ['batch', 'optimize', 'half', 'nms', 'dynamic'], prefix: 'TorchScript:', tool: 'torch 2.9.1+cu128' },
  { label: 'ONNX', argument: 'onnx', suffix: '.onnx', acceptedArguments: ['batch', 'dynamic', 'half', 'opset', 'simplify', 'nms'], prefix: 'ONNX:', tool: 'onnx 1.19.1 opset 22' },
  { label: 'OpenVINO', argument: 'openvino', suffix: '_openvino_model', acceptedArguments: ['batch', 'dynamic', 'half', 'int8', 'nms', 'fraction'], prefix: 'OpenVINO:', tool: 'openvino 2025.3.0' },
  { label: 'TensorRT', argument: 'engine', suffix: '.engine', acceptedArguments: ['batch', 'dynamic', 'half', 'int8', 'simplify', 'nms', 'fraction'], prefix: 'TensorRT:', tool: 'TensorRT 10.13.3.9' },
  { label: 'CoreML', argument: 'coreml', suffix: '.mlpackage', acceptedArguments: ['batch', 'half', 'int8', 'nms'], prefix: 'CoreML:', tool: 'coremltools 8.3.0' },
  { label: 'TensorFlow SavedModel', argument: 'saved_model', suffix: '_saved_model', acceptedArguments: ['batch', 'int8', 'keras', 'nms'], prefix: 'TensorFlow SavedModel:', tool: 'tensorflow 2.19.0' },
  { label: 'TensorFlow GraphDef', argument: 'pb', suffix: '.pb', acceptedArguments: ['batch'], prefix: 'TensorFlow GraphDef:', tool: 'tensorflow 2.19.0' },
  { label: 'TensorFlow Lite', argument: 'tflite', suffix: '.tflite', acceptedArguments: ['batch', 'half', 'int8', 'nms', 'fraction'], prefix: 'TensorFlow Lite:', tool: 'tensorflow 2.19.0' },
  { label: 'TensorFlow Edge TPU', argument: 'edgetpu', suffix: '_edgetpu.tflite', acceptedArguments: [], prefix: 'Edge TPU:', tool: 'Edge TPU compiler 16.0.384591198' },
  { label: 'TensorFlow.js', argument: 'tfjs', suffix: '_web_model', acceptedArguments: ['batch', 'half', 'int8', 'nms'], prefix: 'TensorFlow.js:', tool: 'tensorflowjs 4.22.0' },
  { label: 'PaddlePaddle', argument: 'paddle', suffix: '_paddle_model', acceptedArguments: ['batch'], prefix: 'PaddlePaddle:', tool: 'X2Paddle 1.6.0' },
  { label: 'MNN', argument: 'mnn', suffix: '.mnn', acceptedArguments: ['batch', 'half', 'int8'], prefix: 'MNN:', tool: 'MNN 3.2.2' },
  { label: 'NCNN', argument: 'ncnn', suffix: '_ncnn_model', acceptedArguments: ['batch', 'half'], prefix: 'NCNN:', tool: 'NCNN 1.0.20250503' },
  { label: 'IMX', argument: 'imx', suffix: '_imx_model', acceptedArguments: ['int8', 'fraction', 'nms'], prefix: 'IMX:', tool: 'model-compression-toolkit 2.4.2' },
  { label: 'RKNN', argument: 'rknn', suffix: '_rknn_model', acceptedArguments: ['batch', 'name'], prefix: 'RKNN:', tool: 'rknn-toolkit2 2.3.2' },
  { label: 'ExecuTorch', argument: 'executorch', suffix: '_executorch_model', acceptedArguments: ['batch'], prefix: 'ExecuTorch:', tool: 'executorch 1.0.0' },
  { label: 'Axelera', argument: 'axelera', suffix: '_axelera_model', acceptedArguments: ['batch', 'int8', 'fraction'], prefix: 'Axelera:', tool: 'axelera-voyager-sdk 1.4.0' },
];

const aliases: Readonly<Record<string, string>> = {
  tensorrt: 'engine',
  trt: 'engine',
  mlmodel: 'coreml',
  mlpackage: 'coreml',
  mlprogram: 'coreml',
  apple: 'coreml',
  ios: 'coreml',
};

export interface ResolvedExportFormat {
  spec: ExportFormatSpec;
  /** Set when Ultralytics corrected a misspelt format (`onx` → `onnx`). */
  warning?: string;
}

const formatTupleRepr = () => `(${exportFormatSpecs.map((spec) => pyStrRepr(spec.argument)).join(', ')})`;

/** The exporter's format check: aliases, a 60%-similar correction, else a ValueError. */
export function resolveExportFormat(requested: string): ResolvedExportFormat {
  const lower = requested.toLowerCase();
  const name = aliases[lower] ?? lower;
  const exact = exportFormatSpecs.find((spec) => spec.argument === name);
  if (exact) return { spec: exact };
  const [match] = getCloseMatches(name, exportFormatSpecs.map((spec) => spec.argument), 1, 0.6);
  const spec = exportFormatSpecs.find((candidate) => candidate.argument === match);
  if (spec) return { spec, warning: `Invalid export format='${name}', updating to format='${spec.argument}'` };
  const reason = name === 'pt' ? 'Model is already in PyTorch format.' : `Invalid export format='${name}'.`;
  throw new YoloError('ValueError', `${reason} Valid formats are ${formatTupleRepr()}`, {
    frames: [ultralyticsFrame('engine/exporter.py', 254, '__call__', 'raise ValueError(f"{msg} Valid formats are {fmts}")')],
  });
}

export interface ExportArgumentValues {
  half: boolean;
  int8: boolean;
  dynamic: boolean;
  keras: boolean;
  nms: boolean;
  batch: number;
  fraction: number;
}

const exportArgumentDefaults: ExportArgumentValues = { half: false, int8: false, dynamic: false, keras: false, nms: false, batch: 1, fraction: 1 };

/** The exporter's `validate_args`: a non-default export argument the format does not take is an error. */
export function validateExportArguments(spec: ExportFormatSpec, values: ExportArgumentValues): void {
  for (const key of Object.keys(exportArgumentDefaults) as (keyof ExportArgumentValues)[]) {
    if (values[key] !== exportArgumentDefaults[key] && !spec.acceptedArguments.includes(key)) {
      throw new YoloError('AssertionError', `ERROR ❌️ argument '${key}' is not supported for format='${spec.argument}'`, {
        frames: [ultralyticsFrame('engine/exporter.py', 180, 'validate_args', `assert arg in valid_args, f"ERROR ❌️ argument '{arg}' is not supported for format='{format}'"`)],
      });
    }
  }
}

export interface ExportStep {
  spec: ExportFormatSpec;
  /** The file or folder this step produces, in the form the weights path was given. */
  output: string;
  /** Files to write, relative to `output` when it is a folder ('' for `output` itself). */
  files: readonly string[];
  folder: boolean;
}

export interface ExportPlanOptions {
  /** The weights path as given (`runs/detect/train/weights/best.pt`). */
  weights: string;
  int8: boolean;
  half: boolean;
  /** RKNN processor name (the `name` argument), default rk3588. */
  name?: string;
}

function stepOf(argument: string, output: string, files: readonly string[], folder: boolean): ExportStep {
  const spec = exportFormatSpecs.find((candidate) => candidate.argument === argument) as ExportFormatSpec;
  return { spec, output, files, folder };
}

/** Every artefact a format's export writes, prerequisites first (TensorRT builds ONNX first, …). */
export function buildExportPlan(spec: ExportFormatSpec, options: ExportPlanOptions): ExportStep[] {
  const dir = path.dirname(options.weights);
  const stem = path.basename(options.weights).replace(/\.[^.]*$/, '');
  // pathlib drops a leading './', as path.join does.
  const at = (name: string) => (dir === '.' ? name : path.join(dir, name));
  const quant = options.int8 ? 'int8' : options.half ? 'float16' : 'float32';
  const onnx = stepOf('onnx', at(`${stem}.onnx`), [''], false);
  const savedModelFiles = [
    'saved_model.pb', 'variables/variables.index', 'variables/variables.data-00000-of-00001', 'metadata.yaml',
    `${stem}_float32.tflite`, `${stem}_float16.tflite`, ...(options.int8 ? [`${stem}_int8.tflite`, `${stem}_full_integer_quant.tflite`] : []),
  ];
  const savedModel = stepOf('saved_model', at(`${stem}_saved_model`), savedModelFiles, true);
  const metadata = ['metadata.yaml'];
  switch (spec.argument) {
    case 'onnx':
      return [onnx];
    case 'torchscript':
      return [stepOf('torchscript', at(`${stem}.torchscript`), [''], false)];
    case 'openvino':
      return [stepOf('openvino', at(`${stem}${options.int8 ? '_int8' : ''}_openvino_model`), [`${stem}.xml`, `${stem}.bin`, ...metadata], true)];
    case 'engine':
      return [onnx, stepOf('engine', at(`${stem}.engine`), [''], false)];
    case 'coreml':
      return [stepOf('coreml', at(`${stem}.mlpackage`), ['Manifest.json', 'Data/com.apple.CoreML/model.mlmodel', 'Data/com.apple.CoreML/weights/weight.bin'], true)];
    case 'saved_model':
      return [onnx, savedModel];
    case 'pb':
      return [onnx, savedModel, stepOf('pb', at(`${stem}.pb`), [''], false)];
    case 'tflite':
      return [onnx, savedModel, stepOf('tflite', path.join(savedModel.output, `${stem}_${quant}.tflite`), [''], false)];
    case 'edgetpu':
      return [onnx, savedModel, stepOf('edgetpu', path.join(savedModel.output, `${stem}_full_integer_quant_edgetpu.tflite`), [''], false)];
    case 'tfjs':
      return [onnx, savedModel, stepOf('pb', at(`${stem}.pb`), [''], false), stepOf('tfjs', at(`${stem}_web_model`), ['model.json', 'group1-shard1of1.bin', ...metadata], true)];
    case 'paddle':
      return [stepOf('paddle', at(`${stem}_paddle_model`), ['model.pdmodel', 'model.pdiparams', ...metadata], true)];
    case 'mnn':
      return [onnx, stepOf('mnn', at(`${stem}.mnn`), [''], false)];
    case 'ncnn':
      return [stepOf('ncnn', at(`${stem}_ncnn_model`), ['model.ncnn.param', 'model.ncnn.bin', 'model_ncnn.py', ...metadata], true)];
    case 'imx':
      return [stepOf('imx', at(`${stem}_imx_model`), [`${stem}_imx.onnx`, 'packerOut.zip', 'labels.txt', ...metadata], true)];
    case 'rknn':
      return [onnx, stepOf('rknn', at(`${stem}_rknn_model`), [`${stem}-${options.name ?? 'rk3588'}.rknn`, ...metadata], true)];
    case 'executorch':
      return [stepOf('executorch', at(`${stem}_executorch_model`), [`${stem}.pte`, ...metadata], true)];
    case 'axelera':
      return [onnx, stepOf('axelera', at(`${stem}_axelera_model`), [`${stem}.axm`, ...metadata], true)];
    default:
      return [stepOf(spec.argument, at(`${stem}${spec.suffix}`), [''], false)];
  }
}
