// Slash-command acknowledgement latency: our bot (parse, then ack, then the api work) against a
// bare Bolt app that only acks, both on Bolt's HTTP receiver, 50 commands at once, measured in
// the same run and interleaved so a noisy machine hurts both alike. Target: ours ≤ 1.5× bare.
// Each app runs in a process of its own, as deployed (the bot from its real entry point, the api
// beside it); this process only sends the commands, measures, and plays Slack (its Web API
// stand-in and the response_url the bot answers to).
//   node test/bench/src/slash-ack-latency.bench.ts [--rounds 6] [--concurrency 50]
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signSlackRequest, startSlackEmulator } from '@trainops/slack-emulator';
import { startChildApp, type ChildApp } from './child-app.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '6' }, concurrency: { type: 'string', default: '50' } } });
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const signingSecret = 'bench-signing-secret-0123456789';
const botToken = 'xoxb-bench-token';
const botApiToken = 'bench-bot-api-token-0123456789abcdef';
const workspaceRoot = path.resolve(import.meta.dirname, '../../..');

// Where the bot answers after the ack (Slack's response_url): a sink that says 200, as Slack does,
// so failing answers and their retries do not load the bot's event loop during the measurement.
let answered = 0;
const sink = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    answered += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const responseSink = `http://127.0.0.1:${(sink.address() as net.AddressInfo).port}/respond`;

let sequence = 0;
function commandBody(): string {
  sequence += 1;
  return new URLSearchParams({
    token: 'verification',
    team_id: 'T0TRAINOPS',
    channel_id: 'C07PCB4D3F1',
    user_id: 'U05BX9ZT3PQ',
    user_name: 'alice',
    command: '/train',
    text: 'pcb-defect epochs=5',
    api_app_id: 'A0TRAINOPS',
    response_url: responseSink,
    trigger_id: `bench.${process.pid}.${sequence}`,
  }).toString();
}

async function ackMilliseconds(url: string): Promise<number> {
  const body = commandBody();
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest({ signingSecret, timestamp, body }),
    },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

async function burst(url: string): Promise<number[]> {
  return Promise.all(Array.from({ length: concurrency }, () => ackMilliseconds(url)));
}

/** Our burst, then its post-ack work (api calls, answers) let finish, so the next burst meets an idle bot. */
async function oursBurst(url: string): Promise<number[]> {
  const expected = answered + concurrency;
  const samples = await burst(url);
  const deadline = Date.now() + 30_000;
  while (answered < expected) {
    if (Date.now() > deadline) throw new Error(`the bot answered ${concurrency - (expected - answered)} of ${concurrency} commands within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return samples;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'trainops-bench-'));
const slack = await startSlackEmulator({ signingSecret, botToken, rateLimits: { enabled: false } });
const children: ChildApp[] = [];
async function stopChildren(): Promise<void> {
  // Last started first: the bot goes before the api it calls.
  for (const child of children.splice(0).reverse()) await child.stop();
}
// Ctrl-C or a kill skips `finally`; the children must not outlive the bench all the same.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopChildren().finally(() => process.kill(process.pid, signal)));
}

try {
  const apiUrl = `http://127.0.0.1:${await freePort()}`;
  children.push(
    await startChildApp({
      name: 'api',
      entry: path.join(workspaceRoot, 'apps/api/src/main.ts'),
      env: { PATH: process.env['PATH'], API_PORT: new URL(apiUrl).port, DATA_DIR: dataDir, PROJECTS_DIR: path.join(workspaceRoot, 'config/projects'), BOT_API_TOKEN: botApiToken, LOG_LEVEL: 'silent' },
      cwd: workspaceRoot,
      ready: { kind: 'url', url: `${apiUrl}/readyz` },
    }),
  );
  const botPort = await freePort();
  children.push(
    await startChildApp({
      name: 'bot',
      entry: path.join(workspaceRoot, 'apps/bot/src/main.ts'),
      env: {
        PATH: process.env['PATH'],
        BOT_HOST: '127.0.0.1',
        BOT_PORT: String(botPort),
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_BOT_TOKEN: botToken,
        SLACK_API_URL: slack.apiUrl,
        API_URL: apiUrl,
        BOT_API_TOKEN: botApiToken,
        LOG_LEVEL: 'silent',
      },
      cwd: workspaceRoot,
      // Answers once auth.test has passed and the receiver listens.
      ready: { kind: 'url', url: `http://127.0.0.1:${botPort}/healthz` },
    }),
  );
  const oursUrl = `http://127.0.0.1:${botPort}/slack/events`;
  const bare = await startChildApp({
    name: 'bare',
    entry: path.join(import.meta.dirname, 'bare-bolt-app.ts'),
    env: { PATH: process.env['PATH'], SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken, SLACK_API_URL: slack.apiUrl },
    cwd: workspaceRoot,
    ready: { kind: 'stdout-json' },
  });
  children.push(bare);
  const bareUrl = `http://127.0.0.1:${announcedPort(bare)}/slack/events`;

  // One burst each first, not counted: connections, auth.test and JIT warm up.
  await burst(bareUrl);
  await oursBurst(oursUrl);
  const samples = { bare: [] as number[], ours: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    // Alternate which goes first, so neither always meets a machine still busy with the other.
    if (round % 2 === 0) {
      samples.bare.push(...(await burst(bareUrl)));
      samples.ours.push(...(await oursBurst(oursUrl)));
    } else {
      samples.ours.push(...(await oursBurst(oursUrl)));
      samples.bare.push(...(await burst(bareUrl)));
    }
  }
  const report = {
    bare: { samples: samples.bare.length, p50: percentile(samples.bare, 50), p99: percentile(samples.bare, 99) },
    ours: { samples: samples.ours.length, p50: percentile(samples.ours, 50), p99: percentile(samples.ours, 99) },
  };
  const ratio = { p50: report.ours.p50 / report.bare.p50, p99: report.ours.p99 / report.bare.p99 };
  console.log(`slash-command ack latency, ${rounds} rounds of ${concurrency} commands at once per app, each app in its own process`);
  console.log(`  bare Bolt  p50 ${report.bare.p50.toFixed(1)} ms  p99 ${report.bare.p99.toFixed(1)} ms  (${report.bare.samples} samples)`);
  console.log(`  trainops   p50 ${report.ours.p50.toFixed(1)} ms  p99 ${report.ours.p99.toFixed(1)} ms  (${report.ours.samples} samples)`);
  console.log(`  ratio      p50 ${ratio.p50.toFixed(2)}×  p99 ${ratio.p99.toFixed(2)}×  (target ≤ 1.5×)`);
} finally {
  await stopChildren();
  await slack.close();
  await new Promise((resolve) => sink.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
}

function announcedPort(child: ChildApp): number {
  const port = (child.announced as { port?: unknown } | undefined)?.port;
  if (typeof port !== 'number') throw new Error(`${child.name} announced ${JSON.stringify(child.announced)}, not {"port":…}`);
  return port;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

