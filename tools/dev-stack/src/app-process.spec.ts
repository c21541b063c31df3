import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStartError, startAppProcess } from './app-process.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A port some other process holds, as when another program takes a port between pick and listen. */
async function occupiedPort(): Promise<number> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => holder.close(() => resolve())));
  return (holder.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A tiny app that listens on PORT and answers 200, as the api and the bot do. */
async function writeApp(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'app-process-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const entry = path.join(dir, 'app.mjs');
  await writeFile(entry, "import http from 'node:http';\nhttp.createServer((_q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');\n");
  return entry;
}

describe('startAppProcess', () => {
  it('fails the start, not the running stack, when the app cannot listen because its port is taken', async () => {
    const port = await occupiedPort();
    const unexpected: unknown[] = [];
    const output: string[] = [];
    const start = startAppProcess({
      name: 'app',
      entry: await writeApp(),
      cwd: process.cwd(),
      env: { PATH: process.env['PATH'], PORT: String(port) },
      // Not the taken port: whatever holds it must not be mistaken for the app.
      readyUrl: `http://127.0.0.1:${await closedPort()}/readyz`,
      readyTimeoutMs: 20_000,
      onOutput: (line) => output.push(line),
      onUnexpectedExit: (code) => unexpected.push(code),
    });
    const error = await start.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(AppStartError);
    expect((error as AppStartError).portInUse).toBe(true);
    expect(output.some((line) => line.startsWith('app   | ') && line.includes('EADDRINUSE'))).toBe(true);
    expect(unexpected).toEqual([]);
  }, 30_000);
});
