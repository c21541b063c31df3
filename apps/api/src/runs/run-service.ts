import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, validateRunParameters } from '@trainops/contracts';
import type { ListRunsQuerySchema, Run, RunList } from '@trainops/contracts';
import { isUniqueConstraintError } from '@trainops/db';
import type { Prisma, PrismaClient, RunRecord as RunRow } from '@trainops/db';
import type { ProjectRegistry } from '@trainops/projects';
import type { z } from 'zod';
import { hashRequest } from './request-hash.ts';
import { assertMayRequest } from './requester-access.ts';
import type { ResolveUserGroupMembers } from './requester-access.ts';
import { createRunActions } from './run-actions.ts';
import type { CancelRunResult, CancelRunWorkflow } from './run-actions.ts';
import type { RunActor } from './run-actor.ts';
import { decodeRunCursor, encodeRunCursor } from './run-cursor.ts';
import { toRunDto } from './run-dto.ts';
import type { RunRequest } from './run-request-policy.ts';

export type ListRunsFilter = z.output<typeof ListRunsQuerySchema>;

export interface CreateRunResult {
  run: Run;
  /** True when an earlier request with the same Idempotency-Key created this run. */
  replayed: boolean;
}

export interface RunService {
  createRun(request: RunRequest, idempotencyKey?: string): Promise<CreateRunResult>;
  getRun(id: string): Promise<Run>;
  listRuns(filter: ListRunsFilter): Promise<RunList>;
  /** Cancels a queued run at once, or asks the cluster to stop a submitted/running one. */
  cancelRun(id: string, actor: RunActor): Promise<CancelRunResult>;
  /** Starts a new run like a finished unsuccessful one, requested by the actor. */
  retryRun(id: string, actor: RunActor, idempotencyKey?: string): Promise<CreateRunResult>;
}

/** What sets a run apart beyond its request: the run it retries. */
export interface CreateRunOrigin {
  retryOf?: string;
}

export interface RunServiceOptions {
  prisma: PrismaClient;
  projects: ProjectRegistry;
  clock: () => Date;
  /** Expands Slack user groups in a project's requester list; without it a group matches no one. */
  resolveUserGroupMembers?: ResolveUserGroupMembers | undefined;
  /** Stops a run's workflow on the cluster; without it only queued runs can be cancelled. */
  cancelRunWorkflow?: CancelRunWorkflow | undefined;
}

export function createRunService(options: RunServiceOptions): RunService {
  const { prisma, projects, clock } = options;

  function replayOrConflict(existing: RunRow, requestHash: string, idempotencyKey: string): CreateRunResult {
    if (existing.requestHash !== requestHash) {
      throw new ConflictError(
        `The Idempotency-Key "${idempotencyKey}" was already used for a different request (run ${existing.id}). Send a new key for a new request; nothing was changed.`,
        { details: { runId: existing.id } },
      );
    }
    return { run: toRunDto(existing), replayed: true };
  }

  async function createRun(request: RunRequest, idempotencyKey?: string, origin: CreateRunOrigin = {}): Promise<CreateRunResult> {
    const project = projects.get(request.project);
    if (request.requesterIsSlackUser) {
      await assertMayRequest({
        project: project.name,
        allowed: project.slack.requesters,
        requester: request.requester,
        resolveUserGroupMembers: options.resolveUserGroupMembers,
      });
    }
    const params = validateRunParameters(project.parameters, request.params);

    // The hash covers what the caller sent (not the filled-in defaults), so a project's new
    // default does not turn an honest retry into a conflict.
    const requestHash = hashRequest({
      project: request.project,
      params: request.params,
      trigger: request.trigger,
      requester: request.requester,
      slack: request.slack,
      // A key reused to retry another run is another request, not a replay.
      retryOf: origin.retryOf,
    });
    // Keys belong to the caller: two clients picking the same key never see each other's run.
    const scopedKey = idempotencyKey === undefined ? null : `${request.callerId}:${idempotencyKey}`;
    if (scopedKey !== null && idempotencyKey !== undefined) {
      const existing = await prisma.run.findUnique({ where: { idempotencyKey: scopedKey } });
      if (existing !== null) return replayOrConflict(existing, requestHash, idempotencyKey);
    }
    if (origin.retryOf !== undefined) await assertNotRetriedYet(origin.retryOf);

    const id = randomUUID();
    const now = clock();
    try {
      const [row] = await prisma.$transaction([
        prisma.run.create({
          data: {
            id,
            project: project.name,
            kind: 'train',
            trigger: request.trigger,
            requester: request.requester,
            params,
            idempotencyKey: scopedKey,
            requestHash,
            state: 'queued',
            slackChannelId: request.slack?.channelId ?? null,
            slackThreadTs: request.slack?.threadTs ?? null,
            retryOfRunId: origin.retryOf ?? null,
            createdAt: now,
            updatedAt: now,
          },
        }),
        prisma.runEvent.create({
          data: {
            runId: id,
            fromState: null,
            toState: 'queued',
            message: origin.retryOf === undefined ? `Requested by ${request.requester}` : `Retry of run ${origin.retryOf} requested by ${request.requester}`,
            at: now,
          },
        }),
        prisma.auditEntry.create({
          data: {
            actor: request.requester,
            action: 'run.create',
            target: `run:${id}`,
            details: { via: request.callerId, project: project.name, trigger: request.trigger, params } satisfies Prisma.InputJsonObject,
            at: now,
          },
        }),
        // In the same transaction as the run, so a retry is recorded exactly when it happened.
        ...(origin.retryOf === undefined
          ? []
          : [
              prisma.auditEntry.create({
                data: {
                  actor: request.requester,
                  action: 'run.retry',
                  target: `run:${origin.retryOf}`,
                  details: { via: request.callerId, retriedRunId: origin.retryOf, newRunId: id } satisfies Prisma.InputJsonObject,
                  at: now,
                },
              }),
            ]),
      ]);
      return { run: toRunDto(row), replayed: false };
    } catch (error) {
      // Two identical requests raced: the database let one insert win; the loser answers with it.
      if (scopedKey !== null && idempotencyKey !== undefined && isUniqueConstraintError(error)) {
        const winner = await prisma.run.findUnique({ where: { idempotencyKey: scopedKey } });
        if (winner !== null) return replayOrConflict(winner, requestHash, idempotencyKey);
      }
      // Two Retry clicks with different keys raced: the unique retry_of_run_id let one win.
      if (origin.retryOf !== undefined && isUniqueConstraintError(error)) await assertNotRetriedYet(origin.retryOf);
      throw error;
    }
  }

  /** A run is retried once; later clicks (a double click, a second person) are told where that retry is. */
  async function assertNotRetriedYet(retriedRunId: string): Promise<void> {
    const retry = await prisma.run.findUnique({ where: { retryOfRunId: retriedRunId } });
    if (retry === null) return;
    throw new ConflictError(
      `Run ${retriedRunId.slice(0, 8)} was already retried as run ${retry.id.slice(0, 8)} (${retry.state.replace(/_/g, ' ')}), so nothing new was started. If that run fails too, retry it from its own card.`,
      { details: { runId: retry.id, retryOf: retriedRunId } },
    );
  }

  async function getRun(id: string): Promise<Run> {
    const row = await prisma.run.findUnique({ where: { id } });
    if (row === null) throw new NotFoundError(`There is no run with id ${id}.`, { details: { id } });
    return toRunDto(row);
  }

  async function listRuns(filter: ListRunsFilter): Promise<RunList> {
    const conditions: Prisma.RunWhereInput[] = [];
    if (filter.project !== undefined) conditions.push({ project: filter.project });
    if (filter.state !== undefined) conditions.push({ state: filter.state });
    if (filter.trigger !== undefined) conditions.push({ trigger: filter.trigger });
    if (filter.requester !== undefined) conditions.push({ requester: filter.requester });
    if (filter.cursor !== undefined) {
      const after = decodeRunCursor(filter.cursor);
      conditions.push({
        OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
      });
    }
    // One extra row tells whether another page exists without a second query.
    const rows = await prisma.run.findMany({
      where: { AND: conditions },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map(toRunDto),
      nextCursor: rows.length > filter.limit && last !== undefined ? encodeRunCursor(last) : null,
    };
  }

  const actions = createRunActions({
    prisma,
    projects,
    clock,
    resolveUserGroupMembers: options.resolveUserGroupMembers,
    cancelRunWorkflow: options.cancelRunWorkflow,
    createRun,
  });

  return {
    createRun: (request, idempotencyKey) => createRun(request, idempotencyKey),
    getRun,
    listRuns,
    cancelRun: actions.cancelRun,
    retryRun: actions.retryRun,
  };
}
