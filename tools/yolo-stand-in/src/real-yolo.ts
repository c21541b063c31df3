import { spawn } from 'node:child_process';
import { accessSync, constants, closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

// YOLO_STANDIN_REAL=1 hands the command to a real Ultralytics `yolo` found on PATH, so one image
// map can use the stand-in on laptops and the real thing on a GPU node. The stand-in's own
// wrapper (however it is linked onto PATH) is never chosen, or it would call itself forever.

/** Marks the stand-in's wrapper script; a `yolo` whose first bytes carry it is ours. */
export const wrapperMarker = 'yolo-stand-in wrapper';

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function startsWithMarker(file: string): boolean {
  const handle = openSync(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const read = readSync(handle, head, 0, head.length, 0);
    return head.subarray(0, read).toString('utf8').includes(wrapperMarker);
  } finally {
    closeSync(handle);
  }
}

/** The first `yolo` on `searchPath` that is not the stand-in, or undefined. */
export function findRealYolo(searchPath: string, selfPaths: readonly string[]): string | undefined {
  const own = new Set(selfPaths.map((file) => safeRealpath(file)));
  for (const folder of searchPath.split(path.delimiter)) {
    if (folder === '') continue;
    const candidate = path.join(folder, 'yolo');
    if (!isExecutableFile(candidate)) continue;
    if (own.has(safeRealpath(candidate)) || startsWithMarker(candidate)) continue;
    return candidate;
  }
  return undefined;
}

function safeRealpath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Runs the real `yolo` with our arguments and streams; resolves to its exit code (128+n on a signal). */
export function runRealYolo(executable: string, argv: readonly string[], stdio: 'inherit' | 'ignore' = 'inherit'): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [...argv], { stdio });
    const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const onTerm = forward('SIGTERM');
    const onInt = forward('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    const cleanup = () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    };
    child.on('error', (error) => {
      cleanup();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      cleanup();
      const signals: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
      resolve(code ?? 128 + (signal ? (signals[signal] ?? 1) : 1));
    });
  });
}
