import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevStack, type DevStack } from './dev-stack.ts';
import { loadDevStackConfig } from './dev-stack-config.ts';

// The whole stack once (stand-ins in this process, api and bot as children on free ports), to
// see that restarting an app brings it back as it was and is not taken for a crash of the stack.

const workspaceRoot = path.resolve(import.meta.dirname, '../../..');

describe('restarting an app of the dev stack', () => {
  let stack: DevStack;
  let dataDir: string;
  const output: string[] = [];
  // A failure of the stack would resolve this; it must stay pending across asked-for restarts.
  let failure: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'trainops-dev-stack-'));
    const config = loadDevStackConfig(
      { DATA_DIR: dataDir, API_PORT: '0', BOT_PORT: '0', SLACK_EMULATOR_PORT: '0', S3_EMULATOR_PORT: '0', KUBE_EMULATOR_PORT: '0', LOG_LEVEL: 'warn' },
      workspaceRoot,
    );
    stack = await startDevStack(config, { onOutput: (line) => output.push(line) });
    void stack.failed.then((reason) => (failure = reason));
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  // The embedded database's lock file names the api process that holds it.
  const apiPid = async () => Number(await readFile(path.join(dataDir, 'pglite', 'trainops.lock'), 'utf8'));
  const answers = async (url: string) => (await fetch(url)).status;
  const closingLines = (app: string) => output.filter((line) => line.startsWith(`${app.padEnd(6)}|`) && /SIGTERM/.test(line)).length;

  it('stops the api cleanly by default and has it ready again on the same URL', async () => {
    await stack.restartApp('api');
    expect(closingLines('api')).toBe(1);
    expect(await answers(`${stack.info.api}/readyz`)).toBe(200);
    expect(failure).toBeUndefined();
  }, 120_000);

  it('kills the api (a crash: no clean shutdown, its database lock left behind) and, after what runs while it is down, a new api takes over the same data', async () => {
    const crashed = await apiPid();
    let answeredWhileStopped: boolean | undefined;
    await stack.restartApp('api', {
      signal: 'SIGKILL',
      whileStopped: async () => {
        answeredWhileStopped = await fetch(`${stack.info.api}/readyz`).then(() => true, () => false);
      },
    });
    expect(answeredWhileStopped).toBe(false);
    expect(closingLines('api')).toBe(1);
    const restarted = await apiPid();
    expect(restarted).not.toBe(crashed);
    expect(() => process.kill(crashed, 0)).toThrow();
    expect(await answers(`${stack.info.api}/readyz`)).toBe(200);
    expect(failure).toBeUndefined();
  }, 120_000);

  it('restarts the bot the same way', async () => {
    await stack.restartApp('bot', { signal: 'SIGKILL' });
    expect(await answers(stack.info.bot.replace('/slack/events', '/healthz'))).toBe(200);
    expect(failure).toBeUndefined();
  }, 120_000);

  it('still fails the stack when a restarted app dies on its own', async () => {
    process.kill(await apiPid(), 'SIGKILL');
    await expect(stack.failed).resolves.toBe('api stopped unexpectedly (SIGKILL)');
  }, 30_000);
});
