import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

// The CLI as the dev stack runs it: one JSON line on stdout, then a clean stop on SIGTERM.

const mainPath = new URL('./main.ts', import.meta.url).pathname;

function run(env: Record<string, string>) {
  return spawn(process.execPath, [mainPath], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('main.ts', () => {
  it('prints where it listens as one JSON line, serves the Web API, and exits 0 on SIGTERM', async () => {
    const child = run({ SLACK_SIGNING_SECRET: 'cli-secret', SLACK_BOT_TOKEN: 'xoxb-cli', SLACK_EMULATOR_PORT: '0' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const { value: line } = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
    const announced = JSON.parse(String(line)) as { url: string; apiUrl: string; service: string };
    expect(announced).toMatchObject({ service: 'slack-emulator', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), team: 'T0TRAINOPS' });
    const answer = await fetch(`${announced.apiUrl}auth.test`, { method: 'POST', headers: { authorization: 'Bearer xoxb-cli' } });
    expect(await answer.json()).toMatchObject({ ok: true, user_id: 'U0TRAINBOT' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start without its secrets, naming them, with exit code 2', async () => {
    const child = run({ SLACK_BOT_REQUEST_URL: 'http://127.0.0.1:3000/slack/events' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toContain('SLACK_SIGNING_SECRET: required');
    expect(stderr).toContain('SLACK_BOT_TOKEN: required');
  });
});
