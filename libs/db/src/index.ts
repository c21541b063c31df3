export { PrismaClient, Prisma } from './generated/prisma/client.ts';
export type {
  Run as RunRecord,
  RunEvent as RunEventRecord,
  ModelVersion as ModelVersionRecord,
  ModelAlias as ModelAliasRecord,
  Decision as DecisionRecord,
  Schedule as ScheduleRecord,
  ScheduleFire as ScheduleFireRecord,
  AuditEntry as AuditEntryRecord,
} from './generated/prisma/client.ts';
export { createDatabase, describePostgresUrl, IN_MEMORY } from './database.ts';
export type { CreateDatabaseOptions, Database, DatabaseKind } from './database.ts';
export type { SqlSession } from './sql-session.ts';
export { getMigrationStatus, migrateDatabase, MigrationError } from './migrations/migrate.ts';
export type { MigrateOptions, MigrationStatus, MigrationTarget } from './migrations/migrate.ts';
export { readMigrationFiles, DEFAULT_MIGRATIONS_DIR } from './migrations/migration-files.ts';
export type { MigrationFile } from './migrations/migration-files.ts';
export { isDatabaseUnavailableError, isUniqueConstraintError } from './database-errors.ts';
