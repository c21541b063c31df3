import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { buildCfg } from './check-cfg.ts';
import { buildExportArtifact, checkpointOverrides } from './checkpoint.ts';
import { buildVersionLine } from './console-format.ts';
import { defaultConfig, ultralyticsVersion } from './default-config.ts';
import type { YoloTask } from './default-config.ts';
import { buildExportPlan, resolveExportFormat, validateExportArguments } from './export-formats.ts';
import type { LoadedModel } from './model-loader.ts';
import { buildModelSummary } from './model-name.ts';
import { formatFixed } from './python-format.ts';
import { isPyTuple, pyNumber, pyStr } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { logInfo, logWarning } from './run-context.ts';
import type { RunContext } from './run-context.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';

// `yolo export`: Ultralytics' exporter output and the files it leaves next to the weights
// (best.onnx, best_openvino_model/, best.engine, …). The files are placeholders that name their
// format and source; the console lines are the real ones.

export interface ExportRequest {
  model: LoadedModel;
  overrides: ReadonlyMap<string, PyValue>;
}

const nominalWeightsMb: Readonly<Record<string, number>> = { n: 5.3, s: 19.7, m: 42.5, l: 51.3, x: 114.6 };

function imageSize(value: PyValue | undefined): [number, number] {
  const items = Array.isArray(value) ? value : isPyTuple(value) ? value.items : [value ?? 640];
  const numbers = items.map((item) => Math.max(32, Math.ceil((pyNumber(item ?? 640) ?? 640) / 32) * 32));
  return numbers.length === 1 ? [numbers[0] as number, numbers[0] as number] : [numbers[0] as number, numbers[1] as number];
}

function tuple(values: readonly number[]): string {
  return `(${values.join(', ')})`;
}

/** The model's output shape(s) as the exporter prints them. */
export function buildOutputShape(task: YoloTask, endToEnd: boolean, nc: number, batch: number, [h, w]: [number, number]): string {
  const anchors = [8, 16, 32].reduce((sum, stride) => sum + (h / stride) * (w / stride), 0);
  const proto = tuple([batch, 32, h / 4, w / 4]);
  const keypoints = 17 * 3;
  switch (task) {
    case 'classify':
      return tuple([batch, nc]);
    case 'detect':
      return endToEnd ? tuple([batch, 300, 6]) : tuple([batch, 4 + nc, anchors]);
    case 'segment':
      return `(${endToEnd ? tuple([batch, 300, 38]) : tuple([batch, 4 + nc + 32, anchors])}, ${proto})`;
    case 'pose':
      return endToEnd ? tuple([batch, 300, 6 + keypoints]) : tuple([batch, 4 + nc + keypoints, anchors]);
    case 'obb':
      return endToEnd ? tuple([batch, 300, 7]) : tuple([batch, 4 + nc + 1, anchors]);
  }
}

function sizeMb(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (stat.isFile()) return stat.size / 1e6;
  return readdirSync(target, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size / 1e6, 0);
}

export async function runExport(context: RunContext, request: ExportRequest): Promise<void> {
  const { config } = context;
  const model = request.model;
  const started = context.io.now();
  // Model.export(): checkpoint imgsz, batch=1, data/device unset, quiet, then the command line.
  const merged = checkpointOverrides(model.checkpoint);
  merged.set('model', model.argument);
  merged.set('task', model.task);
  merged.set('batch', 1);
  merged.set('data', null);
  merged.set('device', null);
  merged.set('verbose', false);
  for (const [key, value] of request.overrides) merged.set(key, value);
  merged.set('mode', 'export');
  const { cfg } = buildCfg(defaultConfig, merged);

  const resolved = resolveExportFormat(pyStr(cfg.get('format') ?? 'torchscript'));
  if (resolved.warning) logWarning(context, resolved.warning);
  const spec = resolved.spec;
  let device = cfg.get('device') === null || cfg.get('device') === undefined ? null : pyStr(cfg.get('device') ?? null);
  if (spec.argument === 'engine' && device === null) {
    logWarning(context, 'TensorRT requires GPU export, automatically assigning device=0');
    device = '0';
  }
  const onCpu = device === null || device.toLowerCase() === 'cpu';
  if (spec.argument === 'engine' && onCpu) {
    throw new YoloError('AssertionError', "export running on CPU but must be on GPU, i.e. use 'device=0'", {
      frames: [ultralyticsFrame('engine/exporter.py', 860, 'export_engine', `assert self.im.device.type != "cpu", "export running on CPU but must be on GPU, i.e. use 'device=0'"`)],
    });
  }
  let half = cfg.get('half') === true;
  const int8 = cfg.get('int8') === true;
  const batch = Math.max(1, Math.trunc(pyNumber(cfg.get('batch') ?? 1) ?? 1));
  validateExportArguments(spec, {
    half,
    int8,
    dynamic: cfg.get('dynamic') === true,
    keras: cfg.get('keras') === true,
    nms: cfg.get('nms') === true,
    batch,
    fraction: pyNumber(cfg.get('fraction') ?? 1) ?? 1,
  });
  if (half && int8) {
    logWarning(context, 'half=True and int8=True are mutually exclusive, setting half=False.');
    half = false;
  }
  if (half && spec.argument === 'onnx' && onCpu) {
    logWarning(context, 'half=True only compatible with GPU export, i.e. use device=0');
    half = false;
  }

  const size = imageSize(cfg.get('imgsz'));
  const names = model.checkpoint ? Object.values(model.checkpoint.names) : [];
  const nc = names.length > 0 ? names.length : model.task === 'classify' ? 1000 : model.task === 'obb' ? 15 : model.task === 'pose' ? 1 : 80;
  const endToEnd = model.family === 'yolo26' && cfg.get('end2end') !== false;
  const weightsMb = model.path ? sizeMb(model.path) : (nominalWeightsMb[model.scale] ?? 5.3);

  logInfo(context, buildVersionLine(device ?? 'cpu'));
  logInfo(context, buildModelSummary(model, true));
  logInfo(
    context,
    `\nPyTorch: starting from '${model.argument}' with input shape ${tuple([batch, 3, ...size])} BCHW and output shape(s) ${buildOutputShape(model.task, endToEnd, nc, batch, size)} (${formatFixed(weightsMb, 1)} MB)`,
  );

  const meta = {
    description: `Ultralytics ${model.architecture.replace(/^yolo/i, 'YOLO')} model trained on ${pyStr(model.checkpoint?.trainArgs['data'] ?? null)}`,
    author: 'Ultralytics',
    date: new Date().toISOString(),
    version: ultralyticsVersion,
    license: 'AGPL-3.0 License (https://ultralytics.com/license)',
    docs: 'https://docs.ultralytics.com',
    stride: 32,
    task: model.task,
    batch,
    imgsz: size,
    names: Object.fromEntries(names.map((name, index) => [index, name])),
    end2end: endToEnd,
    'yolo-stand-in': true,
  };
  const plan = buildExportPlan(spec, { weights: model.argument, int8, half, name: cfg.get('name') === null ? undefined : pyStr(cfg.get('name') ?? null) });
  for (const step of plan) {
    const stepStart = context.io.now();
    logInfo(context, `\n${step.spec.prefix} starting export with ${step.spec.tool}...`);
    if (step.spec.argument === 'onnx' && cfg.get('simplify') !== false) logInfo(context, `${step.spec.prefix} slimming with onnxslim 0.1.71...`);
    const target = path.resolve(config.cwd, step.output);
    if (step.folder) {
      for (const file of step.files) {
        const full = path.join(target, file);
        mkdirSync(path.dirname(full), { recursive: true });
        const content = file === 'metadata.yaml' ? Buffer.from(stringifyYaml(meta)) : buildExportArtifact(step.spec.argument, file, { task: model.task, source: model.argument });
        writeFileSync(full, content);
      }
    } else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, buildExportArtifact(step.spec.argument, path.basename(target), { ...meta, source: model.argument }));
    }
    const seconds = (context.io.now() - stepStart) / 1000;
    logInfo(context, `${step.spec.prefix} export success ✅ ${formatFixed(seconds, 1)}s, saved as '${step.output}' (${formatFixed(sizeMb(target), 1)} MB)`);
  }

  const final = plan.at(-1)?.output ?? model.argument;
  const quantization = int8 ? 'int8' : half ? 'half' : '';
  const imgszText = size[0] === size[1] ? String(size[0]) : `${size[0]},${size[1]}`;
  const nonSquare = size[0] === size[1] ? '' : `WARNING ⚠️ non-PyTorch val requires square images, 'imgsz=[${size.join(', ')}]' will not work. Use export 'imgsz=${Math.max(...size)}' if val is required.`;
  const data = model.checkpoint?.trainArgs['data'];
  const dataText = data === undefined || data === null ? '' : `data=${pyStr(data)}`;
  logInfo(
    context,
    `\nExport complete (${formatFixed((context.io.now() - started) / 1000, 1)}s)\n` +
      `Results saved to ${path.dirname(path.resolve(config.cwd, model.argument))}\n` +
      `Predict:         yolo predict task=${model.task} model=${final} imgsz=${imgszText} ${quantization}\n` +
      `Validate:        yolo val task=${model.task} model=${final} imgsz=${imgszText} ${dataText} ${quantization} ${nonSquare}\n` +
      'Visualize:       https://netron.app',
  );
  logInfo(context, '💡 Learn more at https://docs.ultralytics.com/modes/export');
}
