import type { Run } from '@trainops/contracts';
import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Database, RunRecord } from '@trainops/db';
import type { ProjectRegistry } from '@trainops/projects';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { IncomingMessage } from 'node:http';
import { createAuthenticator } from './auth/authenticate.ts';
import { requireAuthentication } from './auth/request-caller.ts';
import type { AuthConfig, HttpConfig } from './config.ts';
import { healthRoutes } from './health/health-routes.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { createApiMetrics } from './metrics/api-metrics.ts';
import { metricsRoutes } from './metrics/metrics-routes.ts';
import { projectRoutes } from './projects/project-routes.ts';
import type { ResolveUserGroupMembers } from './runs/requester-access.ts';
import { runRoutes } from './runs/run-routes.ts';
import { createRunService } from './runs/run-service.ts';

export interface AppConfig {
  http: Pick<HttpConfig, 'publicUrl' | 'bodyLimitBytes'>;
  auth: AuthConfig;
}

export interface BuildAppOptions {
  config: AppConfig;
  database: Database;
  projects: ProjectRegistry;
  logger: FastifyBaseLogger;
  /** Time source for everything the api stamps; tests pin it. */
  clock?: () => Date;
  /** Expands Slack user groups in project requester lists; without it a group matches no one. */
  resolveUserGroupMembers?: ResolveUserGroupMembers;
  readinessTimeoutMs?: number;
  /** Called with each newly created run (the training pipeline submits it). */
  onRunCreated?: (run: Run) => void;
  /** Called when a queued run is cancelled before any workflow existed. */
  onRunCancelled?: (run: Run) => void;
  /**
   * Stops a run's workflow on the cluster (Argo's Stop). Without it a submitted or running run
   * cannot be cancelled (503 "the cluster is not configured"); queued runs still can.
   */
  cancelRunWorkflow?: (run: RunRecord) => Promise<void>;
}

const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

// A caller's (or proxy's) request id is kept so one id follows a request across services; an
// odd-looking one is replaced rather than written into our logs.
function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
}

/** Builds the api with all routes; it never listens (main.ts and startApi do). */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, database, projects } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    genReqId: requestIdOf,
    bodyLimit: config.http.bodyLimitBytes,
    // Runs and projects are addressed by exact paths; a trailing slash is the same resource.
    routerOptions: { ignoreTrailingSlash: true },
  });
  // JSON only: fastify would otherwise hand a text/plain body to the schema as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app, { bodyLimitBytes: config.http.bodyLimitBytes });

  // Port 0 means "any free port" (tests, the dev stack): such a URL reaches nothing, so links are
  // then built from the address the client used.
  const publicUrl = new URL(config.http.publicUrl).port === '0' ? undefined : config.http.publicUrl;
  const metrics = createApiMetrics();
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'trainops api',
        version: '1',
        description: 'Start and follow YOLO training runs. Every /api/v1 route needs "Authorization: Bearer <token>".',
      },
      servers: [{ url: publicUrl ?? '/' }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/', '/docs/json', '/docs/yaml', '/docs/*', '/docs/static/*'] }),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const runService = createRunService({
    prisma: database.prisma,
    projects,
    clock: options.clock ?? (() => new Date()),
    resolveUserGroupMembers: options.resolveUserGroupMembers,
    cancelRunWorkflow: options.cancelRunWorkflow,
  });
  const authenticate = createAuthenticator(config.auth);

  await app.register(healthRoutes, { database, readinessTimeoutMs: options.readinessTimeoutMs ?? 2000 });
  await app.register(metricsRoutes, { metrics });
  await app.register(
    async (api) => {
      requireAuthentication(api, authenticate);
      await api.register(runRoutes, { runService, metrics, publicUrl, onRunCreated: options.onRunCreated, onRunCancelled: options.onRunCancelled });
      await api.register(projectRoutes, { projects });
    },
    { prefix: '/api/v1' },
  );
  return app;
}
