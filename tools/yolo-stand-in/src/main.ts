import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStandInConfig, StandInConfigError } from './config.ts';
import { findRealYolo, runRealYolo } from './real-yolo.ts';
import { createProcessIo } from './run-context.ts';
import { runYoloCli } from './yolo-cli.ts';

// The `yolo` executable (through bin/yolo): reads the configuration, then either hands over to a
// real Ultralytics `yolo` (YOLO_STANDIN_REAL=1) or simulates the command. A CLI, not a server:
// it ends when the command ends, and SIGTERM/SIGINT end it as they end the real `yolo`.

const here = path.dirname(fileURLToPath(import.meta.url));
const ownWrapper = path.resolve(here, '..', 'bin', 'yolo');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let config;
  try {
    config = readStandInConfig(process.env, process.cwd());
  } catch (error) {
    if (!(error instanceof StandInConfigError)) throw error;
    process.stderr.write(`yolo-stand-in: ${error.message}\n`);
    return 2;
  }
  if (config.useRealYolo) {
    const real = findRealYolo(config.searchPath, [ownWrapper]);
    if (real === undefined) {
      process.stderr.write("yolo-stand-in: YOLO_STANDIN_REAL=1 but no real 'yolo' (other than this stand-in) was found on PATH\n");
      return 127;
    }
    return runRealYolo(real, argv);
  }
  return runYoloCli({ config, io: createProcessIo(), argv });
}

process.exitCode = await main();
