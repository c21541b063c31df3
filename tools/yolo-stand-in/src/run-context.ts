import type { StandInConfig } from './config.ts';
import { warningLine } from './console-format.ts';

// What every command gets: its configuration and a small I/O port (text out, sleeping, the
// clock), so tests can run commands in-process and the CLI wires the real process streams.

export interface YoloIo {
  stdout(text: string): void;
  stderr(text: string): void;
  sleep(milliseconds: number): Promise<void>;
  /** Milliseconds, monotonic enough for durations. */
  now(): number;
}

export interface RunContext {
  config: StandInConfig;
  io: YoloIo;
  /** The arguments after `yolo`, for messages that quote them. */
  argv: readonly string[];
}

/** LOGGER.info: one line (or several) to stdout. */
export function logInfo(context: RunContext, text: string): void {
  context.io.stdout(`${text}\n`);
}

/** LOGGER.warning: Ultralytics logs warnings to stdout too, with its prefix. */
export function logWarning(context: RunContext, text: string): void {
  context.io.stdout(`${warningLine(text)}\n`);
}

/** A YoloIo over the real process streams and timers. */
export function createProcessIo(): YoloIo {
  // A reader that stops early (`yolo … | head`) must not crash the run with EPIPE; the rest of
  // the output simply has nowhere to go.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
    now: () => performance.now(),
  };
}
