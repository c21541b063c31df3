import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MigrationFile {
  /** The folder name, `<timestamp>_<name>`, which is also Prisma's `migration_name`. */
  name: string;
  sql: string;
  /** sha256 of the file's bytes, hex: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

export const DEFAULT_MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');

const migrationFolderName = /^\d{14}_[A-Za-z0-9_]+$/;

/** The migrations in Prisma's folder layout, oldest first (the timestamp prefix orders them). */
export async function readMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of folders) {
    if (!migrationFolderName.test(name)) {
      throw new Error(`Migration folder "${name}" in ${dir} is not named <14-digit timestamp>_<name>.`);
    }
    const bytes = await readFile(path.join(dir, name, 'migration.sql'));
    migrations.push({ name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') });
  }
  return migrations;
}
