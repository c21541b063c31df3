import {
  CreateRunRequestSchema,
  ErrorBodySchema,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAY_HEADER,
  IdempotencyKeySchema,
  ListRunsQuerySchema,
  RunIdParamsSchema,
  RunListSchema,
  RunSchema,
} from '@trainops/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../auth/request-caller.ts';
import { runActionRoutes } from './run-action-routes.ts';
import { resolveRunRequest } from './run-request-policy.ts';
import type { RunRoutesOptions } from './run-routes-options.ts';


const security = [{ bearerAuth: [] }];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 503: ErrorBodySchema };

// Other headers pass through untouched: fastify replaces request.headers with the parsed value.
const CreateRunHeadersSchema = z.looseObject({
  [IDEMPOTENCY_KEY_HEADER]: IdempotencyKeySchema.optional().describe(
    'Makes a retry safe: a repeat with the same key and request returns the first run (200, Idempotent-Replayed: true).',
  ),
});

export const runRoutes: FastifyPluginAsyncZod<RunRoutesOptions> = async (app, { runService, metrics, publicUrl, onRunCreated, onRunCancelled }) => {
  app.post(
    '/runs',
    {
      schema: {
        operationId: 'createRun',
        tags: ['runs'],
        summary: 'Start a training run',
        security,
        headers: CreateRunHeadersSchema,
        body: CreateRunRequestSchema,
        response: {
          200: RunSchema.describe('An earlier request with the same Idempotency-Key created this run.'),
          201: RunSchema.describe('The run was created and queued.'),
          ...errors,
          403: ErrorBodySchema,
          404: ErrorBodySchema,
          409: ErrorBodySchema,
          413: ErrorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const runRequest = resolveRunRequest(callerOf(request), request.body);
      const idempotencyKey = request.headers[IDEMPOTENCY_KEY_HEADER];
      const { run, replayed } = await runService.createRun(runRequest, idempotencyKey);
      const log = request.log.child({ runId: run.id });
      const base = publicUrl ?? `${request.protocol}://${request.host}`;
      reply.header('location', `${base}/api/v1/runs/${run.id}`);
      if (replayed) {
        log.info({ project: run.project }, 'run request replayed');
        reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
        return reply.status(200).send(run);
      }
      metrics.runsCreated.inc({ project: run.project, trigger: run.trigger });
      log.info({ project: run.project, trigger: run.trigger, requester: run.requester }, 'run created');
      onRunCreated?.(run);
      return reply.status(201).send(run);
    },
  );

  app.get(
    '/runs/:id',
    {
      schema: {
        operationId: 'getRun',
        tags: ['runs'],
        summary: 'One run',
        security,
        params: RunIdParamsSchema,
        response: { 200: RunSchema, ...errors, 404: ErrorBodySchema },
      },
    },
    async (request) => runService.getRun(request.params.id),
  );

  app.get(
    '/runs',
    {
      schema: {
        operationId: 'listRuns',
        tags: ['runs'],
        summary: 'Runs, newest first, a page at a time',
        security,
        querystring: ListRunsQuerySchema,
        response: { 200: RunListSchema, ...errors },
      },
    },
    async (request) => runService.listRuns(request.query),
  );

  await app.register(runActionRoutes, { runService, metrics, publicUrl, onRunCreated, onRunCancelled });
};
