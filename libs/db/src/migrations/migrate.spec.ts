import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../database.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { getMigrationStatus, migrateDatabase } from './migrate.ts';
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from './migration-files.ts';

const kinds = await testDatabaseKinds();

async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'trainops-migrations-'));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function countRows(database: TestDatabase, table: string): Promise<number> {
  const session = await database.openSession();
  try {
    const [row] = await session.query<{ count: number }>(`SELECT count(*)::int AS count FROM "${table}"`);
    return row?.count ?? 0;
  } finally {
    await session.close();
  }
}

describe.each(kinds)('migrating a %s database', (kind) => {
  let database: TestDatabase;
  let migrationsDir: string;
  beforeEach(async () => {
    database = await createTestDatabase(kind, { migrate: false });
    migrationsDir = await copyMigrations();
  });
  afterEach(async () => {
    await database.close();
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it('applies every migration once and records it as Prisma does', async () => {
    const files = await readMigrationFiles(migrationsDir);
    expect(await getMigrationStatus(database, { migrationsDir })).toEqual({ applied: [], pending: files.map((file) => file.name) });

    const first = await migrateDatabase(database, { migrationsDir });
    expect(first.applied).toEqual(files.map((file) => file.name));
    const second = await migrateDatabase(database, { migrationsDir });
    expect(second.applied).toEqual([]);
    expect(await getMigrationStatus(database, { migrationsDir })).toEqual({ applied: first.applied, pending: [] });

    const session = await database.openSession();
    try {
      const rows = await session.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
        'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"',
      );
      const initSql = await readFile(path.join(migrationsDir, files[0]!.name, 'migration.sql'));
      expect(rows).toHaveLength(files.length);
      expect(rows[0]).toMatchObject({
        migration_name: files[0]!.name,
        checksum: createHash('sha256').update(initSql).digest('hex'),
        applied_steps_count: 1,
      });
      expect(rows[0]!.finished_at).toBeInstanceOf(Date);
    } finally {
      await session.close();
    }
  });

  it('refuses to go on when an applied migration file was changed, and changes nothing', async () => {
    await migrateDatabase(database, { migrationsDir });
    const [init] = await readMigrationFiles(migrationsDir);
    const file = path.join(migrationsDir, init!.name, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited afterwards\n`);
    await addMigration(migrationsDir, '29990101000000_later', 'CREATE TABLE "later" ("id" INTEGER PRIMARY KEY);');

    await expect(migrateDatabase(database, { migrationsDir })).rejects.toThrow(
      new RegExp(`Migration ${init!.name} was changed after it was applied .*Put the applied version back and add a new migration instead`),
    );
    // Only the project's own migrations stay recorded; the later one was not applied.
    await expect(countRows(database, '_prisma_migrations')).resolves.toBe((await readMigrationFiles(migrationsDir)).length - 1);
    await expect(tableExists(database, 'later')).resolves.toBe(false);
  });

  it('refuses to go on when an applied migration is missing from the folder', async () => {
    await migrateDatabase(database, { migrationsDir });
    const [init] = await readMigrationFiles(migrationsDir);
    await rm(path.join(migrationsDir, init!.name), { recursive: true });
    await expect(migrateDatabase(database, { migrationsDir })).rejects.toThrow(
      `Migration ${init!.name} is applied to the database but missing from the migrations folder`,
    );
  });

  it('rolls a failing migration back whole and leaves no bookkeeping row for it', async () => {
    const { applied } = await migrateDatabase(database, { migrationsDir });
    await addMigration(migrationsDir, '29990101000000_broken', 'CREATE TABLE "half" ("id" INTEGER);\nSELECT * FROM "no_such_table";');
    await expect(migrateDatabase(database, { migrationsDir })).rejects.toThrow(/Migration 29990101000000_broken failed and was rolled back: .*no_such_table/);
    await expect(tableExists(database, 'half')).resolves.toBe(false);
    await expect(countRows(database, '_prisma_migrations')).resolves.toBe(applied.length);

    // Fixing the file is enough: nothing of the failed attempt stands in the way.
    await addMigration(migrationsDir, '29990101000000_broken', 'CREATE TABLE "half" ("id" INTEGER);');
    await expect(migrateDatabase(database, { migrationsDir })).resolves.toEqual({ applied: ['29990101000000_broken'] });
  });

  it('refuses to go on after a migration that another tool left unfinished', async () => {
    await migrateDatabase(database, { migrationsDir });
    const session = await database.openSession();
    try {
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('00000000-0000-0000-0000-000000000001', 'x', '29990101000000_stuck')`,
      );
    } finally {
      await session.close();
    }
    await expect(migrateDatabase(database, { migrationsDir })).rejects.toThrow(
      'Migration 29990101000000_stuck started but did not finish. Inspect the database, then mark it with `prisma migrate resolve --rolled-back 29990101000000_stuck`',
    );
  });
});

describe.skipIf(!kinds.includes('postgres'))('two replicas migrating one PostgreSQL database at once', () => {
  it('apply each migration exactly once', async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    const replicas = await Promise.all([1, 2, 3].map(() => createDatabase({ databaseUrl: database.url, dataDir: 'memory://', maxConnections: 1 })));
    try {
      const results = await Promise.all(replicas.map((replica) => migrateDatabase(replica)));
      const files = await readMigrationFiles();
      expect(results.flatMap((result) => result.applied).sort()).toEqual(files.map((file) => file.name).sort());
      await expect(countRows(database, '_prisma_migrations')).resolves.toBe(files.length);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
      await database.close();
    }
  });
});

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

async function tableExists(database: TestDatabase, table: string): Promise<boolean> {
  const session = await database.openSession();
  try {
    const [row] = await session.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [`"${table}"`]);
    return row?.exists ?? false;
  } finally {
    await session.close();
  }
}
