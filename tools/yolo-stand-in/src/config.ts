import path from 'node:path';
import { StandInConfigError } from './config-error.ts';
import { readKnobsFile } from './knobs-file.ts';

// The only module that reads the environment. Knobs for tests and demos are YOLO_STANDIN_*, from
// the environment or, overriding it, from the JSON file YOLO_STANDIN_KNOBS_FILE names;
// ARGO_PROGRESS_FILE is Argo's own contract (the executor tells the step where to write `N/M`);
// CUDA_VISIBLE_DEVICES is what the real trainer records as `device` when none is given.

export { StandInConfigError };

/** The knobs a knobs file may set: every YOLO_STANDIN_* variable but the file's own name. */
export const standInKnobNames = [
  'YOLO_STANDIN_SECONDS_PER_EPOCH',
  'YOLO_STANDIN_FAIL_AT_EPOCH',
  'YOLO_STANDIN_CUDA_OOM_AT_EPOCH',
  'YOLO_STANDIN_NAN_AT_EPOCH',
  'YOLO_STANDIN_NAN_EPOCHS',
  'YOLO_STANDIN_RESULTS_CSV',
  'YOLO_STANDIN_REAL',
  'YOLO_STANDIN_RUNS_DIR',
  'YOLO_STANDIN_DATASETS_DIR',
] as const;

/** What becomes of results.csv: written as Ultralytics writes it, left out, or cut off mid-row. */
export const resultsCsvModes = ['written', 'missing', 'malformed'] as const;
export type ResultsCsvMode = (typeof resultsCsvModes)[number];

export interface StandInConfig {
  /** Wall-clock seconds each simulated epoch takes. */
  secondsPerEpoch: number;
  /** 1-based epoch at which training dies with a generic error. */
  failAtEpoch: number | undefined;
  /** 1-based epoch at which training dies with CUDA out of memory. */
  cudaOomAtEpoch: number | undefined;
  /** 1-based epoch from which the losses are NaN. */
  nanAtEpoch: number | undefined;
  /** How many epoch attempts stay NaN (default: all of them, the divergence persists). */
  nanEpochs: number | undefined;
  /** Whether the run leaves a good results.csv, none, or one the product's parser rejects. */
  resultsCsv: ResultsCsvMode;
  /** Run the real `yolo` from PATH instead of simulating. */
  useRealYolo: boolean;
  /** Where to write `N/M` after every epoch, for Argo's progress reporting. */
  argoProgressFile: string | undefined;
  cudaVisibleDevices: string | undefined;
  /** PATH, searched for the real `yolo`. */
  searchPath: string;
  cwd: string;
  /** Ultralytics' runs_dir setting: where `runs/<task>/<name>` lives when no project is given. */
  runsDir: string;
  /** Ultralytics' datasets_dir setting: where relative dataset `path:` values are resolved. */
  datasetsDir: string;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) {
    throw new StandInConfigError(`${name} must be a whole number of 1 or more (an epoch, counted from 1), got '${raw}'`);
  }
  return Number(raw);
}

function nonNegativeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new StandInConfigError(`${name} must be a number of seconds, 0 or more, got '${raw}'`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new StandInConfigError(`${name} must be 1 or 0, got '${env[name]}'`);
}

function resultsCsvMode(env: NodeJS.ProcessEnv, name: string): ResultsCsvMode {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return 'written';
  if ((resultsCsvModes as readonly string[]).includes(raw)) return raw as ResultsCsvMode;
  throw new StandInConfigError(`${name} must be missing or malformed (or written, the default), got '${env[name]}'`);
}

/** The environment with the knobs file's values laid over it (relative paths are from cwd). */
function withKnobsFile(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const file = env['YOLO_STANDIN_KNOBS_FILE']?.trim();
  if (!file) return env;
  return { ...env, ...readKnobsFile(path.resolve(cwd, file), standInKnobNames) };
}

/**
 * Reads the stand-in's configuration; throws StandInConfigError naming the variable at fault, or
 * the knobs file when that cannot be read or is not a JSON object of knobs.
 */
export function readStandInConfig(processEnv: NodeJS.ProcessEnv, cwd: string): StandInConfig {
  const env = withKnobsFile(processEnv, cwd);
  const runsDir = env['YOLO_STANDIN_RUNS_DIR']?.trim() || path.join(cwd, 'runs');
  const datasetsDir = env['YOLO_STANDIN_DATASETS_DIR']?.trim() || path.join(cwd, 'datasets');
  return {
    secondsPerEpoch: nonNegativeNumber(env, 'YOLO_STANDIN_SECONDS_PER_EPOCH', 0.05),
    failAtEpoch: positiveInteger(env, 'YOLO_STANDIN_FAIL_AT_EPOCH'),
    cudaOomAtEpoch: positiveInteger(env, 'YOLO_STANDIN_CUDA_OOM_AT_EPOCH'),
    nanAtEpoch: positiveInteger(env, 'YOLO_STANDIN_NAN_AT_EPOCH'),
    nanEpochs: positiveInteger(env, 'YOLO_STANDIN_NAN_EPOCHS'),
    resultsCsv: resultsCsvMode(env, 'YOLO_STANDIN_RESULTS_CSV'),
    useRealYolo: flag(env, 'YOLO_STANDIN_REAL'),
    argoProgressFile: env['ARGO_PROGRESS_FILE']?.trim() || undefined,
    cudaVisibleDevices: env['CUDA_VISIBLE_DEVICES']?.trim() || undefined,
    searchPath: env['PATH'] ?? '',
    cwd,
    runsDir: path.resolve(cwd, runsDir),
    datasetsDir: path.resolve(cwd, datasetsDir),
  };
}
