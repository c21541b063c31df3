import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

export interface AppProcessOptions {
  name: string;
  /** The app's composition root, run with this very Node (24). */
  entry: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Answers 200 once the app is ready. */
  readyUrl: string;
  readyTimeoutMs?: number;
  /** Each output line, already prefixed with the app's name. */
  onOutput: (line: string) => void;
  /** The app stopped without being asked to. */
  onUnexpectedExit: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface StopAppOptions {
  /** SIGTERM (default) lets the app shut down cleanly; SIGKILL is a crash. */
  signal?: NodeJS.Signals;
}

export interface AppProcess {
  readonly name: string;
  /** Stops the app as asked (never reported as unexpected) and resolves once it has exited. */
  stop(options?: StopAppOptions): Promise<void>;
}

/** An app that exited before it was ready, with what it printed meanwhile. */
export class AppStartError extends Error {
  readonly output: readonly string[];

  constructor(name: string, output: readonly string[]) {
    super(`${name} exited before it was ready (see its output above)`);
    this.name = 'AppStartError';
    this.output = output;
  }

  /** It could not listen: another process holds the port. */
  get portInUse(): boolean {
    return this.output.some((line) => line.includes('EADDRINUSE'));
  }
}

/** Starts an app as a child process and resolves once its readiness URL answers 200. */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const child = spawn(process.execPath, [options.entry], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stopping = false;
  let exited = false;
  let ready = false;
  const exit = new Promise<void>((resolve) => {
    // 'close', not 'exit': by then its output is all read, so a start error carries all of it.
    child.on('close', (code, signal) => {
      exited = true;
      // Before it was ready, the start itself fails and says why; only a running app dies unexpectedly.
      if (!stopping && ready) options.onUnexpectedExit(code, signal);
      resolve();
    });
  });
  // What the app said before it was ready, for the start's error (e.g. its port was taken).
  const startupOutput: string[] = [];
  pipeLines(child, options.name, (line) => {
    if (!ready) startupOutput.push(line);
    options.onOutput(line);
  });

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await answers(options.readyUrl))) {
    if (exited) throw new AppStartError(options.name, startupOutput);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready at ${options.readyUrl} within ${options.readyTimeoutMs ?? 60_000} ms`);
    }
    await delay(150);
  }
  ready = true;
  startupOutput.length = 0;

  return {
    name: options.name,
    async stop(stopOptions = {}) {
      if (exited) return;
      stopping = true;
      child.kill(stopOptions.signal ?? 'SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function pipeLines(child: ChildProcess, name: string, onOutput: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onOutput(`${name.padEnd(6)}| ${line}`);
    });
    stream?.on('end', () => {
      if (pending.trim() !== '') onOutput(`${name.padEnd(6)}| ${pending}`);
    });
  }
}
