import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { UpstreamError } from '@trainops/contracts';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { openPostgresSession, pgliteSession, type SqlSession } from './sql-session.ts';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: DatabaseKind;
  /** Where it is, fit for logs: host and database name, never a password. */
  readonly description: string;
  /** Throws an UpstreamError when the database does not answer. */
  ping(): Promise<void>;
  /** A session for migrations and other driver-level work; close it when done. */
  openSession(): Promise<SqlSession>;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

/** Test support: start an in-memory embedded database from a dump instead of an empty one. */
export interface CreateDatabaseInternalOptions extends CreateDatabaseOptions {
  pgliteLoadDataDir?: Blob;
}

export const IN_MEMORY = 'memory://';

/**
 * Opens the database and checks that it answers, so a wrong URL fails at start-up with a clear
 * message instead of at the first request.
 */
export async function createDatabase(options: CreateDatabaseInternalOptions): Promise<Database> {
  const database = options.databaseUrl
    ? createPostgresDatabase(options.databaseUrl, options.maxConnections ?? 10)
    : await createPgliteDatabase(options.dataDir, options.pgliteLoadDataDir);
  try {
    await database.ping();
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

export function describePostgresUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a valid URL)';
  }
}

function createPostgresDatabase(connectionString: string, maxConnections: number): Database {
  const description = describePostgresUrl(connectionString);
  const pool = new pg.Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: 5_000 });
  // An idle pooled connection that the server or the network drops emits 'error' on the pool;
  // unheard, that would crash the process. The next query simply opens a new connection.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: 'postgres',
    description,
    ping: () => pingDatabase(prisma, description),
    openSession: async () => {
      try {
        return await openPostgresSession(connectionString);
      } catch (error) {
        throw unreachable(description, error);
      }
    },
    close: async () => {
      await prisma.$disconnect();
      if (!pool.ended) await pool.end();
    },
  };
}

async function createPgliteDatabase(dataDir: string, loadDataDir: Blob | undefined): Promise<Database> {
  const inMemory = dataDir === IN_MEMORY;
  const folder = inMemory ? undefined : path.resolve(dataDir, 'pglite');
  let lock: DataDirLock | undefined;
  if (folder) {
    mkdirSync(folder, { recursive: true });
    // PGlite has no locking of its own: two processes on one folder corrupt it.
    lock = acquireDataDirLock(folder);
  }
  let pglite: PGlite;
  try {
    pglite = loadDataDir && !folder ? new PGlite({ loadDataDir }) : new PGlite(folder);
    await pglite.waitReady;
  } catch (error) {
    lock?.release();
    throw new UpstreamError(`Cannot open the embedded database in ${folder ?? 'memory'}: ${messageOf(error)}`, { cause: error });
  }
  const description = folder ? `embedded PGlite in ${folder}` : 'embedded PGlite in memory';
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: 'pglite',
    description,
    ping: () => pingDatabase(prisma, description),
    openSession: async () => pgliteSession(pglite),
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
      lock?.release();
    },
  };
}

async function pingDatabase(prisma: PrismaClient, description: string): Promise<void> {
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    throw unreachable(description, error);
  }
}

function unreachable(description: string, cause: unknown): UpstreamError {
  return new UpstreamError(
    `Cannot reach the database (${description}): ${messageOf(cause)}. Check DATABASE_URL and that the server is running.`,
    { cause },
  );
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  if (!(error instanceof Error)) return String(error);
  const lastLine = error.message.split('\n').filter(Boolean).at(-1) ?? error.name;
  // Prisma wraps driver messages: "Raw query failed. Code: 'N/A'. Message: 'Can't reach …'".
  return /Message: [`'"](.*)[`'"]\.?\s*$/.exec(lastLine)?.[1] ?? lastLine;
}
