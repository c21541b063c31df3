import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, workspaceRoot } from './dev-stack-fixture.ts';

// `npm run dev` as a person runs it: one process that brings everything up, says where, and
// goes away cleanly on SIGTERM.

const devMain = path.join(workspaceRoot, 'tools/dev-stack/src/main.ts');

function startDev(dataDir: string, extraEnv: Record<string, string> = {}): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [devMain], {
    cwd: workspaceRoot,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], DATA_DIR: dataDir, API_PORT: '0', BOT_PORT: '0', SLACK_EMULATOR_PORT: '0', S3_EMULATOR_PORT: '0', KUBE_EMULATOR_PORT: '0', LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function readStackFile(dataDir: string): Promise<Record<string, string> | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dataDir, 'dev-stack.json'), 'utf8')) as Record<string, string>;
  } catch {
    return undefined;
  }
}

describe('npm run dev', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'trainops-dev-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts api, bot and the Slack stand-in, writes dev-stack.json, and stops cleanly on SIGTERM', async () => {
    const dev = startDev(dataDir);
    try {
      const info = await eventually(() => readStackFile(dataDir), 'dev-stack.json', 60_000);
      expect(Object.keys(info).sort()).toEqual(['api', 'apiToken', 'bot', 'bucket', 'console', 'kube', 'kubeconfig', 'namespace', 's3', 'slack', 'slackSigningSecret']);
      expect((await fetch(`${info['api']}/readyz`)).status).toBe(200);
      expect((await fetch(`${info['console']}`)).status).toBe(200);
      const runs = await fetch(`${info['api']}/api/v1/runs`, { headers: { authorization: `Bearer ${info['apiToken']}` } });
      expect(runs.status).toBe(200);
      expect(dev.output()).toContain(`Slack console   ${info['console']}`);

      dev.child.kill('SIGTERM');
      expect(await dev.exit).toBe(0);
      await expect(stat(path.join(dataDir, 'dev-stack.json'))).rejects.toThrow(/ENOENT/);
      await expect(fetch(`${info['api']}/healthz`)).rejects.toThrow();

      // The generated secrets are kept: a restart hands out the same token.
      const again = startDev(dataDir);
      const second = await eventually(() => readStackFile(dataDir), 'dev-stack.json after a restart', 60_000);
      expect(second['apiToken']).toBe(info['apiToken']);
      again.child.kill('SIGTERM');
      expect(await again.exit).toBe(0);
    } finally {
      dev.child.kill('SIGKILL');
    }
  }, 120_000);

  it('refuses a bad setting with its name and exits non-zero', async () => {
    const dev = startDev(dataDir, { API_PORT: 'eighty' });
    expect(await dev.exit).toBe(1);
    expect(dev.output()).toContain('dev stack: Invalid configuration: API_PORT must be a whole number from 0 to 65535');
  });
});
