import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConflictError, UpstreamError } from '@trainops/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from './database.ts';
import { migrateDatabase } from './migrations/migrate.ts';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('opening a PostgreSQL database that does not answer', () => {
  it('fails at once with a message naming where it looked and what to check, never the password', async () => {
    const port = await closedPort();
    const attempt = createDatabase({ databaseUrl: `postgresql://app:s3cret@127.0.0.1:${port}/trainops`, dataDir: 'memory://' });
    await expect(attempt).rejects.toBeInstanceOf(UpstreamError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`^Cannot reach the database \\(PostgreSQL at 127\\.0\\.0\\.1:${port}/trainops\\): .*Check DATABASE_URL and that the server is running\\.$`),
    );
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });
});

describe('the embedded database folder', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'trainops-data-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps its data across restarts', async () => {
    const first = await createDatabase({ dataDir });
    await migrateDatabase(first);
    await first.prisma.auditEntry.create({ data: { actor: 'test', action: 'persist.check', target: 'db' } });
    await first.close();

    const second = await createDatabase({ dataDir });
    try {
      await expect(second.prisma.auditEntry.count({ where: { action: 'persist.check' } })).resolves.toBe(1);
    } finally {
      await second.close();
    }
  });

  it('cannot be opened by a second process while the first has it open', async () => {
    const holder = await createDatabase({ dataDir });
    try {
      const script = `import { createDatabase } from ${JSON.stringify(path.resolve(import.meta.dirname, 'database.ts'))};
        try { await createDatabase({ dataDir: ${JSON.stringify(dataDir)} }); console.log('opened'); }
        catch (error) { console.log(error.name + ': ' + error.message); }`;
      const output = await runNode(script);
      expect(output.trim()).toBe(
        `ConflictError: The embedded database in ${path.join(dataDir, 'pglite')} is in use by process ${process.pid}. Stop that process, or set DATABASE_URL to share a PostgreSQL server.`,
      );
    } finally {
      await holder.close();
    }
  });

  it('takes over a lock left behind by a process that no longer exists', async () => {
    const first = await createDatabase({ dataDir });
    await first.close();
    const lockFile = path.join(dataDir, 'pglite', 'trainops.lock');
    await writeFile(lockFile, '2147483646');
    const second = await createDatabase({ dataDir });
    try {
      await expect(readFile(lockFile, 'utf8')).resolves.toBe(String(process.pid));
    } finally {
      await second.close();
    }
  });

  it('refuses a second open in the same process', async () => {
    const first = await createDatabase({ dataDir });
    try {
      await expect(createDatabase({ dataDir })).rejects.toBeInstanceOf(ConflictError);
    } finally {
      await first.close();
    }
  });
});

function runNode(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}
