import { getMigrationStatus } from '@trainops/db';
import type { Database } from '@trainops/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface HealthRoutesOptions {
  database: Database;
  /** A probe that hangs is worse than one that fails: give up after this long. */
  readinessTimeoutMs?: number;
}

const LivenessSchema = z.object({ status: z.literal('ok') });

export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: z.string(), migrations: z.string() }),
  reason: z.string().optional(),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
}

export async function checkReadiness(database: Database, timeoutMs: number): Promise<Readiness> {
  try {
    await withTimeout(database.ping(), timeoutMs, 'the database');
  } catch (error) {
    const reason = `database unreachable: ${messageOf(error)}`;
    return { status: 'not_ready', checks: { database: reason, migrations: 'unknown' }, reason };
  }
  try {
    const { pending } = await withTimeout(getMigrationStatus(database), timeoutMs, 'the migration status');
    if (pending.length > 0) {
      const reason = `${pending.length} database migration(s) pending (${pending.join(', ')}): run "npm run db:migrate" or start with MIGRATE_ON_START=true`;
      return { status: 'not_ready', checks: { database: 'ok', migrations: reason }, reason };
    }
  } catch (error) {
    const reason = `migration status unknown: ${messageOf(error)}`;
    return { status: 'not_ready', checks: { database: 'ok', migrations: reason }, reason };
  }
  return { status: 'ready', checks: { database: 'ok', migrations: 'ok' } };
}

export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, options) => {
  const timeoutMs = options.readinessTimeoutMs ?? 2000;

  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'liveness',
        tags: ['operations'],
        summary: 'Liveness: the process answers',
        response: { 200: LivenessSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'readiness',
        tags: ['operations'],
        summary: 'Readiness: the database answers and has no pending migrations',
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (_request, reply) => {
      const readiness = await checkReadiness(options.database, timeoutMs);
      return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );
};
