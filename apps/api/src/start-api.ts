import { isUserFacingError } from '@trainops/contracts';
import { createDatabase, describePostgresUrl, isDatabaseUnavailableError, migrateDatabase } from '@trainops/db';
import type { Database } from '@trainops/db';
import { loadProjectRegistry } from '@trainops/projects';
import type { FastifyBaseLogger } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import type { ApiConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createNotifierWebClient } from './notifier/index.ts';
import { startRunPipeline, type RunPipeline } from './run-pipeline.ts';
import type { ResolveUserGroupMembers } from './runs/requester-access.ts';
import { createSlackUserGroupResolver } from './slack-directory/index.ts';

export interface StartApiOptions {
  logger?: FastifyBaseLogger;
  resolveUserGroupMembers?: ResolveUserGroupMembers;
}

export interface RunningApi {
  /** Where the api listens (the real port when API_PORT is 0). */
  url: string;
  close(): Promise<void>;
}

/** A start-up failure whose message is one line an operator can act on. */
export class StartupError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'StartupError';
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || 'no reason given';
}

async function openDatabase(config: ApiConfig['database']): Promise<Database> {
  let database: Database;
  try {
    database = await createDatabase({ databaseUrl: config.url, dataDir: config.dataDir });
  } catch (error) {
    // createDatabase already names the host (never the password) and what to check.
    if (isUserFacingError(error) || isDatabaseUnavailableError(error)) {
      const where = config.url === undefined ? `the embedded database in ${config.dataDir}` : describePostgresUrl(config.url);
      const message = firstLine(error);
      throw new StartupError(message.includes('Cannot') ? message : `Cannot reach ${where}: ${message}`, { cause: error });
    }
    throw error;
  }
  if (!config.migrateOnStart) return database;
  try {
    await migrateDatabase(database);
    return database;
  } catch (error) {
    await database.close().catch(() => undefined);
    if (isUserFacingError(error) || isDatabaseUnavailableError(error)) {
      throw new StartupError(`Migrating ${database.description} failed: ${firstLine(error)}`, { cause: error });
    }
    throw error;
  }
}

/** User groups in requester lists are looked up in Slack when the api has a bot token. */
function slackUserGroupResolver(config: ApiConfig): ResolveUserGroupMembers | undefined {
  if (config.slack === undefined) return undefined;
  // No retries and a short timeout: this runs while a person waits for their /train answer.
  const directory = createNotifierWebClient({ token: config.slack.botToken, ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}), timeoutMs: 3000 });
  return createSlackUserGroupResolver({ directory, ttlMs: userGroupMembersTtlMs });
}

// Long enough that a busy channel stays far below usergroups.users.list's ~20 calls a minute.
const userGroupMembersTtlMs = 60_000;

function urlOf(address: AddressInfo): string {
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Opens the database, migrates it (MIGRATE_ON_START), loads the projects and listens. */
export async function startApi(config: ApiConfig, options: StartApiOptions = {}): Promise<RunningApi> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config.database);
  let pipeline: RunPipeline | undefined;
  try {
    const projects = await loadProjectRegistry({ dir: config.projectsDir });
    if (config.pipeline) {
      try {
        pipeline = await startRunPipeline({ pipeline: config.pipeline, slack: config.slack, prisma: database.prisma, projects, publicUrl: config.http.publicUrl, logger });
      } catch (error) {
        throw new StartupError(`Cannot reach the cluster (KUBECONFIG ${config.pipeline.kubeconfig}): ${firstLine(error)}`, { cause: error });
      }
    } else {
      logger.warn('KUBECONFIG is not set: runs are recorded but not submitted to a cluster');
    }
    const app = await buildApp({
      config,
      database,
      projects,
      logger,
      resolveUserGroupMembers: options.resolveUserGroupMembers ?? slackUserGroupResolver(config),
      ...(pipeline ? { onRunCreated: (run) => pipeline?.runCreated(run.id), cancelRunWorkflow: (run) => pipeline?.stopWorkflow(run) ?? Promise.resolve(), onRunCancelled: (run) => pipeline?.runCancelled(run.id) } : {}),
    });
    await app.listen({ host: config.http.host, port: config.http.port });
    const url = urlOf(app.server.address() as AddressInfo);
    logger.info(
      { url, database: database.kind, projects: projects.list().map((project) => project.name) },
      `api listening on ${url}`,
    );
    let closing: Promise<void> | undefined;
    return {
      url,
      close: () => {
        // Closing twice (two signals, a test and a signal) must not close the database twice.
        closing ??= app
          .close()
          .then(() => pipeline?.close())
          .finally(() => database.close());
        return closing;
      },
    };
  } catch (error) {
    await pipeline?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
