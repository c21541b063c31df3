// Pod logs: whoever runs a pod's containers (the Argo controller stand-in) appends their output to
// one file per container; the `pods/{name}/log` endpoint serves and follows those files the way
// the kubelet serves container logs.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { KubeObject } from './kube-object.ts';
import { isJsonObject } from './kube-object.ts';
import { badRequestError } from './kube-status.ts';
import { parseBooleanParameter, parseWholeNumberParameter } from './list-options.ts';

/** `<stateDir>/pod-logs/<namespace>/<pod>/<container>.log` */
export function podLogPath(stateDir: string, namespace: string, podName: string, container: string): string {
  for (const [what, value] of [['namespace', namespace], ['pod name', podName], ['container', container]] as const) {
    // These become path segments: refuse anything that could climb out of the state folder.
    if (value === '' || value === '.' || value === '..' || /[/\\\0]/.test(value)) {
      throw new Error(`podLogPath: ${what} "${value}" cannot be used as a path segment`);
    }
  }
  return path.join(stateDir, 'pod-logs', namespace, podName, `${container}.log`);
}

export interface LogOptions {
  container: string | undefined;
  follow: boolean;
  tailLines: number | undefined;
  timestamps: boolean;
  limitBytes: number | undefined;
  previous: boolean;
}

export function parseLogOptions(query: URLSearchParams): LogOptions {
  const limitBytes = parseWholeNumberParameter('limitBytes', query.get('limitBytes'));
  if (limitBytes === 0) throw badRequestError('limitBytes: Invalid value: 0: must be greater than 0');
  const container = query.get('container');
  return {
    container: container === null || container === '' ? undefined : container,
    follow: parseBooleanParameter('follow', query.get('follow')) ?? false,
    tailLines: parseWholeNumberParameter('tailLines', query.get('tailLines')),
    timestamps: parseBooleanParameter('timestamps', query.get('timestamps')) ?? false,
    limitBytes,
    previous: parseBooleanParameter('previous', query.get('previous')) ?? false,
  };
}

function containerNames(pod: KubeObject, group: 'containers' | 'initContainers'): string[] {
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const list = spec[group];
  return Array.isArray(list) ? list.map((c: unknown) => (isJsonObject(c) ? String(c['name'] ?? '') : '')).filter((n) => n !== '') : [];
}

/** The container whose log is wanted, with the real server's 400s when that is ambiguous or wrong. */
export function resolveLogContainer(pod: KubeObject, requested: string | undefined): string {
  const containers = containerNames(pod, 'containers');
  const initContainers = containerNames(pod, 'initContainers');
  const podName = pod.metadata.name;
  if (requested === undefined) {
    const only = containers[0];
    if (containers.length === 1 && only !== undefined) return only;
    const init = initContainers.length > 0 ? ` or one of the init containers: [${initContainers.join(' ')}]` : '';
    throw badRequestError(`a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]${init}`);
  }
  if (!containers.includes(requested) && !initContainers.includes(requested)) {
    throw badRequestError(`container ${requested} is not valid for pod ${podName}`);
  }
  return requested;
}

export function isPodFinished(pod: KubeObject | undefined): boolean {
  if (pod === undefined) return true;
  const status = isJsonObject(pod['status']) ? pod['status'] : {};
  return status['phase'] === 'Succeeded' || status['phase'] === 'Failed';
}

function podPhase(pod: KubeObject): string {
  const status = isJsonObject(pod['status']) ? pod['status'] : {};
  return typeof status['phase'] === 'string' ? status['phase'] : 'Pending';
}

/** The last `count` lines of a text (a trailing newline does not count as an extra empty line). */
export function lastLines(text: string, count: number): string {
  const trailing = text.endsWith('\n');
  const lines = text.split('\n');
  if (trailing) lines.pop();
  const kept = count === 0 ? [] : lines.slice(-count);
  return kept.length === 0 ? '' : `${kept.join('\n')}${trailing ? '\n' : ''}`;
}

/** RFC 3339 with nanoseconds, the kubelet's `timestamps=true` prefix. */
export function logTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '000000Z');
}

function withTimestamps(text: string, date: Date): string {
  if (text === '') return '';
  const prefix = `${logTimestamp(date)} `;
  return text
    .split(/(?<=\n)/)
    .map((line) => prefix + line)
    .join('');
}

export interface LogSink {
  write(text: string): void;
  end(): void;
  /** True once the client has gone. */
  closed(): boolean;
}

export interface ServePodLogOptions {
  pod: KubeObject;
  container: string;
  file: string;
  options: LogOptions;
  sink: LogSink;
  /** The pod as it is now (undefined once deleted): following stops when it has finished. */
  currentPod: () => KubeObject | undefined;
  pollIntervalMs: number;
  /** Resolves when the server is closing, so a follow ends with it. */
  stopped: Promise<void>;
}

async function fileSize(file: string): Promise<{ size: number; mtime: Date } | undefined> {
  try {
    const info = await stat(file);
    return { size: info.size, mtime: info.mtime };
  } catch {
    return undefined;
  }
}

async function readRange(file: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Checks that can fail before any byte is sent (they become a 400 Status). */
export async function assertLogReadable(pod: KubeObject, container: string, file: string, options: LogOptions): Promise<void> {
  if (options.previous) throw badRequestError(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
  if ((await fileSize(file)) === undefined && podPhase(pod) === 'Pending') {
    throw badRequestError(`container "${container}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
  }
}

/** Writes the log (its tail when asked) and, with follow, every new complete line until the pod finishes. */
export async function servePodLog(serve: ServePodLogOptions): Promise<void> {
  const { file, options, sink } = serve;
  let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
  const emit = (text: string): boolean => {
    if (text === '' || budget <= 0) return budget > 0;
    const bytes = Buffer.from(text, 'utf8');
    const allowed = bytes.subarray(0, Math.min(bytes.length, budget));
    budget -= allowed.length;
    sink.write(allowed.toString('utf8'));
    return budget > 0;
  };

  const initial = await fileSize(file);
  let offset = initial?.size ?? 0;
  if (initial !== undefined && initial.size > 0) {
    let text = (await readRange(file, 0, initial.size)).toString('utf8');
    if (options.tailLines !== undefined) text = lastLines(text, options.tailLines);
    if (!emit(options.timestamps ? withTimestamps(text, initial.mtime) : text)) return sink.end();
  }
  if (!options.follow) return sink.end();

  let stopping = false;
  void serve.stopped.then(() => {
    stopping = true;
  });
  // Bytes after the last newline wait for the rest of their line.
  let pending = '';
  for (;;) {
    const finishedBeforeRead = isPodFinished(serve.currentPod());
    const now = await fileSize(file);
    if (now !== undefined && now.size < offset) offset = 0; // truncated or replaced: start over
    if (now !== undefined && now.size > offset) {
      pending += (await readRange(file, offset, now.size)).toString('utf8');
      offset = now.size;
      const cut = pending.lastIndexOf('\n') + 1;
      const complete = pending.slice(0, cut);
      pending = pending.slice(cut);
      if (!emit(options.timestamps ? withTimestamps(complete, new Date()) : complete)) return sink.end();
    }
    if (finishedBeforeRead || stopping || sink.closed()) {
      if (!sink.closed()) emit(options.timestamps ? withTimestamps(pending, new Date()) : pending);
      return sink.end();
    }
    await new Promise((resolve) => setTimeout(resolve, serve.pollIntervalMs));
  }
}
