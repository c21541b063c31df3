// The public surface of @trainops/artifacts: the S3 key layout, Ultralytics results parsing and
// summaries (pure), the training chart (pure), and the S3 adapter.

export { ArgsYamlParseError, ArtifactNotFoundError, InvalidArtifactKeyError, ResultsParseError } from './artifact-errors.ts';
export {
  EXPORTS_FOLDER,
  MODELS_ROOT,
  RUNS_ROOT,
  assertArtifactKey,
  assertRelativeArtifactPath,
  buildModelKeys,
  buildRunKeys,
  classifyRunOutput,
  parseRunKey,
  runFileNames,
  runOutputKinds,
  toS3Uri,
} from './artifact-keys.ts';
export type { ModelKeys, ParsedRunKey, RunFileName, RunKeys, RunOutputKind } from './artifact-keys.ts';
export { isMetricName, metricNames, metricNamesByTask, resultsTasks } from './results-columns.ts';
export type { MetricName, ResultsTask } from './results-columns.ts';
export { epochNumber, parseResultsCsv } from './parse-results-csv.ts';
export type { ResultsRow, ResultsTable } from './parse-results-csv.ts';
export { computeFitness, findBestEpoch } from './fitness.ts';
export type { BestEpoch } from './fitness.ts';
export { parseArgsYaml } from './parse-args-yaml.ts';
export type { RunArgs } from './parse-args-yaml.ts';
export { compareWithProduction, summarizeRun } from './summarize-run.ts';
export type { EpochSummary, MetricComparison, MetricValues, RunSummary } from './summarize-run.ts';
export { renderTrainingChart } from './chart/training-chart.ts';
export type { TrainingChartOptions } from './chart/training-chart.ts';
export { encodePng } from './chart/png-encoder.ts';
export { createRaster, drawLine, drawPolyline, drawText, fillRect, getPixel, measureText, setPixel, strokeRect } from './chart/raster.ts';
export type { LineStyle, Point, Raster, Rect, Rgb, TextStyle } from './chart/raster.ts';
export { MAX_PRESIGN_EXPIRY_SECONDS, createArtifactStore } from './s3-artifact-store.ts';
export type {
  ArtifactStore,
  ArtifactStoreOptions,
  CopyForPromotionOptions,
  PromotedFile,
  PromotionCopy,
  ReadResultsOutcome,
  RunOutput,
  UploadChartOptions,
} from './s3-artifact-store.ts';
