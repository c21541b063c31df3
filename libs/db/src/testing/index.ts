// Test support for every unit that needs a database: a fresh, migrated database per call, on
// PGlite always and on PostgreSQL when one answers. Imported as `@trainops/db/testing`.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createDatabase, IN_MEMORY, type Database, type DatabaseKind } from '../database.ts';
import { migrateDatabase } from '../migrations/migrate.ts';
import { pgliteSession } from '../sql-session.ts';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The server the PostgreSQL variants of database suites use; its database is only an entry. */
export function testPostgresAdminUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL;
}

let postgresReachable: Promise<boolean> | undefined;

async function probePostgres(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The database kinds to run suites on: always PGlite; PostgreSQL when TEST_DATABASE_URL (or the
 * local default) answers. Set TEST_REQUIRE_POSTGRES=1 to make an unreachable server an error.
 */
export async function testDatabaseKinds(): Promise<DatabaseKind[]> {
  const adminUrl = testPostgresAdminUrl();
  postgresReachable ??= probePostgres(adminUrl);
  if (await postgresReachable) return ['pglite', 'postgres'];
  if (process.env['TEST_REQUIRE_POSTGRES'] === '1') {
    throw new Error(`TEST_REQUIRE_POSTGRES=1 but PostgreSQL at ${new URL(adminUrl).host} does not answer.`);
  }
  console.warn(`PostgreSQL at ${new URL(adminUrl).host} does not answer: database suites run on PGlite only.`);
  return ['pglite'];
}

export interface TestDatabase extends Database {
  /** The connection string of the fresh PostgreSQL database (undefined for PGlite). */
  readonly url: string | undefined;
}

export interface CreateTestDatabaseOptions {
  /** Apply the migrations (default true). */
  migrate?: boolean;
}

/** A fresh database of the given kind; `close()` drops it. */
export async function createTestDatabase(kind: DatabaseKind, options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (kind === 'pglite') return createPgliteTestDatabase(migrate);
  const database = await createPostgresTestDatabase();
  if (migrate) {
    try {
      await migrateDatabase(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

// Starting PGlite from a dump of an already-migrated database takes a fraction of the time of
// initdb plus migrations, and database suites create many databases.
let migratedPgliteDump: Promise<Blob> | undefined;

async function dumpMigratedPglite(): Promise<Blob> {
  const pglite = new PGlite();
  try {
    await migrateDatabase({ openSession: async () => pgliteSession(pglite) });
    return await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
}

async function createPgliteTestDatabase(migrated: boolean): Promise<TestDatabase> {
  const pgliteLoadDataDir = migrated ? await (migratedPgliteDump ??= dumpMigratedPglite()) : undefined;
  const database = await createDatabase({ dataDir: IN_MEMORY, pgliteLoadDataDir });
  return Object.assign(database, { url: undefined });
}

async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testPostgresAdminUrl();
  const name = `trainops_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, maxConnections: 5 });
  const close = database.close;
  return Object.assign(database, {
    url: url.toString(),
    close: async () => {
      await close();
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  });
}

async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export { startTcpProxy, viaProxy } from './tcp-proxy.ts';
export type { TcpProxy } from './tcp-proxy.ts';
