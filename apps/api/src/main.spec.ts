import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PROJECTS_DIR } from './testing/test-projects.ts';

// main.ts is run as operators run it: a Node 24 process with an environment, judged by its exit
// code, its output and what it serves.

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const node = path.join(workspaceRoot, 'node_modules', '.bin', 'node');
const mainFile = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Spawned {
  exitCode: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill: (signal: NodeJS.Signals) => void;
}

function startMain(env: Record<string, string>): Spawned {
  // Only what main needs: the test runner's own environment must not leak in (DATABASE_URL …).
  const child = spawn(node, [mainFile], {
    cwd: workspaceRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exitCode = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exitCode, stdout: () => stdout, stderr: () => stderr, kill: (signal) => child.kill(signal) };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('main', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'trainops-api-main-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero with one clear line when the database cannot be reached', async () => {
    const port = await closedPort();
    const main = startMain({ DATABASE_URL: `postgresql://trainops:s3cret-pw@127.0.0.1:${port}/trainops`, PROJECTS_DIR: EXAMPLE_PROJECTS_DIR });
    expect(await main.exitCode).toBe(1);
    const lines = main.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^api: Cannot reach the database \\(PostgreSQL at 127\\.0\\.0\\.1:${port}/trainops\\): .+ Check DATABASE_URL`));
    expect(main.stderr()).not.toContain('s3cret-pw');
  });

  it('exits non-zero naming a bad configuration variable', async () => {
    const main = startMain({ API_PORT: 'eighty' });
    expect(await main.exitCode).toBe(1);
    expect(main.stderr()).toBe('api: Invalid configuration: API_PORT must be a whole number from 0 to 65535 (got "eighty")\n');
  });

  it('starts on the embedded database, migrates, serves, and stops cleanly on SIGTERM', async () => {
    const main = startMain({
      API_PORT: '0',
      DATA_DIR: dataDir,
      PROJECTS_DIR: EXAMPLE_PROJECTS_DIR,
      API_TOKENS: 'ci:main-spec-token-0123456789abcdef',
    });
    try {
      const url = await waitFor(() => /"url":"(http:\/\/[^"]+)"/.exec(main.stdout())?.[1], 'the listening line');
      expect(main.stdout()).toContain(`api listening on ${url}`);

      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      const projects = await fetch(`${url}/api/v1/projects`, {
        headers: { authorization: 'Bearer main-spec-token-0123456789abcdef' },
      });
      expect(((await projects.json()) as { items: Array<{ name: string }> }).items.map((project) => project.name)).toContain('pcb-defect');

      main.kill('SIGTERM');
      expect(await main.exitCode).toBe(0);
    } finally {
      main.kill('SIGKILL');
    }
  });
});
