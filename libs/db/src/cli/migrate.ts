// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// in DATA_DIR (default .data) when DATABASE_URL is unset.
import { createDatabase } from '../database.ts';
import { migrateDatabase } from '../migrations/migrate.ts';

const databaseUrl = process.env['DATABASE_URL'] || undefined;
const dataDir = process.env['DATA_DIR'] || '.data';

try {
  const database = await createDatabase({ databaseUrl, dataDir, maxConnections: 1 });
  try {
    const { applied } = await migrateDatabase(database, { onApplied: (name) => console.log(`applied ${name}`) });
    console.log(applied.length === 0 ? `${database.description}: up to date` : `${database.description}: applied ${applied.length} migration(s)`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
