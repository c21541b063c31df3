import { ConflictError, NotFoundError, UpstreamError, isActiveRunState } from '@trainops/contracts';
import type { Run, RunState } from '@trainops/contracts';
import type { Prisma, PrismaClient, RunRecord } from '@trainops/db';
import type { ProjectRegistry } from '@trainops/projects';
import { assertMayActOnRun } from './run-action-access.ts';
import type { RunActor } from './run-actor.ts';
import { toRunDto } from './run-dto.ts';
import type { RunRequest } from './run-request-policy.ts';
import type { ResolveUserGroupMembers } from './requester-access.ts';
import type { CreateRunOrigin, CreateRunResult } from './run-service.ts';

// Cancel and retry: the two things a person may do to a run after starting it. Both are allowed
// to the run's requester and the project's approvers. Neither talks to the cluster directly:
// stopping a workflow is the `cancelRunWorkflow` port (Argo's Stop, so exit handlers still run),
// and the watcher records the `cancelled` state when Argo reports it.

/** Asks the cluster to stop the run's workflow; resolves once the request was accepted. */
export type CancelRunWorkflow = (run: RunRecord) => Promise<void>;

export interface CancelRunResult {
  run: Run;
  /**
   * `cancelled`: the run was still queued and is now cancelled. `stopping`: its workflow was
   * asked to stop (now, or by an earlier cancel); the run becomes `cancelled` when Argo says so.
   */
  outcome: 'cancelled' | 'stopping';
}

export interface RunActions {
  cancelRun(id: string, actor: RunActor): Promise<CancelRunResult>;
  retryRun(id: string, actor: RunActor, idempotencyKey?: string): Promise<CreateRunResult>;
}

export interface RunActionsOptions {
  prisma: PrismaClient;
  projects: ProjectRegistry;
  clock: () => Date;
  resolveUserGroupMembers: ResolveUserGroupMembers | undefined;
  cancelRunWorkflow: CancelRunWorkflow | undefined;
  /** The run service's own create: a retry obeys every rule a new request does. */
  createRun(request: RunRequest, idempotencyKey: string | undefined, origin: CreateRunOrigin): Promise<CreateRunResult>;
}

const retryableStates: readonly RunState[] = ['failed', 'error', 'cancelled'];

// A queued run may be picked up by the submitter between our read and our write; each lost race
// means the run moved on, so deciding again on what it is now ends within a few rounds.
const maxCancelRounds = 3;

export function createRunActions(options: RunActionsOptions): RunActions {
  const { prisma, projects, clock } = options;

  async function findRun(id: string): Promise<RunRecord> {
    const row = await prisma.run.findUnique({ where: { id } });
    if (row === null) throw new NotFoundError(`There is no run with id ${id}.`, { details: { id } });
    return row;
  }

  async function cancelRun(id: string, actor: RunActor): Promise<CancelRunResult> {
    let row = await findRun(id);
    await assertMayActOnRun({ action: 'cancel', run: row, actor, projects, resolveUserGroupMembers: options.resolveUserGroupMembers });
    for (let round = 1; ; round += 1) {
      assertCancellable(row);
      if (row.state === 'queued' && row.workflowName === null) {
        const cancelled = await cancelQueuedRun(row, actor);
        if (cancelled !== null) return { run: toRunDto(cancelled), outcome: 'cancelled' };
      } else {
        return stopRunWorkflow(row, actor);
      }
      if (round >= maxCancelRounds) {
        throw new ConflictError(`Run ${shortId(id)} is changing state right now; try to cancel it again in a moment.`);
      }
      row = await findRun(id);
    }
  }

  /** Null when the run left `queued` (or got a workflow) before the conditional write. */
  async function cancelQueuedRun(row: RunRecord, actor: RunActor): Promise<RunRecord | null> {
    const now = clock();
    return prisma.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: { id: row.id, state: 'queued', workflowName: null },
        data: { state: 'cancelled', message: 'Cancelled before it started.', finishedAt: now, updatedAt: now },
      });
      if (count === 0) return null;
      await tx.runEvent.create({
        data: { runId: row.id, fromState: 'queued', toState: 'cancelled', message: `Cancelled by ${actor.id} before it started`, at: now },
      });
      await tx.auditEntry.create({
        data: {
          actor: actor.id,
          action: 'run.cancel',
          target: `run:${row.id}`,
          details: { via: actor.callerId, from: 'queued', stopped: 'before submission' } satisfies Prisma.InputJsonObject,
          at: now,
        },
      });
      return tx.run.findUnique({ where: { id: row.id } });
    });
  }

  async function stopRunWorkflow(row: RunRecord, actor: RunActor): Promise<CancelRunResult> {
    const stop = options.cancelRunWorkflow;
    if (stop === undefined) {
      throw new UpstreamError(
        `The cluster is not configured, so run ${shortId(row.id)} cannot be stopped from here. Nothing was changed.`,
      );
    }
    const now = clock();
    // The run row is locked while we look for an earlier cancel, so two clicks at once cannot
    // both decide they are the first: exactly one of them sends the stop.
    const claim = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM runs WHERE id = ${row.id}::uuid FOR UPDATE`;
      const current = await tx.run.findUnique({ where: { id: row.id } });
      if (current === null) throw new NotFoundError(`There is no run with id ${row.id}.`, { details: { id: row.id } });
      assertCancellable(current);
      const earlier = await tx.auditEntry.findFirst({ where: { target: `run:${row.id}`, action: 'run.cancel' }, select: { id: true } });
      if (earlier !== null) return { run: current, auditId: null };
      const entry = await tx.auditEntry.create({
        data: {
          actor: actor.id,
          action: 'run.cancel',
          target: `run:${row.id}`,
          details: {
            via: actor.callerId,
            from: current.state,
            workflow: current.workflowName === null ? null : `${current.workflowNamespace ?? ''}/${current.workflowName}`,
          } satisfies Prisma.InputJsonObject,
          at: now,
        },
      });
      return { run: current, auditId: entry.id };
    });

    if (claim.auditId !== null) {
      try {
        await stop(claim.run);
      } catch (error) {
        // The entry is what makes a later cancel skip the stop; left behind after a failed stop,
        // it would make the run impossible to cancel. Removed, the next click tries again.
        await prisma.auditEntry.delete({ where: { id: claim.auditId } });
        const reason = error instanceof Error ? error.message : String(error);
        throw new UpstreamError(
          `The cluster did not stop run ${shortId(row.id)} (${reason}). It may still be running; try to cancel it again in a moment.`,
          { cause: error },
        );
      }
    }
    return { run: toRunDto(claim.run), outcome: 'stopping' };
  }

  async function retryRun(id: string, actor: RunActor, idempotencyKey?: string): Promise<CreateRunResult> {
    const source = await findRun(id);
    const role = await assertMayActOnRun({ action: 'retry', run: source, actor, projects, resolveUserGroupMembers: options.resolveUserGroupMembers });
    if (!retryableStates.includes(source.state)) {
      throw new ConflictError(
        `Run ${shortId(id)} is ${describeState(source.state)}; only a failed, errored or cancelled run can be retried. Nothing was started.`,
        { details: { state: source.state } },
      );
    }
    if (source.kind !== 'train') {
      throw new ConflictError(`Run ${shortId(id)} is an ${source.kind} run; only training runs can be retried. Nothing was started.`, {
        details: { kind: source.kind },
      });
    }
    const request: RunRequest = {
      project: source.project,
      params: toRunDto(source).params,
      trigger: actor.isSlackUser ? 'slash' : 'api',
      requester: actor.id,
      // Approvers may retry any run of their project, even when they are not on its requester
      // list; the requester is checked again, since their access may have been taken away.
      requesterIsSlackUser: actor.isSlackUser && role === 'requester',
      // The new run reports where the old one did, with a card of its own (no thread).
      slack: source.slackChannelId === null ? undefined : { channelId: source.slackChannelId },
      callerId: actor.callerId,
    };
    return options.createRun(request, idempotencyKey, { retryOf: source.id });
  }

  return { cancelRun, retryRun };
}

function assertCancellable(row: RunRecord): void {
  if (isActiveRunState(row.state)) return;
  throw new ConflictError(
    `Run ${shortId(row.id)} is ${describeState(row.state)} and can no longer be cancelled; only a queued, submitted or running run can. Nothing was changed.`,
    { details: { state: row.state } },
  );
}

function describeState(state: RunState): string {
  return state.replace(/_/g, ' ');
}

function shortId(id: string): string {
  return id.slice(0, 8);
}
