import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDatabaseUnavailableError, isUniqueConstraintError } from './database-errors.ts';
import { createDatabase } from './database.ts';
import { createTestDatabase, startTcpProxy, testDatabaseKinds, viaProxy, type TestDatabase } from './testing/index.ts';

const kinds = await testDatabaseKinds();

const newRun = (idempotencyKey: string) => ({
  project: 'pcb-defect',
  kind: 'train' as const,
  trigger: 'api' as const,
  requester: 'client:test',
  params: { epochs: 5 },
  idempotencyKey,
});

describe.each(kinds)('errors from a real %s database', (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await database.close();
  });

  it('are recognised as a unique constraint when a key is used twice, and not as an outage', async () => {
    await database.prisma.run.create({ data: newRun('key-1') });
    const error = await database.prisma.run.create({ data: newRun('key-1') }).catch((caught: unknown) => caught);
    expect(isUniqueConstraintError(error)).toBe(true);
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });

  it('are recognised as an outage when the database has gone away', async () => {
    if (kind === 'postgres') {
      // The network between the pool and the server fails, mid-life of the pool.
      const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(database.url!).port || 5432) });
      const viaNetwork = await createDatabase({ databaseUrl: viaProxy(database.url!, proxy), dataDir: 'memory://' });
      try {
        await expect(viaNetwork.prisma.run.count()).resolves.toBe(0);
        await proxy.cut();
        const error = await viaNetwork.prisma.run.count().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(Error);
        expect(isDatabaseUnavailableError(error)).toBe(true);
      } finally {
        await viaNetwork.close();
        await proxy.close();
      }
    } else {
      await database.close();
      const error = await database.prisma.run.count().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailableError(error)).toBe(true);
    }
  });

  it('do not count an ordinary query error as an outage', async () => {
    const error = await database.prisma.$queryRawUnsafe('SELECT * FROM no_such_table').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailableError(error)).toBe(false);
    expect(isUniqueConstraintError(error)).toBe(false);
  });
});
