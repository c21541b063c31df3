import path from 'node:path';

// The only module that reads the environment. Knobs for tests and demos are YOLO_STANDIN_*;
// ARGO_PROGRESS_FILE is Argo's own contract (the executor tells the step where to write `N/M`);
// CUDA_VISIBLE_DEVICES is what the real trainer records as `device` when none is given.

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

export class StandInConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StandInConfigError';
  }
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

/** Reads the stand-in's configuration; throws StandInConfigError naming the variable at fault. */
export function readStandInConfig(env: NodeJS.ProcessEnv, cwd: string): StandInConfig {
  const runsDir = env['YOLO_STANDIN_RUNS_DIR']?.trim() || path.join(cwd, 'runs');
  const datasetsDir = env['YOLO_STANDIN_DATASETS_DIR']?.trim() || path.join(cwd, 'datasets');
  return {
    secondsPerEpoch: nonNegativeNumber(env, 'YOLO_STANDIN_SECONDS_PER_EPOCH', 0.05),
    failAtEpoch: positiveInteger(env, 'YOLO_STANDIN_FAIL_AT_EPOCH'),
    cudaOomAtEpoch: positiveInteger(env, 'YOLO_STANDIN_CUDA_OOM_AT_EPOCH'),
    nanAtEpoch: positiveInteger(env, 'YOLO_STANDIN_NAN_AT_EPOCH'),
    nanEpochs: positiveInteger(env, 'YOLO_STANDIN_NAN_EPOCHS'),
    useRealYolo: flag(env, 'YOLO_STANDIN_REAL'),
    argoProgressFile: env['ARGO_PROGRESS_FILE']?.trim() || undefined,
    cudaVisibleDevices: env['CUDA_VISIBLE_DEVICES']?.trim() || undefined,
    searchPath: env['PATH'] ?? '',
    cwd,
    runsDir: path.resolve(cwd, runsDir),
    datasetsDir: path.resolve(cwd, datasetsDir),
  };
}
