import { InvalidArtifactKeyError } from './artifact-errors.ts';

// Where everything lives in the artifacts bucket. One place builds every key, so the workflow
// that uploads, the watcher that reads and the promotion that copies can never disagree:
//
//   runs/<project>/<run-id>/results.csv, args.yaml, results.png, weights/best.pt, …
//   runs/<project>/<run-id>/exports/<format>/<file>
//   models/<project>/v<version>/<same relative path as in the run>
//
// Names inside a run mirror the Ultralytics run folder (`save_dir`), so the trainer's folder can
// be uploaded as it is.

/** The files of a training run that have a fixed name, relative to the run prefix. */
export const runFileNames = {
  resultsCsv: 'results.csv',
  argsYaml: 'args.yaml',
  resultsPng: 'results.png',
  bestWeights: 'weights/best.pt',
  lastWeights: 'weights/last.pt',
  // Ultralytics writes an export next to the weights it was made from.
  bestOnnx: 'weights/best.onnx',
  trainingChart: 'training-chart.png',
} as const;
export type RunFileName = keyof typeof runFileNames;

export const RUNS_ROOT = 'runs';
export const MODELS_ROOT = 'models';
export const EXPORTS_FOLDER = 'exports';

// S3 allows 1024 bytes of UTF-8 per key.
const MAX_KEY_BYTES = 1024;
const segmentPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
// Control characters and backslashes make keys that look different in every tool that shows them.
const unsafePathCharacters = /[\u0000-\u001f\u007f\\]/;

function assertSegment(what: string, value: string): string {
  if (typeof value !== 'string' || !segmentPattern.test(value) || value.includes('..')) {
    throw new InvalidArtifactKeyError(
      `${what} ${JSON.stringify(value)} cannot be part of an S3 key: use 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit (no "/" or "..")`,
      { details: { field: what, value } },
    );
  }
  return value;
}

/**
 * A path below a run or model prefix (`weights/best.pt`, `best_openvino_model/best.xml`).
 * Refuses what could climb out of the prefix or name a different object than it seems to.
 */
export function assertRelativeArtifactPath(path: string, what: 'path' | 'key' = 'path'): string {
  const refuse = (why: string): never => {
    const subject = what === 'key' ? `S3 key ${JSON.stringify(path)} is not allowed` : `path ${JSON.stringify(path)} cannot be used in an S3 key`;
    throw new InvalidArtifactKeyError(`${subject}: ${why}`, { details: { field: what, value: path } });
  };
  if (typeof path !== 'string' || path === '') return refuse('it is empty');
  if (path.startsWith('/')) return refuse('it must not start with "/"');
  if (unsafePathCharacters.test(path)) return refuse('it must not contain "\\" or control characters');
  for (const segment of path.split('/')) {
    if (segment === '') return refuse('it must not contain an empty segment ("//" or a trailing "/")');
    if (segment === '.' || segment === '..') return refuse(`it must not contain a "${segment}" segment`);
  }
  return path;
}

function assertVersion(version: number): number {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new InvalidArtifactKeyError(`model version ${JSON.stringify(version)} is not a whole number from 1 up`, {
      details: { field: 'version', value: version },
    });
  }
  return version;
}

function checkedKey(key: string): string {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    throw new InvalidArtifactKeyError(`S3 key is ${bytes} bytes long; S3 allows at most ${MAX_KEY_BYTES}: ${key.slice(0, 80)}…`, {
      details: { field: 'key', value: key },
    });
  }
  return key;
}

/** The keys of one training run. Build once per run; every input is checked here. */
export interface RunKeys {
  readonly project: string;
  readonly runId: string;
  /** `runs/<project>/<run-id>/`, with the trailing slash, for listing. */
  readonly prefix: string;
  readonly resultsCsv: string;
  readonly argsYaml: string;
  readonly resultsPng: string;
  readonly bestWeights: string;
  readonly lastWeights: string;
  readonly bestOnnx: string;
  readonly trainingChart: string;
  /** Any other file of the run, by its path relative to the prefix. */
  file(relativePath: string): string;
  /** `runs/<project>/<run-id>/exports/<format>/`. */
  exportPrefix(format: string): string;
  /** `runs/<project>/<run-id>/exports/<format>/<relativePath>`. */
  exportKey(format: string, relativePath: string): string;
}

export function buildRunKeys(project: string, runId: string): RunKeys {
  const prefix = `${RUNS_ROOT}/${assertSegment('project', project)}/${assertSegment('run id', runId)}/`;
  const file = (relativePath: string) => checkedKey(prefix + assertRelativeArtifactPath(relativePath));
  const exportPrefix = (format: string) => `${prefix}${EXPORTS_FOLDER}/${assertSegment('export format', format)}/`;
  return {
    project,
    runId,
    prefix,
    resultsCsv: file(runFileNames.resultsCsv),
    argsYaml: file(runFileNames.argsYaml),
    resultsPng: file(runFileNames.resultsPng),
    bestWeights: file(runFileNames.bestWeights),
    lastWeights: file(runFileNames.lastWeights),
    bestOnnx: file(runFileNames.bestOnnx),
    trainingChart: file(runFileNames.trainingChart),
    file,
    exportPrefix,
    exportKey: (format, relativePath) => checkedKey(exportPrefix(format) + assertRelativeArtifactPath(relativePath)),
  };
}

/** The keys of a promoted model version: the run's files under `models/<project>/v<version>/`. */
export interface ModelKeys {
  readonly project: string;
  readonly version: number;
  readonly prefix: string;
  readonly bestWeights: string;
  file(relativePath: string): string;
}

export function buildModelKeys(project: string, version: number): ModelKeys {
  const prefix = `${MODELS_ROOT}/${assertSegment('project', project)}/v${assertVersion(version)}/`;
  const file = (relativePath: string) => checkedKey(prefix + assertRelativeArtifactPath(relativePath));
  return { project, version, prefix, bestWeights: file(runFileNames.bestWeights), file };
}

/** A whole object key, checked by the same rules as a relative path (and S3's length limit). */
export function assertArtifactKey(key: string): string {
  return checkedKey(assertRelativeArtifactPath(key, 'key'));
}

/** What a key under `runs/` names, or undefined for any other key. */
export interface ParsedRunKey {
  project: string;
  runId: string;
  /** Relative to the run prefix, e.g. `weights/best.pt`. */
  path: string;
}

export function parseRunKey(key: string): ParsedRunKey | undefined {
  const [root, project, runId, ...rest] = key.split('/');
  if (root !== RUNS_ROOT || project === undefined || runId === undefined || rest.length === 0) return undefined;
  if (!segmentPattern.test(project) || !segmentPattern.test(runId) || project.includes('..') || runId.includes('..')) return undefined;
  const path = rest.join('/');
  try {
    assertRelativeArtifactPath(path);
  } catch {
    return undefined;
  }
  return { project, runId, path };
}

/** What kind of output a path inside a run folder is, for listings and promotion. */
export const runOutputKinds = ['results', 'args', 'results-plot', 'training-chart', 'weights', 'export', 'plot', 'other'] as const;
export type RunOutputKind = (typeof runOutputKinds)[number];

export function classifyRunOutput(path: string): RunOutputKind {
  if (path === runFileNames.resultsCsv) return 'results';
  if (path === runFileNames.argsYaml) return 'args';
  if (path === runFileNames.resultsPng) return 'results-plot';
  if (path === runFileNames.trainingChart) return 'training-chart';
  if (path.startsWith('weights/')) return 'weights';
  if (path.startsWith(`${EXPORTS_FOLDER}/`)) return 'export';
  if (/\.(png|jpe?g)$/i.test(path)) return 'plot';
  return 'other';
}

/** `s3://bucket/key`, the form stored in the model registry's `artifactUris`. */
export function toS3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
