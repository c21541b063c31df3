import { canTransition, isActiveRunState } from '@trainops/contracts';
import type { RunState } from '@trainops/contracts';
import { Prisma } from '@trainops/db';
import type { PrismaClient, RunRecord } from '@trainops/db';
import type { PipelineLogger } from './pipeline-logger.ts';

// The one writer of run states (DESIGN.md "Run states"). Every write names the state it expects
// to leave in its WHERE clause, so of two writers that read the same state (two api replicas, a
// watch event racing a resync) exactly one moves the run; the other changes nothing and is told
// so. The state change and its RunEvent commit together or not at all.

export interface RunStatusUpdate {
  state: RunState;
  /** Undefined leaves the stored value; null clears it. */
  progress?: string | null;
  message?: string | null;
  /** Recorded once: the workflow that carries the run. */
  workflow?: { namespace: string; name: string };
  /** When the work started and ended, as the workflow reports; the store's clock otherwise. */
  startedAt?: Date | null;
  finishedAt?: Date | null;
  /** Kept with the RunEvent of a state change (Argo's phase, the failed step, …). */
  details?: Prisma.InputJsonValue;
}

export type ApplyStatusOutcome =
  /** The state moved. */
  | 'transitioned'
  /** Same state; progress, message or workflow written. */
  | 'updated'
  /** Nothing to write: the run already looks like this (a replay). */
  | 'unchanged'
  /** The update is behind the run (an older event, or the run moved on to approval). */
  | 'stale'
  /** The transition is not in the state machine: a bug somewhere, logged and refused. */
  | 'refused'
  /** Another writer moved the run between our read and our write. */
  | 'lost-race'
  | 'not-found';

export interface ApplyStatusResult {
  /** True only for the one write that moved the state. */
  changed: boolean;
  from: RunState | null;
  to: RunState;
  outcome: ApplyStatusOutcome;
  /** The run as stored after this call (null when there is no such run). */
  run: RunRecord | null;
}

export interface RunStateStore {
  /**
   * Applies `next` to the run. `current`, when given, is the row as the caller just read it and
   * saves a read; a stale one is harmless (the write's condition decides, and loses the race).
   */
  applyStatus(runId: string, next: RunStatusUpdate, current?: RunRecord): Promise<ApplyStatusResult>;
}

export interface RunStateStoreOptions {
  prisma: PrismaClient;
  clock: () => Date;
  logger: PipelineLogger;
}

// How far along a run is: an update that ranks below the run is an old event, not a bug.
const stateRank: Record<RunState, number> = {
  queued: 0,
  submitted: 1,
  running: 2,
  succeeded: 3,
  failed: 3,
  error: 3,
  cancelled: 3,
  pending_approval: 4,
  promoted: 5,
  rejected: 5,
};

export function createRunStateStore(options: RunStateStoreOptions): RunStateStore {
  const { prisma, clock, logger } = options;

  async function applyStatus(runId: string, next: RunStatusUpdate, known?: RunRecord): Promise<ApplyStatusResult> {
    const current = known?.id === runId ? known : await prisma.run.findUnique({ where: { id: runId } });
    if (current === null) {
      logger.warn({ runId, to: next.state }, 'run state update for a run that does not exist');
      return { changed: false, from: null, to: next.state, outcome: 'not-found', run: null };
    }
    const from = current.state;
    const result = (outcome: ApplyStatusOutcome, run: RunRecord | null = current): ApplyStatusResult => ({
      changed: outcome === 'transitioned',
      from,
      to: next.state,
      outcome,
      run,
    });

    const data = buildFieldChanges(current, next);
    if (from === next.state) {
      if (Object.keys(data).length === 0) return result('unchanged');
      const updatedAt = clock();
      const { count } = await prisma.run.updateMany({ where: { id: runId, state: from }, data: { ...data, updatedAt } });
      if (count === 0) return result('lost-race', await prisma.run.findUnique({ where: { id: runId } }));
      return result('updated', { ...current, ...(data as Partial<RunRecord>), updatedAt });
    }
    if (!canTransition(from, next.state)) {
      if (stateRank[next.state] < stateRank[from] || !isActiveRunState(from)) {
        logger.debug({ runId, from, to: next.state }, 'ignored a run state update that is behind the run');
        return result('stale');
      }
      logger.warn({ runId, from, to: next.state }, 'refused an impossible run state transition');
      return result('refused');
    }

    const now = clock();
    const transition: RunColumnChanges = { ...data };
    if (current.startedAt === null && (next.state === 'running' || !isActiveRunState(next.state))) {
      const startedAt = next.startedAt ?? (next.state === 'running' ? now : null);
      if (startedAt !== null) transition.startedAt = startedAt;
    }
    if (!isActiveRunState(next.state) && current.finishedAt === null) transition.finishedAt = next.finishedAt ?? now;

    const movedId = await moveRunState(prisma, { runId, from, to: next.state, changes: transition, now, message: next.message ?? null, details: next.details });
    const moved = movedId ? await prisma.run.findUnique({ where: { id: runId } }) : null;
    if (moved === null) {
      logger.debug({ runId, from, to: next.state }, 'another writer moved the run first');
      return result('lost-race', await prisma.run.findUnique({ where: { id: runId } }));
    }
    logger.info({ runId, from, to: next.state }, 'run state changed');
    return result('transitioned', moved);
  }

  return { applyStatus };
}

/** The run columns a status update may change besides the state. */
interface RunColumnChanges {
  progress?: string | null;
  message?: string | null;
  workflowNamespace?: string;
  workflowName?: string;
  startedAt?: Date;
  finishedAt?: Date;
}

const columnNames: Record<keyof RunColumnChanges, string> = {
  progress: 'progress',
  message: 'message',
  workflowNamespace: 'workflow_namespace',
  workflowName: 'workflow_name',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
};

interface MoveRunState {
  runId: string;
  from: RunState;
  to: RunState;
  changes: RunColumnChanges;
  now: Date;
  message: string | null;
  details: Prisma.InputJsonValue | undefined;
}

/**
 * The state change and its RunEvent in one statement: the UPDATE names the state it leaves, and
 * the INSERT takes its row from the UPDATE, so the event exists exactly when the run moved. One
 * round trip instead of an interactive transaction's five: this is the watcher's hot path when
 * many runs change state at once. Answers the run id when it moved, null when another writer
 * moved it first.
 */
async function moveRunState(prisma: PrismaClient, move: MoveRunState): Promise<string | null> {
  const assignments = [Prisma.sql`"state" = ${move.to}::"RunState"`, Prisma.sql`"updated_at" = ${move.now}`];
  for (const [field, value] of Object.entries(move.changes) as Array<[keyof RunColumnChanges, RunColumnChanges[keyof RunColumnChanges]]>) {
    if (value !== undefined) assignments.push(Prisma.sql`${Prisma.raw(`"${columnNames[field]}"`)} = ${value}`);
  }
  const details = move.details === undefined ? null : JSON.stringify(move.details);
  const rows = await prisma.$queryRaw<Array<{ id: string }>>`
    WITH moved AS (
      UPDATE "runs" SET ${Prisma.join(assignments, ', ')}
      WHERE "id" = ${move.runId}::uuid AND "state" = ${move.from}::"RunState"
      RETURNING "id"
    ), recorded AS (
      INSERT INTO "run_events" ("run_id", "from_state", "to_state", "message", "details", "at")
      SELECT "id", ${move.from}::"RunState", ${move.to}::"RunState", ${move.message}, ${details}::jsonb, ${move.now} FROM moved
    )
    SELECT "id"::text AS "id" FROM moved`;
  return rows[0]?.id ?? null;
}

function buildFieldChanges(current: RunRecord, next: RunStatusUpdate): RunColumnChanges {
  const data: RunColumnChanges = {};
  if (next.progress !== undefined && next.progress !== current.progress) data.progress = next.progress;
  if (next.message !== undefined && next.message !== current.message) data.message = next.message;
  if (next.workflow !== undefined && current.workflowName === null) {
    data.workflowNamespace = next.workflow.namespace;
    data.workflowName = next.workflow.name;
  }
  return data;
}
