import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildArgsYaml, finalizeTrainArgs, resolveRecordedDevice } from './args-yaml.ts';
import { buildCfg } from './check-cfg.ts';
import { buildCheckpoint, checkpointOverrides, parseCheckpoint } from './checkpoint.ts';
import { buildEpochHeader, buildEpochProgress, buildProgressBar, buildValidationHeader, buildVersionLine } from './console-format.ts';
import { loadDataset } from './dataset.ts';
import type { DatasetInfo } from './dataset.ts';
import { defaultConfig, taskToData, ultralyticsVersion } from './default-config.ts';
import type { YoloTask } from './default-config.ts';
import { chooseBatchSize, estimateGpuMemoryGb, isCpuDevice } from './gpu-simulation.ts';
import { createRandom, simulateTraining } from './learning-curve.ts';
import type { SimulatedEpoch } from './learning-curve.ts';
import { resolveOptimizer } from './lr-schedule.ts';
import type { LoadedModel } from './model-loader.ts';
import { buildModelSummary } from './model-name.ts';
import { formatFixed } from './python-format.ts';
import { isPyTuple, pyFloatRepr, pyNumber, pyStr } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { buildLossNames, buildMetricKeys, buildResultsCsvColumns, formatResultsCsvRow } from './results-csv.ts';
import { renderResultsChart } from './results-chart.ts';
import { corruptResultsCsv } from './results-csv-fault.ts';
import { resolveResumeCheckpoint } from './resume-checkpoint.ts';
import type { ResumeCheckpoint } from './resume-checkpoint.ts';
import { logInfo, logWarning } from './run-context.ts';
import type { RunContext } from './run-context.ts';
import { resolveSaveDir } from './save-dir.ts';
import { buildCudaOutOfMemoryError, buildDataLoaderFailure, buildNanRecoveryError, trainFrames } from './training-failures.ts';
import { buildValidationReport } from './validation-report.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';

// `yolo train`: the trainer's console output, run folder and files, epoch by epoch, with the
// test knobs (generic failure, CUDA OOM, NaN losses) injected where a real run would hit them.

export interface TrainRequest {
  model: LoadedModel;
  /** Command-line overrides (without task and mode). */
  overrides: ReadonlyMap<string, PyValue>;
}

// Arguments a resumed run may change (BaseTrainer.check_resume).
const resumeOverridableKeys = [
  'imgsz', 'batch', 'device', 'close_mosaic', 'augmentations', 'save_period', 'workers', 'cache', 'patience', 'time', 'freeze', 'val', 'plots', 'save_dir',
];

const truthy = (value: PyValue | undefined) => value !== undefined && value !== null && value !== false && value !== '' && value !== 0;

function numberArg(cfg: ReadonlyMap<string, PyValue>, key: string): number {
  const value = pyNumber(cfg.get(key) ?? null);
  return value ?? (pyNumber(defaultConfig.get(key) ?? null) as number);
}

function imgszOf(cfg: ReadonlyMap<string, PyValue>): number {
  const value = cfg.get('imgsz') ?? 640;
  // Training takes one size: the largest of a list, as check_imgsz(max_dim=1) does.
  const items = Array.isArray(value) ? value : isPyTuple(value) ? value.items : [value];
  const size = Math.max(...items.map((item: PyValue) => pyNumber(item) ?? 640));
  // check_imgsz: a multiple of the stride (32), at least 32.
  return Math.max(32, Math.ceil(size / 32) * 32);
}

function seedOf(cfg: ReadonlyMap<string, PyValue>): number {
  return Math.trunc(pyNumber(cfg.get('seed') ?? 0) ?? 0);
}

function writeProgress(file: string | undefined, epoch: number, epochs: number): void {
  if (file === undefined) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${epoch}/${epochs}`);
}

function mb(file: string): string {
  return formatFixed(statSync(file).size / 1e6, 1);
}

interface TrainCfg {
  cfg: Map<string, PyValue>;
  /** Everything the command line and model said, before a resume replaced it. */
  merged: ReadonlyMap<string, PyValue>;
  resume: ResumeCheckpoint | undefined;
}

// Model.train(): the checkpoint's data/imgsz/task/single_cls, then data/model/task, then the command
// line; `get_cfg` checks it all. A resumed run takes the checkpoint's own args instead, keeping only
// the few the trainer lets a resume change.
function buildTrainCfg(context: RunContext, request: TrainRequest): TrainCfg {
  const { model } = request;
  const merged = checkpointOverrides(model.checkpoint);
  merged.set('data', request.overrides.get('data') ?? merged.get('data') ?? taskToData[model.task]);
  merged.set('model', model.argument);
  merged.set('task', model.task);
  for (const [key, value] of request.overrides) merged.set(key, value);
  merged.set('mode', 'train');
  const built = buildCfg(defaultConfig, merged);
  for (const warning of built.warnings) logWarning(context, warning);
  if (!truthy(built.cfg.get('resume'))) return { cfg: built.cfg, merged, resume: undefined };

  const resume = resolveResumeCheckpoint(model, context.config.runsDir);
  const fromCheckpoint = new Map(Object.entries(resume.checkpoint.trainArgs)) as Map<string, PyValue>;
  if (!existsSync(path.resolve(context.config.cwd, pyStr(fromCheckpoint.get('data') ?? '')))) fromCheckpoint.set('data', built.cfg.get('data') ?? null);
  const cfg = buildCfg(defaultConfig, fromCheckpoint).cfg;
  cfg.set('model', resume.file);
  cfg.set('resume', resume.file);
  for (const key of resumeOverridableKeys) if (merged.has(key)) cfg.set(key, merged.get(key) as PyValue);
  return { cfg, merged, resume };
}

/** Runs `yolo train` to the end, or throws the YoloError a real run would die with. */
export async function runTrain(context: RunContext, request: TrainRequest): Promise<void> {
  const { config } = context;
  const model = request.model;
  const { cfg, resume } = buildTrainCfg(context, request);
  const task = pyStr(cfg.get('task') ?? model.task) as YoloTask;

  // The real trainer saves args.yaml before it checks the dataset; the stand-in checks first so a
  // bad `data=` leaves no half-made run folder behind.
  const dataset = loadDataset(pyStr(cfg.get('data') ?? ''), task, { cwd: config.cwd, datasetsDir: config.datasetsDir });

  const device = resolveRecordedDevice(cfg.get('device'), config.cudaVisibleDevices);
  const exists = (candidate: string) => existsSync(path.resolve(config.cwd, candidate));
  const saveDirText = (resume && pyStr(cfg.get('save_dir') ?? '')) || resolveSaveDir(cfg, { runsDir: config.runsDir, exists });
  const saveDir = path.resolve(config.cwd, saveDirText);
  const weightsDir = path.join(saveDir, 'weights');
  const args = finalizeTrainArgs(cfg, { saveDir: saveDirText, device });
  mkdirSync(weightsDir, { recursive: true });
  writeFileSync(path.join(saveDir, 'args.yaml'), buildArgsYaml(args));
  const csvFile = path.join(saveDir, 'results.csv');
  if (!resume && existsSync(csvFile)) rmSync(csvFile);

  logInfo(context, buildVersionLine(device));
  logInfo(context, `engine/trainer: ${[...args].map(([key, value]) => `${key}=${pyStr(value)}`).join(', ')}`);
  const singleClass = truthy(cfg.get('single_cls'));
  if (singleClass) logInfo(context, 'Overriding class names with single class.');
  const names = singleClass ? ['item'] : dataset.names;
  const nc = names.length;
  const imgsz = imgszOf(cfg);
  const epochs = Math.max(1, Math.trunc(numberArg(cfg, 'epochs') || 100));
  const seed = seedOf(cfg);
  // Official weights are COCO-trained (80 classes); a dataset with other classes rebuilds the head.
  if (model.path === undefined && task !== 'classify' && nc !== 80) logInfo(context, `Overriding model.yaml nc=80 with nc=${nc}`);
  logInfo(context, buildModelSummary(model, false));
  if (/\.pt$/.test(model.argument) && !resume) logInfo(context, `Transferred ${model.family === 'yolo26' ? '702/708' : '649/655'} items from pretrained weights`);
  if (task !== 'classify') logInfo(context, "Freezing layer 'model.23.dfl.conv.weight'");
  if (cfg.get('amp') !== false && !isCpuDevice(device)) {
    logInfo(context, 'AMP: running Automatic Mixed Precision (AMP) checks...');
    logInfo(context, 'AMP: checks passed ✅');
  }

  const batchChoice = chooseBatchSize(numberArg(cfg, 'batch'), device, imgsz);
  for (const line of batchChoice.lines) (line.level === 'warning' ? logWarning : logInfo)(context, line.text);
  const batch = batchChoice.batch;
  const trainImages = Math.max(1, Math.round(dataset.trainImages * numberArg(cfg, 'fraction')));
  const batchesPerEpoch = Math.max(1, Math.ceil(trainImages / batch));
  const valBatches = Math.max(1, Math.ceil(dataset.valImages / (task === 'obb' ? batch : batch * 2)));
  const datasetRoot = dataset.yamlPath ? path.dirname(dataset.yamlPath) : config.datasetsDir;
  logInfo(context, buildProgressBar(`train: Scanning ${datasetRoot}... ${trainImages} images, 0 backgrounds, 0 corrupt`, trainImages, 0.01));
  logInfo(context, buildProgressBar(`val: Scanning ${datasetRoot}... ${dataset.valImages} images, 0 backgrounds, 0 corrupt`, dataset.valImages, 0.01));

  const nbs = Math.trunc(numberArg(cfg, 'nbs'));
  const optimizer = resolveOptimizer({
    requested: pyStr(cfg.get('optimizer') ?? 'auto'),
    lr0: numberArg(cfg, 'lr0'),
    momentum: numberArg(cfg, 'momentum'),
    warmupBiasLr: numberArg(cfg, 'warmup_bias_lr'),
    nc,
    iterations: Math.ceil(trainImages / Math.max(batch, nbs)) * epochs,
  });
  const decay = (numberArg(cfg, 'weight_decay') * batch * Math.max(Math.round(nbs / batch), 1)) / nbs;
  if (optimizer.auto) {
    logInfo(context, `optimizer: 'optimizer=auto' found, ignoring 'lr0=${pyStr(cfg.get('lr0') ?? null)}' and 'momentum=${pyStr(cfg.get('momentum') ?? null)}' and determining best 'optimizer', 'lr0' and 'momentum' automatically... `);
  }
  logInfo(context, `optimizer: ${optimizer.name}(lr=${pyFloatRepr(optimizer.lr)}, momentum=${pyFloatRepr(optimizer.momentum)}) with parameter groups 81 weight(decay=0.0), 88 weight(decay=${pyFloatRepr(decay)}), 87 bias(decay=0.0)`);

  const closeMosaic = Math.trunc(numberArg(cfg, 'close_mosaic'));
  const rows = simulateTraining({
    task,
    family: model.family,
    epochs,
    seed,
    nc,
    closeMosaic,
    schedule: { optimizer, epochs, lrf: numberArg(cfg, 'lrf'), cosLr: cfg.get('cos_lr') === true, warmupEpochs: numberArg(cfg, 'warmup_epochs'), batchesPerEpoch },
  });
  const lossNames = buildLossNames(task, model.family);
  const metricKeys = buildMetricKeys(task);
  const columns = buildResultsCsvColumns(task, { family: model.family, lrGroups: optimizer.groupLearningRates.length });

  const startEpoch = resume ? resume.checkpoint.epoch + 1 : 0;
  if (resume) {
    if (!(startEpoch > 0 && startEpoch < epochs)) {
      throw new YoloError(
        'AssertionError',
        `${resume.file} training to ${epochs} epochs is finished, nothing to resume.\nStart a new training without resuming, i.e. 'yolo train model=${resume.file}'`,
        { frames: [...trainFrames, ultralyticsFrame('engine/trainer.py', 1160, 'resume_training', 'assert 0 < start_epoch < self.epochs, (')] },
      );
    }
    logInfo(context, `Resuming training ${resume.file} from epoch ${startEpoch + 1} to ${epochs} total epochs`);
  }
  logInfo(context, `Image sizes ${imgsz} train, ${imgsz} val`);
  logInfo(context, `Using ${isCpuDevice(device) ? 0 : Math.trunc(numberArg(cfg, 'workers'))} dataloader workers`);
  logInfo(context, `Logging results to ${saveDirText}`);
  logInfo(context, `Starting training for ${epochs} epochs...`);
  // The trainer turns mosaic off when it reaches epoch `epochs - close_mosaic` (never, when that is
  // negative), and at once when a resumed run starts past it.
  const mosaicOffEpoch = task === 'classify' || closeMosaic <= 0 ? -1 : epochs - closeMosaic;
  if (resume && mosaicOffEpoch >= 0 && startEpoch > mosaicOffEpoch) logInfo(context, 'Closing dataloader mosaic');

  const last = path.join(weightsDir, 'last.pt');
  const best = path.join(weightsDir, 'best.pt');
  const patienceValue = Math.trunc(numberArg(cfg, 'patience'));
  const patience = patienceValue > 0 ? patienceValue : Number.POSITIVE_INFINITY;
  const savePeriod = Math.trunc(numberArg(cfg, 'save_period'));
  // As in the trainer: best_fitness rises only on a strict improvement; `fitness` keeps the last
  // validated value through epochs that skip validation (val=False); metrics start at zero.
  let bestFitness: number | null = resume ? resume.checkpoint.bestFitness : null;
  let fitness: number | null = null;
  let metrics: Record<string, number> = Object.fromEntries(metricKeys.map((key) => [key, 0]));
  let valLosses: number[] = lossNames.map(() => 0);
  let stopperBestFitness = 0;
  let stopperBestEpoch = 0;
  let nanRecoveries = 0;
  let nanAttempts = 0;
  const trainStart = context.io.now();
  writeProgress(config.argoProgressFile, startEpoch, epochs);

  const checkpointFor = (epochIndex: number): Buffer =>
    buildCheckpoint({
      task,
      family: model.family,
      modelName: model.architecture,
      names: Object.fromEntries(names.map((name, index) => [String(index), name])),
      imgsz,
      epoch: epochIndex,
      bestFitness,
      trainArgs: Object.fromEntries(args),
      trainMetrics: { ...metrics, ...(fitness === null ? {} : { fitness }) },
      date: new Date().toISOString(),
      version: ultralyticsVersion,
    });

  let epoch = startEpoch;
  for (;;) {
    const epochNumber = epoch + 1;
    if (epoch === mosaicOffEpoch) logInfo(context, 'Closing dataloader mosaic');
    logInfo(context, `\n${buildEpochHeader(lossNames)}`);
    const epochStart = context.io.now();
    await context.io.sleep(config.secondsPerEpoch * 850);
    if (config.failAtEpoch === epochNumber) throw buildDataLoaderFailure();
    if (config.cudaOomAtEpoch === epochNumber && !isCpuDevice(device)) throw buildCudaOutOfMemoryError(batch, imgsz);

    const row = rows[epoch] as SimulatedEpoch;
    const nan = config.nanAtEpoch !== undefined && epochNumber >= config.nanAtEpoch && (config.nanEpochs === undefined || nanAttempts < config.nanEpochs);
    if (nan) nanAttempts += 1;
    const trainLosses = lossNames.map((name) => (nan ? Number.NaN : (row.trainLosses[`train/${name}`] ?? 0)));
    const progress = buildEpochProgress({
      epoch: epochNumber,
      epochs,
      memoryGb: isCpuDevice(device) ? 0 : estimateGpuMemoryGb(model.scale, batch, imgsz, epoch, seed),
      losses: trainLosses,
      instances: task === 'classify' ? batch : Math.round(8 + createRandom(seed + epoch * 17 + nanAttempts)() * 60),
      imgsz,
    });
    logInfo(context, buildProgressBar(progress, batchesPerEpoch, (context.io.now() - epochStart) / 1000));

    if (cfg.get('val') !== false || epochNumber >= epochs) {
      const valStart = context.io.now();
      await context.io.sleep(config.secondsPerEpoch * 150);
      // Diverged weights detect nothing: metrics drop to zero, validation losses are NaN too.
      metrics = Object.fromEntries(metricKeys.map((key) => [key, nan ? 0 : (row.metrics[key] ?? 0)]));
      valLosses = lossNames.map((name) => (nan ? Number.NaN : (row.valLosses[`val/${name}`] ?? 0)));
      fitness = nan ? 0 : row.fitness;
      logInfo(context, buildProgressBar(buildValidationHeader(task), valBatches, (context.io.now() - valStart) / 1000));
      for (const line of buildValidationReport({ task, names, images: dataset.valImages, instances: dataset.valInstances, metrics, seed, perClass: false })) logInfo(context, line);
      if (bestFitness === null || bestFitness < fitness) bestFitness = fitness;
    }

    // _handle_nan_recovery: the first epoch cannot recover; later ones reload last.pt and retry the
    // epoch, three times at most.
    if (nan && epoch !== startEpoch) {
      if (!existsSync(last)) throw buildNanRecoveryError('Loss NaN/Inf detected but no valid last.pt is available for recovery');
      nanRecoveries += 1;
      if (nanRecoveries > 3) throw buildNanRecoveryError(`Training failed: NaN persisted for ${nanRecoveries} epochs`);
      logWarning(context, `Loss NaN/Inf detected (attempt ${nanRecoveries}/3), recovering from last.pt...`);
      bestFitness = parseCheckpoint(readFileSync(last))?.bestFitness ?? bestFitness;
      continue;
    }
    if (nan) logWarning(context, 'Loss NaN/Inf detected but can not recover from last.pt...');
    nanRecoveries = 0;

    // save_metrics: the header once, then one row per epoch (none at all with RESULTS_CSV=missing).
    if (config.resultsCsv !== 'missing') {
      if (!existsSync(csvFile)) writeFileSync(csvFile, `${columns.join(',')}\n`);
      const values = [epochNumber, (context.io.now() - trainStart) / 1000, ...trainLosses, ...metricKeys.map((key) => metrics[key] ?? 0), ...valLosses, ...row.learningRates];
      appendFileSync(csvFile, `${formatResultsCsvRow(values)}\n`);
    }

    // EarlyStopping: `patience` epochs without a better fitness end the run.
    let stop = epochNumber >= epochs;
    if (fitness !== null) {
      if (fitness > stopperBestFitness || stopperBestFitness === 0) {
        stopperBestEpoch = epochNumber;
        stopperBestFitness = fitness;
      }
      if (epochNumber - stopperBestEpoch >= patience) {
        logInfo(
          context,
          `EarlyStopping: Training stopped early as no improvement observed in last ${patience} epochs. Best results observed at epoch ${stopperBestEpoch}, best model saved as best.pt.\n` +
            `To update EarlyStopping(patience=${patience}) pass a new patience value, i.e. \`patience=300\` or use \`patience=0\` to disable EarlyStopping.`,
        );
        stop = true;
      }
    }

    if (cfg.get('save') !== false || epochNumber >= epochs) {
      const checkpoint = checkpointFor(epoch);
      writeFileSync(last, checkpoint);
      if (bestFitness === fitness) writeFileSync(best, checkpoint);
      if (savePeriod > 0 && epoch % savePeriod === 0) writeFileSync(path.join(weightsDir, `epoch${epoch}.pt`), checkpoint);
    }
    writeProgress(config.argoProgressFile, epochNumber, epochs);
    if (stop) break;
    epoch += 1;
  }

  const hours = (context.io.now() - trainStart) / 3_600_000;
  logInfo(context, `\n${epoch - startEpoch + 1} epochs completed in ${formatFixed(hours, 3)} hours.`);
  finishTraining(context, { last, best, task, names, dataset, seed, device, model, cfg, valBatches, saveDir, saveDirText, csvFile });
}

interface FinishOptions {
  last: string;
  best: string;
  task: YoloTask;
  names: string[];
  dataset: DatasetInfo;
  seed: number;
  device: string | null;
  model: LoadedModel;
  cfg: ReadonlyMap<string, PyValue>;
  valBatches: number;
  saveDir: string;
  saveDirText: string;
  csvFile: string;
}

// final_eval and plot_metrics: strip the optimizer from both checkpoints, validate best.pt with
// per-class lines, draw results.png.
function finishTraining(context: RunContext, options: FinishOptions): void {
  const { config } = context;
  for (const file of [options.last, options.best]) {
    if (!existsSync(file)) continue;
    const meta = parseCheckpoint(readFileSync(file));
    if (meta) writeFileSync(file, buildCheckpoint({ ...meta, epoch: -1, bestFitness: null }));
    logInfo(context, `Optimizer stripped from ${path.relative(config.cwd, file) || file}, ${mb(file)}MB`);
  }
  if (existsSync(options.best)) {
    const bestMeta = parseCheckpoint(readFileSync(options.best));
    logInfo(context, `\nValidating ${path.relative(config.cwd, options.best)}...`);
    logInfo(context, buildVersionLine(options.device));
    logInfo(context, buildModelSummary(options.model, true));
    logInfo(context, buildProgressBar(buildValidationHeader(options.task), options.valBatches, Math.max(0.05, config.secondsPerEpoch * 0.15)));
    const report = buildValidationReport({
      task: options.task,
      names: options.names,
      images: options.dataset.valImages,
      instances: options.dataset.valInstances,
      metrics: bestMeta?.trainMetrics ?? {},
      seed: options.seed,
      perClass: options.cfg.get('verbose') !== false,
    });
    for (const line of report) logInfo(context, line);
  }
  if (options.cfg.get('plots') !== false) {
    // Without results.csv there is nothing to plot (RESULTS_CSV=missing), so no results.png either.
    if (existsSync(options.csvFile)) {
      const chartColumns = new Map<string, number[]>();
      for (const [name, series] of readResultsTable(options.csvFile)) {
        if (name !== 'epoch' && name !== 'time' && !name.startsWith('lr/')) chartColumns.set(name, series);
      }
      writeFileSync(path.join(options.saveDir, 'results.png'), renderResultsChart(chartColumns));
    }
    logInfo(context, `Results saved to ${options.saveDirText}`);
  }
  // Broken after the chart was drawn from the good rows: the run itself went fine, only the file is bad.
  if (config.resultsCsv === 'malformed' && existsSync(options.csvFile)) corruptResultsCsv(options.csvFile);
  logInfo(context, '💡 Learn more at https://docs.ultralytics.com/modes/train');
}

/** results.csv back as columns of numbers (`nan` stays NaN). */
export function readResultsTable(file: string): Map<string, number[]> {
  const [headerLine = '', ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const header = headerLine.split(',').map((name) => name.trim());
  const columns = new Map<string, number[]>(header.map((name) => [name, []]));
  for (const line of lines) {
    line.split(',').forEach((cell, index) => columns.get(header[index] ?? '')?.push(Number(cell.trim())));
  }
  return columns;
}
