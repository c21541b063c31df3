// The public surface of the yolo stand-in: the CLI runner and the pure pieces it is built from.

export { yoloStandInExecutable } from './executable-path.ts';
export { readStandInConfig, resultsCsvModes, StandInConfigError, standInKnobNames } from './config.ts';
export type { ResultsCsvMode, StandInConfig } from './config.ts';
export { runYoloCli } from './yolo-cli.ts';
export { createProcessIo } from './run-context.ts';
export type { RunContext, YoloIo } from './run-context.ts';
export { findRealYolo, runRealYolo } from './real-yolo.ts';

export { parseYoloArgs, mergeEqualsArgs, specialCommands } from './yolo-args.ts';
export type { ParsedYoloArgs, ParsedRunCommand, ParsedSpecialCommand, SpecialCommand, LogMessage } from './yolo-args.ts';
export { buildCfg, checkCfg } from './check-cfg.ts';
export {
  buildCliHelpMessage,
  buildDefaultConfig,
  cfgBoolKeys,
  cfgFloatKeys,
  cfgFractionKeys,
  cfgIntKeys,
  defaultConfig,
  defaultConfigEntries,
  taskToData,
  taskToMetric,
  taskToModel,
  ultralyticsVersion,
  yoloModes,
  yoloTasks,
} from './default-config.ts';
export type { YoloMode, YoloTask } from './default-config.ts';
export { YoloError, formatPythonTraceback } from './yolo-error.ts';
export type { PythonExceptionType } from './yolo-error.ts';

export {
  buildLossNames,
  buildMetricKeys,
  buildResultsCsvColumns,
  buildResultsCsvHeader,
  formatResultsCsvRow,
} from './results-csv.ts';
export type { ModelFamily, ResultsColumnsOptions } from './results-csv.ts';
export { simulateTraining, computeFitness } from './learning-curve.ts';
export type { SimulateTrainingOptions, SimulatedEpoch } from './learning-curve.ts';
export { resolveOptimizer, buildEpochLearningRates, lrFactor, warmupIterations } from './lr-schedule.ts';
export type { OptimizerChoice, LearningRateScheduleOptions } from './lr-schedule.ts';
export { buildArgsYaml, finalizeTrainArgs, resolveRecordedDevice } from './args-yaml.ts';
export { dumpPythonYaml } from './python-yaml.ts';
export { renderResultsChart } from './results-chart.ts';
export { buildCheckpoint, parseCheckpoint, checkpointMagic } from './checkpoint.ts';
export type { CheckpointMeta } from './checkpoint.ts';
export { buildExportPlan, exportFormatSpecs, resolveExportFormat } from './export-formats.ts';
export type { ExportFormatSpec, ExportStep } from './export-formats.ts';
export { describeModelName } from './model-name.ts';
export { formatG } from './python-format.ts';
export { smartValue, parsePythonLiteral } from './python-literal.ts';
export { pyFloat, pyTuple, pyStr, pyRepr } from './python-value.ts';
export type { PyValue, PyFloat, PyTuple } from './python-value.ts';
export { getCloseMatches } from './close-matches.ts';
