import {
  CancelRunRequestSchema,
  ErrorBodySchema,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAY_HEADER,
  IdempotencyKeySchema,
  RetryRunRequestSchema,
  RunIdParamsSchema,
  RunSchema,
} from '@trainops/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../auth/request-caller.ts';
import { resolveRunActor } from './run-actor.ts';
import type { RunRoutesOptions } from './run-routes-options.ts';


const security = [{ bearerAuth: [] }];
const refusals = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  503: ErrorBodySchema,
};

const RetryRunHeadersSchema = z.looseObject({
  [IDEMPOTENCY_KEY_HEADER]: IdempotencyKeySchema.optional().describe(
    'Makes a repeated click safe: a repeat with the same key returns the run the first one started (200, Idempotent-Replayed: true).',
  ),
});

// A machine client may send no body at all (fastify then hands over null): it acts as itself.
const CancelBodySchema = CancelRunRequestSchema.nullish();
const RetryBodySchema = RetryRunRequestSchema.nullish();

export const runActionRoutes: FastifyPluginAsyncZod<RunRoutesOptions> = async (app, { runService, metrics, publicUrl, onRunCreated, onRunCancelled }) => {
  app.post(
    '/runs/:id/cancel',
    {
      schema: {
        operationId: 'cancelRun',
        tags: ['runs'],
        summary: 'Cancel a run (its requester or a project approver)',
        description:
          'A queued run is cancelled at once (200). A submitted or running run has its workflow stopped (202); it becomes "cancelled" when the cluster reports it. Cancelling a run that is already stopping answers 202 again without a second stop.',
        security,
        params: RunIdParamsSchema,
        body: CancelBodySchema,
        response: {
          200: RunSchema.describe('The run was still queued and is now cancelled.'),
          202: RunSchema.describe('The run’s workflow is being stopped.'),
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const actor = resolveRunActor(callerOf(request), request.body ?? {}, 'cancel');
      const { run, outcome } = await runService.cancelRun(request.params.id, actor);
      request.log.info({ runId: run.id, actor: actor.id, outcome, state: run.state }, 'run cancel requested');
      if (outcome === 'cancelled') onRunCancelled?.(run);
      return reply.status(outcome === 'cancelled' ? 200 : 202).send(run);
    },
  );

  app.post(
    '/runs/:id/retry',
    {
      schema: {
        operationId: 'retryRun',
        tags: ['runs'],
        summary: 'Start a failed, errored or cancelled run again (its requester or a project approver)',
        security,
        headers: RetryRunHeadersSchema,
        params: RunIdParamsSchema,
        body: RetryBodySchema,
        response: {
          200: RunSchema.describe('An earlier request with the same Idempotency-Key created this run.'),
          201: RunSchema.describe('The new run was created and queued.'),
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const actor = resolveRunActor(callerOf(request), request.body ?? {}, 'retry');
      const { run, replayed } = await runService.retryRun(request.params.id, actor, request.headers[IDEMPOTENCY_KEY_HEADER]);
      const log = request.log.child({ runId: run.id });
      const base = publicUrl ?? `${request.protocol}://${request.host}`;
      reply.header('location', `${base}/api/v1/runs/${run.id}`);
      if (replayed) {
        log.info({ retriedRunId: request.params.id }, 'run retry replayed');
        reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
        return reply.status(200).send(run);
      }
      metrics.runsCreated.inc({ project: run.project, trigger: run.trigger });
      log.info({ retriedRunId: request.params.id, requester: run.requester }, 'run retried');
      onRunCreated?.(run);
      return reply.status(201).send(run);
    },
  );
};
