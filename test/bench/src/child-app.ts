// One app of a benchmark as a child process of its own, as deployed: the bench process then only
// generates load and measures, and no app's work after its ack lands in another's event loop.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

export type ChildReadiness =
  /** Ready once this URL answers 200 (a health or readiness route). */
  | { kind: 'url'; url: string }
  /** Ready once the child prints its first stdout line, a JSON object handed back as `announced`. */
  | { kind: 'stdout-json' };

export interface StartChildAppOptions {
  /** Names the child in errors and in its forwarded output. */
  name: string;
  /** A TypeScript entry file, run with this very Node (24, type stripping). */
  entry: string;
  /** The child's whole environment: nothing of the bench's leaks in unless passed here. */
  env: Record<string, string | undefined>;
  cwd: string;
  ready: ChildReadiness;
  readyTimeoutMs?: number;
}

export interface ChildApp {
  readonly name: string;
  /** The JSON object of a `stdout-json` child's first line; undefined for a `url` child. */
  readonly announced: unknown;
  /** SIGTERM, then SIGKILL if it lingers; resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const stopGraceMs = 10_000;

/** Starts the child and resolves once it is ready; a child that is never ready is killed before the throw. */
export async function startChildApp(options: StartChildAppOptions): Promise<ChildApp> {
  const child = spawn(process.execPath, [options.entry], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'inherit'] });
  // Until it is ready, an exit is the start-up's error; after, nobody else would say it.
  let reportExit = false;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      const how = `${options.name} exited (${signal ?? `code ${code}`})`;
      // A crash mid-measurement shows up as refused requests; this line says which app it was.
      if (reportExit) process.stderr.write(`${how} without being asked to\n`);
      resolve(how);
    });
    child.once('error', (error) => resolve(`${options.name} could not be started: ${error.message}`));
  });

  // The first stdout line may be the announcement; every other line goes to stderr, named, so the
  // bench's report stays alone on stdout and a full pipe never blocks the child.
  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve) => lines.once('line', resolve));
  let sawFirstLine = false;
  lines.on('line', (line) => {
    const isAnnouncement = !sawFirstLine && options.ready.kind === 'stdout-json';
    sawFirstLine = true;
    if (!isAnnouncement) process.stderr.write(`${options.name} | ${line}\n`);
  });

  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  const giveUp = new AbortController();
  const ready = options.ready.kind === 'url' ? untilAnswers(options.ready.url, giveUp.signal).then(() => undefined) : firstLine.then((line) => parseAnnouncement(options.name, line));
  const notReady = Promise.race([
    exited.then((how) => `${how} before it was ready`),
    delay(timeoutMs, undefined, { signal: giveUp.signal }).then(() => `${options.name} was not ready within ${timeoutMs / 1000} s`),
  ]);
  notReady.catch(() => undefined);

  const stop = async (): Promise<void> => {
    reportExit = false;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
      await exited;
      clearTimeout(killer);
    }
  };

  try {
    const outcome = await Promise.race([ready.then((announced) => ({ announced })), notReady.then((reason) => Promise.reject(new Error(reason)))]);
    reportExit = true;
    return { name: options.name, announced: outcome.announced, stop };
  } catch (error) {
    child.kill('SIGKILL');
    await stop();
    throw error;
  } finally {
    giveUp.abort();
  }
}

async function untilAnswers(url: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const ok = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(2_000)]) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.ok;
      },
      () => false,
    );
    if (ok) return;
    await delay(100, undefined, { signal }).catch(() => undefined);
  }
}

function parseAnnouncement(name: string, line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new Error(`${name} should announce itself with one JSON line on stdout, but printed ${JSON.stringify(line)}`);
  }
}
