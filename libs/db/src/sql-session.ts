import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * A single database session for the work Prisma cannot do: running multi-statement migration
 * scripts and holding a session-level advisory lock. Prisma's raw queries use the extended
 * protocol (one statement each) and a pool (no session), so the runner talks to the driver.
 */
export interface SqlSession {
  /** Runs one or more statements, no parameters (simple query protocol). */
  execute(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export async function openPostgresSession(connectionString: string): Promise<SqlSession> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  await client.connect();
  // A dropped connection surfaces on the next query; unheard, the 'error' event would crash us.
  client.on('error', () => undefined);
  return {
    async execute(sql) {
      await client.query(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as Row[];
    },
    async close() {
      await client.end();
    },
  };
}

/** PGlite is one in-process session already; closing the session leaves the database open. */
export function pgliteSession(database: PGlite): SqlSession {
  return {
    async execute(sql) {
      await database.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await database.query<Row>(sql, params);
      return result.rows;
    },
    async close() {},
  };
}
