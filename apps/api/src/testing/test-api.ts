import type { Database } from '@trainops/db';
import type { ProjectRegistry } from '@trainops/projects';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import type { DestinationStream } from 'pino';
import { buildApp } from '../app.ts';
import type { BuildAppOptions } from '../app.ts';
import type { AuthConfig } from '../config.ts';

// Shared wiring for the api's suites: a real database, a real app, the tokens of three callers.

export const CI_TOKEN = 'ci-token-aaaaaaaaaaaaaaaaaaaaaaaa';
export const DEPLOY_TOKEN = 'deploy-token-bbbbbbbbbbbbbbbbbbbbbbbb';
export const BOT_TOKEN = 'bot-token-cccccccccccccccccccccccc';

export const testAuthConfig: AuthConfig = {
  clients: [
    { name: 'ci', token: CI_TOKEN },
    { name: 'deploy', token: DEPLOY_TOKEN },
  ],
  botToken: BOT_TOKEN,
};

export const asCi = { authorization: `Bearer ${CI_TOKEN}` };
export const asDeploy = { authorization: `Bearer ${DEPLOY_TOKEN}` };
export const asBot = { authorization: `Bearer ${BOT_TOKEN}` };

export interface TestAppOptions {
  database: Database;
  projects: ProjectRegistry;
  clock?: () => Date;
  bodyLimitBytes?: number;
  logStream?: DestinationStream;
  resolveUserGroupMembers?: BuildAppOptions['resolveUserGroupMembers'];
}

export async function buildTestApp(options: TestAppOptions): Promise<FastifyInstance> {
  const app = await buildApp({
    config: {
      http: { publicUrl: 'http://api.test', bodyLimitBytes: options.bodyLimitBytes ?? 65536 },
      auth: testAuthConfig,
    },
    database: options.database,
    projects: options.projects,
    logger: options.logStream === undefined ? pino({ level: 'silent' }) : pino({ level: 'info' }, options.logStream),
    clock: options.clock,
    resolveUserGroupMembers: options.resolveUserGroupMembers,
  });
  await app.ready();
  return app;
}

/** A clock that moves one second per reading, so every run has its own createdAt. */
export function createSteppingClock(start = new Date('2025-01-01T00:00:00.000Z')): () => Date {
  let now = start.getTime();
  return () => {
    const current = new Date(now);
    now += 1000;
    return current;
  };
}

export interface RowCounts {
  runs: number;
  events: number;
  audits: number;
}

export async function countRows(database: Database): Promise<RowCounts> {
  const [runs, events, audits] = await Promise.all([
    database.prisma.run.count(),
    database.prisma.runEvent.count(),
    database.prisma.auditEntry.count(),
  ]);
  return { runs, events, audits };
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}

export function post(app: FastifyInstance, body: unknown, headers: InjectOptions['headers'] = asCi) {
  return app.inject({ method: 'POST', url: '/api/v1/runs', headers, payload: body as InjectOptions['payload'] });
}
