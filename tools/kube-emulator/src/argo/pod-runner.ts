// One pod node as a local process: the Pod object in the API, its folders and input artifacts, the
// process itself (argv, never a shell unless the template asks for one), its log, progress and
// outputs, and the Pod's status moving Pending → Running → Succeeded/Failed as a kubelet would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { podLogPath } from '../api-server/index.ts';
import type { ResolvedArtifactRepository } from './artifact-repository.ts';
import { readSecretValue } from './artifact-repository.ts';
import { loadInputArtifact, saveLogArtifact, saveOutputArtifact, type ArtifactIo } from './artifacts.ts';
import { findImageEntry, type ImageMapEntry } from './image-map.ts';
import type { KubeApi } from './kube-api.ts';
import { createPathMapper, type PathMapper } from './path-mapping.ts';
import { ContainerConfigError, resolveContainerEnv } from './pod-environment.ts';
import { buildFolderMounts, buildPodRoot } from './pod-folders.ts';
import { parseProgress } from './progress.ts';
import { toParameterString } from './substitution.ts';
import type { PodLaunchRequest, PodUpdate } from './workflow-engine.ts';
import { formatTimestamp } from './workflow-engine.ts';
import type { Artifact, Container, NodeOutputs, WorkflowSpec } from './types.ts';

export interface PodRunnerDeps {
  api: KubeApi;
  imageMap: readonly ImageMapEntry[];
  stateDir: string;
  hostNodeName: string;
  /** The host's PATH, after the image's own folder. */
  hostPath: string;
  /** Grace between SIGTERM and SIGKILL. */
  killGraceMs: number;
  progressPollMs: number;
  now(): number;
  log(message: string): void;
}

export interface PodWorkflow {
  namespace: string;
  workflowName: string;
  workflowUid: string;
  spec: WorkflowSpec;
  repository?: ResolvedArtifactRepository;
}

export interface RunningPod {
  /** Stops the process; the node fails with `message`. */
  kill(message: string): void;
  /** Stops the process without reporting anything (the controller is closing). */
  abandon(): Promise<void>;
}

const resultLimit = 256 * 1024;

class LineWriter {
  private pending = '';
  private readonly sink: WriteStream;
  constructor(sink: WriteStream) {
    this.sink = sink;
  }
  write(chunk: Buffer): void {
    const text = this.pending + chunk.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.pending = text;
      return;
    }
    this.sink.write(text.slice(0, end + 1));
    this.pending = text.slice(end + 1);
  }
  flush(): void {
    if (this.pending !== '') this.sink.write(`${this.pending}\n`);
    this.pending = '';
  }
}

function containerOf(request: PodLaunchRequest): Container & { source?: string } {
  return (request.template.container ?? request.template.script) as Container & { source?: string };
}

function resourcesFromPatch(patchText: string | undefined): Record<string, unknown> | undefined {
  if (!patchText) return undefined;
  let patch: unknown;
  try {
    patch = parseYaml(patchText);
  } catch (error) {
    throw new ContainerConfigError(`podSpecPatch is not valid JSON or YAML: ${(error as Error).message}`);
  }
  const containers = (patch as { containers?: Array<{ name?: string; resources?: Record<string, unknown> }> } | null)?.containers;
  return containers?.find((container) => container.name === 'main')?.resources;
}

function signalExitCode(signal: NodeJS.Signals | null): number {
  if (signal === 'SIGKILL') return 137;
  if (signal === 'SIGTERM') return 143;
  if (signal === 'SIGINT') return 130;
  return 128;
}

export function startPod(deps: PodRunnerDeps, workflow: PodWorkflow, request: PodLaunchRequest, onUpdate: (update: PodUpdate) => void): RunningPod {
  const { api } = deps;
  const { namespace } = workflow;
  const container = containerOf(request);
  const image = container.image ?? '';
  let child: ChildProcess | undefined;
  let killMessage: string | undefined;
  // Read through a function: kill() may set it while run() awaits, which flow analysis cannot see.
  const currentKillMessage = (): string | undefined => killMessage;
  let abandoned = false;
  let exited: Promise<void> = Promise.resolve();
  let killTimer: NodeJS.Timeout | undefined;

  const report = (update: PodUpdate): void => {
    if (!abandoned) onUpdate(update);
  };
  const patchStatus = async (status: Record<string, unknown>): Promise<void> => {
    if (abandoned) return;
    await api.patchPodStatus(namespace, request.podName, { status }).catch((error: unknown) => deps.log(`pod ${request.podName}: status update failed: ${(error as Error).message}`));
  };
  const markCompleted = async (): Promise<void> => {
    if (abandoned) return;
    await api
      .patchPod(namespace, request.podName, { metadata: { labels: { 'workflows.argoproj.io/completed': 'true' } } })
      .catch((error: unknown) => deps.log(`pod ${request.podName}: label update failed: ${(error as Error).message}`));
  };
  const containerStatus = (state: Record<string, unknown>, running: boolean): Record<string, unknown> => ({
    containerStatuses: [{ name: 'main', image, imageID: '', ready: running, started: running, restartCount: 0, state }],
  });
  const failBeforeStart = async (phase: 'Failed' | 'Error', message: string, waitingReason?: string): Promise<void> => {
    if (waitingReason) await patchStatus({ phase: 'Pending', ...containerStatus({ waiting: { reason: waitingReason, message } }, false) });
    else await patchStatus({ phase: 'Failed', message, ...containerStatus({ terminated: { exitCode: 1, reason: 'Error', message } }, false) });
    await markCompleted();
    report({ phase, message, finishedMs: deps.now() });
  };

  const run = async (): Promise<void> => {
    const entry = findImageEntry(deps.imageMap, image);
    const labels: Record<string, string> = {
      ...(request.template.metadata?.labels ?? {}),
      'workflows.argoproj.io/workflow': workflow.workflowName,
      'workflows.argoproj.io/completed': 'false',
    };
    const annotations: Record<string, string> = {
      ...(request.template.metadata?.annotations ?? {}),
      'workflows.argoproj.io/node-id': request.nodeId,
      'workflows.argoproj.io/node-name': request.nodeName,
    };
    let resources: Record<string, unknown> | undefined;
    try {
      resources = resourcesFromPatch(request.template.podSpecPatch) ?? resourcesFromPatch(workflow.spec.podSpecPatch) ?? (container.resources as Record<string, unknown> | undefined);
    } catch (error) {
      report({ phase: 'Error', message: (error as Error).message, finishedMs: deps.now() });
      return;
    }
    const pod: V1Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: request.podName,
        namespace,
        labels,
        annotations,
        ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: workflow.workflowName, uid: workflow.workflowUid, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        restartPolicy: 'Never',
        nodeName: deps.hostNodeName,
        containers: [
          {
            name: 'main',
            image,
            command: container.command,
            args: container.args,
            env: container.env as NonNullable<V1Pod['spec']>['containers'][number]['env'],
            workingDir: container.workingDir,
            resources: resources as NonNullable<V1Pod['spec']>['containers'][number]['resources'],
            volumeMounts: container.volumeMounts as NonNullable<V1Pod['spec']>['containers'][number]['volumeMounts'],
          },
        ],
      },
    };
    try {
      await api.createPod(namespace, pod);
    } catch (error) {
      report({ phase: 'Error', message: `failed to create pod ${request.podName}: ${(error as Error).message}`, finishedMs: deps.now() });
      return;
    }
    await patchStatus({ phase: 'Pending', hostIP: '127.0.0.1', startTime: formatTimestamp(deps.now()) });

    if (!entry) {
      await failBeforeStart('Error', `image "${image}" is not mapped to a local command (see the image map)`, 'ErrImagePull');
      return;
    }
    const isScript = request.template.script !== undefined;
    const command = container.command?.length ? container.command : entry.command;
    if (!command?.length) {
      await failBeforeStart('Error', `image "${image}" has no command: the template sets none and its image map entry has no "command"`, 'CreateContainerError');
      return;
    }

    const podRoot = buildPodRoot(deps.stateDir, namespace, workflow.workflowName, request.podName);
    let env: Record<string, string>;
    let mapper: PathMapper;
    try {
      await rm(podRoot, { recursive: true, force: true });
      await mkdir(path.join(podRoot, 'tmp'), { recursive: true });
      env = await resolveContainerEnv(api, namespace, container, { podName: request.podName, namespace, nodeName: deps.hostNodeName, labels, annotations });
      const mounts = await buildFolderMounts(
        { stateDir: deps.stateDir, namespace, workflowName: workflow.workflowName, podName: request.podName, spec: workflow.spec, template: request.template, api },
        container,
      );
      const knownPaths = [
        ...(request.inputs.artifacts ?? []).map((artifact) => artifact.path),
        ...(request.template.outputs?.artifacts ?? []).map((artifact) => artifact.path),
        ...(request.template.outputs?.parameters ?? []).map((parameter) => parameter.valueFrom?.path),
      ].filter((item): item is string => typeof item === 'string' && item.startsWith('/'));
      mapper = createPathMapper({ podRoot, mounts, extraPaths: knownPaths });
    } catch (error) {
      if (error instanceof ContainerConfigError) await failBeforeStart('Error', `CreateContainerConfigError: ${error.message}`, 'CreateContainerConfigError');
      else await failBeforeStart('Error', (error as Error).message);
      return;
    }

    const artifactIo: ArtifactIo = {
      repository: workflow.repository?.s3,
      readSecret: (selector, what) => readSecretValue(api, namespace, selector, what),
      keyParams: new Map([
        ['workflow.name', workflow.workflowName],
        ['workflow.namespace', namespace],
        ['workflow.uid', workflow.workflowUid],
        ['pod.name', request.podName],
      ]),
      hostPath: deps.hostPath,
    };
    for (const artifact of request.inputs.artifacts ?? []) {
      if (!artifact.path) continue;
      try {
        await loadInputArtifact(artifact, mapper.toHostPath(artifact.path), artifactIo);
      } catch (error) {
        await failBeforeStart('Error', `failed to load input artifact "${artifact.name}": ${(error as Error).message}`);
        return;
      }
    }

    const argv = [...command, ...(container.args ?? [])].map((part) => mapper.rewrite(part));
    if (isScript) {
      const scriptPath = path.join(podRoot, 'argo', 'staging', 'script');
      await mkdir(path.dirname(scriptPath), { recursive: true });
      await writeFile(scriptPath, container.source ?? '');
      await chmod(scriptPath, 0o755);
      argv.splice(command.length, 0, scriptPath);
    }
    const progressFile = path.join(podRoot, 'var', 'run', 'argo', 'progress');
    await mkdir(path.dirname(progressFile), { recursive: true });
    const processEnv: Record<string, string> = {
      PATH: [entry.path, deps.hostPath].filter(Boolean).join(path.delimiter),
      HOME: podRoot,
      TMPDIR: path.join(podRoot, 'tmp'),
      LANG: 'C.UTF-8',
      ...entry.env,
      ...Object.fromEntries(Object.entries(env).map(([key, value]) => [key, mapper.rewrite(value)])),
      ARGO_POD_NAME: request.podName,
      ARGO_NODE_ID: request.nodeId,
      ARGO_CONTAINER_NAME: 'main',
      ARGO_TEMPLATE: JSON.stringify(request.template),
      ARGO_WORKFLOW_NAME: workflow.workflowName,
      ARGO_WORKFLOW_UID: workflow.workflowUid,
      ARGO_PROGRESS_FILE: progressFile,
    };
    if (request.deadline !== undefined) processEnv.ARGO_DEADLINE = formatTimestamp(request.deadline);
    const workingDir = container.workingDir ? mapper.toHostPath(container.workingDir) : podRoot;
    await mkdir(workingDir, { recursive: true });

    const logFile = podLogPath(deps.stateDir, namespace, request.podName, 'main');
    await mkdir(path.dirname(logFile), { recursive: true });
    if (currentKillMessage() !== undefined || abandoned) {
      await failBeforeStart('Failed', currentKillMessage() ?? 'abandoned');
      return;
    }

    const log = createWriteStream(logFile, { flags: 'a' });
    const stdoutLines = new LineWriter(log);
    const stderrLines = new LineWriter(log);
    const captured: Buffer[] = [];
    let capturedBytes = 0;
    const startedMs = deps.now();
    const [program = '', ...programArgs] = argv;
    const spawned = spawn(program, programArgs, { cwd: workingDir, env: processEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = spawned;
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
      spawned.once('error', (error) => resolve({ code: null, signal: null, spawnError: error }));
      spawned.once('close', (code, signal) => resolve({ code, signal }));
    });
    exited = exit.then(() => undefined);
    spawned.stdout?.on('data', (chunk: Buffer) => {
      stdoutLines.write(chunk);
      if (request.captureResult && capturedBytes < resultLimit) {
        captured.push(chunk);
        capturedBytes += chunk.length;
      }
    });
    spawned.stderr?.on('data', (chunk: Buffer) => stderrLines.write(chunk));

    let lastProgress: string | undefined;
    const readProgress = async (): Promise<void> => {
      const text = (await readFile(progressFile, 'utf8').catch(() => '')).trim().split('\n').at(-1) ?? '';
      if (text !== lastProgress && parseProgress(text)) {
        lastProgress = text;
        report({ progress: text });
      }
    };
    const progressTimer = setInterval(() => void readProgress(), deps.progressPollMs);
    let deadlineTimer: NodeJS.Timeout | undefined;
    if (request.deadline !== undefined) {
      deadlineTimer = setTimeout(() => handle.kill('Pod was active on the node longer than the specified deadline'), Math.max(0, request.deadline - deps.now()));
    }

    if (spawned.pid !== undefined) {
      await patchStatus({ phase: 'Running', podIP: '127.0.0.1', ...containerStatus({ running: { startedAt: formatTimestamp(startedMs) } }, true) });
      report({ phase: 'Running', hostNodeName: deps.hostNodeName, startedMs });
    }

    const result = await exit;
    clearInterval(progressTimer);
    if (deadlineTimer) clearTimeout(deadlineTimer);
    if (killTimer) clearTimeout(killTimer);
    stdoutLines.flush();
    stderrLines.flush();
    await new Promise<void>((resolve) => log.end(resolve));
    if (abandoned) return;
    await readProgress();
    const finishedMs = deps.now();

    if (result.spawnError) {
      const code = (result.spawnError as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'executable file not found in $PATH' : result.spawnError.message;
      await failBeforeStart('Error', `failed to start the main container: exec: "${program}": ${reason}`);
      return;
    }
    const exitCode = result.code ?? signalExitCode(result.signal);
    const killedWith = currentKillMessage();
    let phase: 'Succeeded' | 'Failed' | 'Error' = killedWith === undefined && exitCode === 0 ? 'Succeeded' : 'Failed';
    let message = killedWith ?? (exitCode === 0 ? undefined : `Error (exit code ${exitCode})`);
    const outputs: NodeOutputs = { exitCode: String(exitCode) };
    if (request.captureResult) outputs.result = Buffer.concat(captured).toString('utf8').slice(0, resultLimit).replace(/\n$/, '');

    try {
      const parameters: Array<{ name: string; value: string }> = [];
      for (const parameter of request.template.outputs?.parameters ?? []) {
        let value: string | undefined;
        if (parameter.valueFrom?.path) {
          value = await readFile(mapper.toHostPath(parameter.valueFrom.path), 'utf8').then(
            (text) => text.replace(/\s+$/, ''),
            () => undefined,
          );
          if (value === undefined) value = toParameterString(parameter.valueFrom.default);
          if (value === undefined && phase === 'Succeeded') throw new Error(`failed to get outputs: open ${parameter.valueFrom.path}: no such file or directory`);
        } else {
          value = toParameterString(parameter.value);
        }
        if (value !== undefined) parameters.push({ name: parameter.name, value });
      }
      if (parameters.length > 0) outputs.parameters = parameters;
      const artifacts: Artifact[] = [];
      for (const artifact of request.template.outputs?.artifacts ?? []) {
        if (!artifact.path) continue;
        try {
          const saved = await saveOutputArtifact(artifact, mapper.toHostPath(artifact.path), artifactIo);
          if (saved) artifacts.push(saved);
        } catch (error) {
          if (phase === 'Succeeded') throw error;
        }
      }
      const archiveLogs = request.template.archiveLocation?.archiveLogs ?? workflow.spec.archiveLogs ?? workflow.repository?.archiveLogs ?? false;
      if (archiveLogs && workflow.repository) artifacts.push(await saveLogArtifact(logFile, artifactIo));
      if (artifacts.length > 0) outputs.artifacts = artifacts;
    } catch (error) {
      phase = 'Error';
      message = `failed to save outputs: ${(error as Error).message}`;
    }

    const terminated = {
      exitCode,
      reason: killedWith?.startsWith('Pod was active') ? 'DeadlineExceeded' : exitCode === 0 ? 'Completed' : 'Error',
      startedAt: formatTimestamp(startedMs),
      finishedAt: formatTimestamp(finishedMs),
      ...(message ? { message } : {}),
    };
    await patchStatus({ phase: phase === 'Succeeded' ? 'Succeeded' : 'Failed', ...(message ? { message } : {}), ...containerStatus({ terminated }, false) });
    await markCompleted();
    report({ phase, message: message ?? '', outputs, finishedMs });
  };

  const done = run().catch((error: unknown) => {
    deps.log(`pod ${request.podName}: ${(error as Error).stack ?? String(error)}`);
    report({ phase: 'Error', message: (error as Error).message, finishedMs: deps.now() });
  });

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };

  const handle: RunningPod = {
    kill(message) {
      if (killMessage !== undefined) return;
      killMessage = message;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), deps.killGraceMs);
      killTimer.unref();
    },
    async abandon() {
      abandoned = true;
      signalGroup('SIGKILL');
      await exited;
      await done;
    },
  };
  return handle;
}
