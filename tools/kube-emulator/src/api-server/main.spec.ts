import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const mainPath = path.join(import.meta.dirname, 'main.ts');
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'kube-api-main-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [mainPath, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('the API server CLI', () => {
  it('prints where it listens as one JSON line, serves, and stops cleanly on SIGTERM', async () => {
    const stateDir = path.join(workDir, 'state');
    const run = start(['--port', '0'], { KUBE_EMULATOR_STATE_DIR: stateDir });
    try {
      const deadline = Date.now() + 10_000;
      while (!run.output().stdout.includes('\n')) {
        if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`no start line: ${JSON.stringify(run.output())}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const started = JSON.parse(run.output().stdout.split('\n')[0] ?? '') as Record<string, string>;
      expect(started).toEqual({
        service: 'kube-api-server',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        httpsUrl: started['url']?.replace('http:', 'https:'),
        kubeconfig: path.join(stateDir, 'kubeconfig'),
      });
      expect(existsSync(path.join(stateDir, 'kubeconfig'))).toBe(true);
      const version = (await (await fetch(`${started['url']}/version`)).json()) as Record<string, string>;
      expect(version['gitVersion']).toMatch(/^v1\.32\./);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });

  it('refuses bad configuration with a message naming the setting, before listening', async () => {
    const run = start(['--history-window', '0']);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toBe('kube-api-server: --history-window must be a whole number of at least 1, got "0"\n');
    expect(run.output().stdout).toBe('');
  });
});
