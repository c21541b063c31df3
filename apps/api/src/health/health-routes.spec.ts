import { createTestDatabase, testDatabaseKinds } from '@trainops/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTestProjects } from '../testing/test-projects.ts';
import { buildTestApp } from '../testing/test-api.ts';

const kinds = await testDatabaseKinds();

describe.each(kinds)('readiness on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function appOn(migrate: boolean) {
    const database = await createTestDatabase(kind, { migrate });
    cleanups.push(() => database.close());
    const app = await buildTestApp({ database, projects: await loadTestProjects() });
    cleanups.push(() => app.close());
    return app;
  }

  it('is ready when the database answers and is fully migrated', async () => {
    const response = await (await appOn(true)).inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('is not ready, saying why, while migrations are pending', async () => {
    const response = await (await appOn(false)).inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    const body = response.json() as { status: string; reason: string; checks: { database: string } };
    expect(body.status).toBe('not_ready');
    expect(body.checks.database).toBe('ok');
    expect(body.reason).toMatch(/^\d+ database migration\(s\) pending \(.+\): run "npm run db:migrate" or start with MIGRATE_ON_START=true$/);
  });
});
