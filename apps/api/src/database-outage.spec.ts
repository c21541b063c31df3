import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, IN_MEMORY, migrateDatabase } from '@trainops/db';
import type { Database } from '@trainops/db';
import { createTestDatabase, startTcpProxy, testDatabaseKinds, viaProxy } from '@trainops/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_UNAVAILABLE_MESSAGE } from './http/error-handler.ts';
import { loadTestProjects } from './testing/test-projects.ts';
import { buildTestApp, countRows, json, post } from './testing/test-api.ts';

// The database going away mid-flight must give a "try again" answer (503), never a 500, and must
// leave no half-written run behind.

const kinds = await testDatabaseKinds();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function expectUnavailable(app: FastifyInstance): Promise<void> {
  const created = await post(app, { project: 'widgets', params: { epochs: 3 } });
  expect(created.statusCode).toBe(503);
  expect(created.headers['retry-after']).toBe('5');
  expect(json(created)).toEqual({ error: { code: 'UPSTREAM_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE } });

  const ready = await app.inject({ method: 'GET', url: '/readyz' });
  expect(ready.statusCode).toBe(503);
  expect(json<{ reason: string }>(ready).reason).toMatch(/^database unreachable: /);
}

describe.runIf(kinds.includes('postgres'))('a PostgreSQL outage', () => {
  it('answers 503 while the connection is cut, writes nothing, and recovers', async () => {
    const direct = await createTestDatabase('postgres');
    cleanups.push(() => direct.close());
    const target = new URL(direct.url ?? '');
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const database = await createDatabase({ databaseUrl: viaProxy(target.toString(), proxy), dataDir: IN_MEMORY, maxConnections: 2 });
    cleanups.push(() => database.close());
    const app = await buildTestApp({ database, projects: await loadTestProjects() });
    cleanups.push(() => app.close());

    expect((await post(app, { project: 'widgets' })).statusCode).toBe(201);
    const before = await countRows(direct);

    await proxy.cut();
    await expectUnavailable(app);
    expect(await countRows(direct)).toEqual(before);

    proxy.restore();
    expect((await post(app, { project: 'widgets' })).statusCode).toBe(201);
    expect((await countRows(direct)).runs).toBe(before.runs + 1);
  });
});

describe('a PGlite outage', () => {
  it('answers 503 once the embedded database is closed, and leaves nothing half-written', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'trainops-api-outage-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let database: Database = await createDatabase({ dataDir });
    await migrateDatabase(database);
    const app = await buildTestApp({ database, projects: await loadTestProjects() });
    cleanups.push(() => app.close());
    expect((await post(app, { project: 'widgets' })).statusCode).toBe(201);

    await database.close();
    await expectUnavailable(app);

    // Reopen the same files: exactly the run made before the outage is there, with its rows.
    database = await createDatabase({ dataDir });
    cleanups.push(() => database.close());
    expect(await countRows(database)).toEqual({ runs: 1, events: 1, audits: 1 });
  });
});
