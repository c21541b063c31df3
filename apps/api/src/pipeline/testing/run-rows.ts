// Runs as the run service writes them (a row plus its first RunEvent), for the pipeline suites.
import { randomUUID } from 'node:crypto';
import type { RunState } from '@trainops/contracts';
import type { Prisma, PrismaClient, RunRecord } from '@trainops/db';
import type { PipelineLogger } from '../pipeline-logger.ts';

export interface InsertRunOptions {
  project: string;
  params?: Prisma.InputJsonObject;
  state?: RunState;
  workflowName?: string | null;
  workflowNamespace?: string | null;
}

export async function insertRun(prisma: PrismaClient, options: InsertRunOptions): Promise<RunRecord> {
  const id = randomUUID();
  const state = options.state ?? 'queued';
  const [run] = await prisma.$transaction([
    prisma.run.create({
      data: {
        id,
        project: options.project,
        kind: 'train',
        trigger: 'api',
        requester: 'U04HG7KQ2LM',
        params: options.params ?? { epochs: 3, imgsz: 320 },
        state,
        workflowName: options.workflowName ?? null,
        workflowNamespace: options.workflowNamespace ?? (options.workflowName ? 'trainops' : null),
      },
    }),
    prisma.runEvent.create({ data: { runId: id, fromState: null, toState: state, message: 'Requested by U04HG7KQ2LM' } }),
  ]);
  return run;
}

/** The run's state changes as `from→to`, oldest first. */
export async function listTransitions(prisma: PrismaClient, runId: string): Promise<string[]> {
  const events = await prisma.runEvent.findMany({ where: { runId }, orderBy: { id: 'asc' } });
  return events.map((event) => `${event.fromState ?? '∅'}→${event.toState}`);
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps every line, so suites can check what was logged. */
export function createRecordingLogger(): PipelineLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Polls `probe` until it returns a value other than undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
