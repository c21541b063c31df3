import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { resolveRecordedDevice } from './args-yaml.ts';
import { buildCfg } from './check-cfg.ts';
import { buildProgressBar, buildValidationHeader, buildVersionLine } from './console-format.ts';
import { loadDataset } from './dataset.ts';
import { defaultConfig } from './default-config.ts';
import { checkpointOverrides } from './checkpoint.ts';
import { simulateTraining } from './learning-curve.ts';
import type { LoadedModel } from './model-loader.ts';
import { buildModelSummary } from './model-name.ts';
import { pyNumber, pyStr } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { buildMetricKeys } from './results-csv.ts';
import { logInfo } from './run-context.ts';
import type { RunContext } from './run-context.ts';
import { resolveSaveDir } from './save-dir.ts';
import { buildValidationReport } from './validation-report.ts';

// `yolo val`: the validator's console output and its run folder (runs/<task>/val, val2, …). The
// numbers are the checkpoint's own final metrics when it is a stand-in checkpoint, so validating
// the best.pt of a run prints what that run reported.

export interface ValRequest {
  model: LoadedModel;
  overrides: ReadonlyMap<string, PyValue>;
}

export async function runVal(context: RunContext, request: ValRequest): Promise<void> {
  const { config } = context;
  const model = request.model;
  // Model.val(): checkpoint args, rect=True, then the command line.
  const merged = checkpointOverrides(model.checkpoint);
  merged.set('model', model.argument);
  merged.set('task', model.task);
  merged.set('rect', true);
  for (const [key, value] of request.overrides) merged.set(key, value);
  merged.set('mode', 'val');
  const { cfg } = buildCfg(defaultConfig, merged);
  const task = model.task;
  const dataset = loadDataset(pyStr(cfg.get('data') ?? ''), task, { cwd: config.cwd, datasetsDir: config.datasetsDir });
  const saveDirText = resolveSaveDir(cfg, { runsDir: config.runsDir, exists: (candidate) => existsSync(path.resolve(config.cwd, candidate)) });
  mkdirSync(path.resolve(config.cwd, saveDirText), { recursive: true });

  const seed = Math.trunc(pyNumber(cfg.get('seed') ?? 0) ?? 0);
  const names = model.checkpoint && Object.keys(model.checkpoint.names).length > 0 ? Object.values(model.checkpoint.names) : dataset.names;
  const metricKeys = buildMetricKeys(task);
  const fromCheckpoint = model.checkpoint?.trainMetrics ?? {};
  const metrics = metricKeys.every((key) => typeof fromCheckpoint[key] === 'number')
    ? fromCheckpoint
    : (simulateTraining({ task, family: model.family, epochs: 100, seed, nc: names.length }).at(-1)?.metrics ?? {});

  const device = resolveRecordedDevice(cfg.get('device'), config.cudaVisibleDevices);
  logInfo(context, buildVersionLine(device));
  logInfo(context, buildModelSummary(model, true));
  const batch = Math.max(1, Math.trunc(pyNumber(cfg.get('batch') ?? 16) ?? 16));
  const started = context.io.now();
  await context.io.sleep(config.secondsPerEpoch * 300);
  logInfo(context, buildProgressBar(`val: Scanning ${dataset.yamlPath ? path.dirname(dataset.yamlPath) : config.datasetsDir}... ${dataset.valImages} images, 0 backgrounds, 0 corrupt`, dataset.valImages, 0.01));
  logInfo(context, buildProgressBar(buildValidationHeader(task), Math.max(1, Math.ceil(dataset.valImages / batch)), (context.io.now() - started) / 1000));
  for (const line of buildValidationReport({ task, names, images: dataset.valImages, instances: dataset.valInstances, metrics, seed, perClass: cfg.get('verbose') !== false })) {
    logInfo(context, line);
  }
  if (cfg.get('plots') !== false || cfg.get('save_json') === true) logInfo(context, `Results saved to ${saveDirText}`);
  logInfo(context, '💡 Learn more at https://docs.ultralytics.com/modes/val');
}
