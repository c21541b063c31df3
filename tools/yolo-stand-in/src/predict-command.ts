import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveRecordedDevice } from './args-yaml.ts';
import { buildCfg } from './check-cfg.ts';
import { buildSpeedLine, buildVersionLine } from './console-format.ts';
import { defaultConfig } from './default-config.ts';
import { createRandom } from './learning-curve.ts';
import type { LoadedModel } from './model-loader.ts';
import { buildModelSummary } from './model-name.ts';
import { formatFixed, roundTo } from './python-format.ts';
import { pyNumber, pyStr } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { logInfo } from './run-context.ts';
import type { RunContext } from './run-context.ts';
import { resolveSaveDir } from './save-dir.ts';
import { YoloError } from './yolo-error.ts';

// `yolo predict`: one line per image with made-up detections, the images copied into
// runs/<task>/predict (the stand-in cannot draw boxes), and the speed summary.

export interface PredictRequest {
  model: LoadedModel;
  overrides: ReadonlyMap<string, PyValue>;
}

const imageExtensions = new Set(['.bmp', '.dng', '.jpeg', '.jpg', '.mpo', '.png', '.tif', '.tiff', '.webp', '.pfm', '.heic']);

function listSourceImages(source: string): string[] {
  if (!existsSync(source)) {
    throw new YoloError('FileNotFoundError', `${source} does not exist`);
  }
  if (statSync(source).isFile()) return [source];
  return readdirSync(source)
    .filter((name) => imageExtensions.has(path.extname(name).toLowerCase()))
    .sort()
    .map((name) => path.join(source, name));
}

export async function runPredict(context: RunContext, request: PredictRequest): Promise<void> {
  const { config } = context;
  const model = request.model;
  const merged = new Map<string, PyValue>([['model', model.argument], ['task', model.task], ['save', true]]);
  for (const [key, value] of request.overrides) merged.set(key, value);
  merged.set('mode', 'predict');
  const { cfg } = buildCfg(defaultConfig, merged);
  const source = path.resolve(config.cwd, pyStr(cfg.get('source') ?? ''));
  const images = listSourceImages(source);
  const names = model.checkpoint ? Object.values(model.checkpoint.names) : ['object'];
  const imgsz = Math.trunc(pyNumber(cfg.get('imgsz') ?? 640) ?? 640);
  const saveDirText = resolveSaveDir(cfg, { runsDir: config.runsDir, exists: (candidate) => existsSync(path.resolve(config.cwd, candidate)) });
  const saveDir = path.resolve(config.cwd, saveDirText);
  if (cfg.get('save') !== false) mkdirSync(saveDir, { recursive: true });

  logInfo(context, buildVersionLine(resolveRecordedDevice(cfg.get('device'), config.cudaVisibleDevices)));
  logInfo(context, buildModelSummary(model, true));
  logInfo(context, '');
  const random = createRandom(images.length + names.length);
  images.forEach((image, index) => {
    const found = new Map<string, number>();
    const count = Math.floor(random() * 4);
    for (let n = 0; n < count; n += 1) {
      const name = names[Math.floor(random() * names.length)] ?? 'object';
      found.set(name, (found.get(name) ?? 0) + 1);
    }
    const summary = found.size === 0 ? '(no detections)' : [...found].map(([name, n]) => `${n} ${name}${n > 1 ? 's' : ''}`).join(', ') + ',';
    logInfo(context, `image ${index + 1}/${images.length} ${image}: ${imgsz}x${imgsz} ${summary} ${formatFixed(roundTo(5 + random() * 4, 1), 1)}ms`);
    if (cfg.get('save') !== false) copyFileSync(image, path.join(saveDir, path.basename(image)));
  });
  logInfo(context, `${buildSpeedLine(1.5, 6.2, 0, 1.1).replace(' 0.0ms loss,', '')} at shape (1, 3, ${imgsz}, ${imgsz})`);
  if (cfg.get('save') !== false) logInfo(context, `Results saved to ${saveDirText}`);
  logInfo(context, '💡 Learn more at https://docs.ultralytics.com/modes/predict');
}
