import { randomUUID } from 'node:crypto';
import type { Database } from '../database.ts';
import type { SqlSession } from '../sql-session.ts';
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles, type MigrationFile } from './migration-files.ts';

/**
 * Prisma's own advisory lock key for migrations: using the same one means this runner and a
 * `prisma migrate deploy` run elsewhere also wait for each other.
 */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** The table exactly as Prisma creates it, so `prisma migrate deploy` agrees with our bookkeeping. */
const createBookkeepingTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export class MigrationError extends Error {}

/** All the runner needs of a database: a session of its own. */
export type MigrationTarget = Pick<Database, 'openSession'>;

export interface MigrateOptions {
  migrationsDir?: string;
  /** Called once per migration as it is applied (for logs). */
  onApplied?: (name: string) => void;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations in order, each in its own transaction, under Prisma's advisory
 * lock so that replicas starting together apply each migration once. Refuses to go on when an
 * applied migration's file has changed, is missing, or a migration was left failed.
 */
export async function migrateDatabase(database: MigrationTarget, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const files = await readMigrationFiles(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const session = await database.openSession();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await session.execute(createBookkeepingTable);
      // Read the bookkeeping only under the lock: another replica may just have applied some.
      const appliedRows = await readAppliedRows(session);
      const pending = planPending(files, appliedRows);
      const applied: string[] = [];
      for (const migration of pending) {
        await applyMigration(session, migration);
        applied.push(migration.name);
        options.onApplied?.(migration.name);
      }
      return { applied };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    }
  } finally {
    await session.close();
  }
}

/** What is applied and what is still to apply; throws where `migrateDatabase` would refuse. */
export async function getMigrationStatus(database: MigrationTarget, options: Pick<MigrateOptions, 'migrationsDir'> = {}): Promise<MigrationStatus> {
  const files = await readMigrationFiles(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const session = await database.openSession();
  try {
    const [{ exists } = { exists: false }] = await session.query<{ exists: boolean }>(
      `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`,
    );
    const rows = exists ? await readAppliedRows(session) : [];
    const pending = planPending(files, rows);
    return {
      applied: rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name),
      pending: pending.map((migration) => migration.name),
    };
  } finally {
    await session.close();
  }
}

async function readAppliedRows(session: SqlSession): Promise<AppliedRow[]> {
  return session.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name',
  );
}

function planPending(files: MigrationFile[], rows: AppliedRow[]): MigrationFile[] {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} started but did not finish. Inspect the database, then mark it with ` +
        `\`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or --applied) before migrating again.`,
    );
  }
  const fileByName = new Map(files.map((file) => [file.name, file]));
  for (const row of live) {
    const file = fileByName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        `Migration ${row.migration_name} is applied to the database but missing from the migrations folder. ` +
          'Restore it: applied migrations must never be deleted.',
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the ` +
          `database, ${file.checksum.slice(0, 12)}… on disk). Put the applied version back and add a new migration instead.`,
      );
    }
  }
  const appliedNames = new Set(live.map((row) => row.migration_name));
  return files.filter((file) => !appliedNames.has(file.name));
}

async function applyMigration(session: SqlSession, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  // PostgreSQL DDL is transactional: a failing script leaves neither schema changes nor a
  // bookkeeping row behind, so a corrected file can simply be applied again.
  await session.execute('BEGIN');
  try {
    await session.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    await session.execute(migration.sql);
    await session.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
    await session.execute('COMMIT');
  } catch (error) {
    await session.execute('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}
