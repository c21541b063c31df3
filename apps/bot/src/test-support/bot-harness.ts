import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProjectSummary } from '@trainops/contracts';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildBotApp, slackEventsPath } from '../app.ts';
import type { BotApp, BuildBotAppOptions } from '../app.ts';
import { createLogger } from '../logger.ts';
import { createFakeApi } from './fake-api.ts';
import type { FakeApi } from './fake-api.ts';
import { createLogCollector } from './log-collector.ts';
import type { LogCollector } from './log-collector.ts';
import { startSlackStandIn } from './slack-stand-in.ts';
import type { SlackStandIn } from './slack-stand-in.ts';

// The real Bolt app with its HTTP receiver on a loopback port, talking to the Slack stand-in,
// for suites that send it signed requests. Its log lines are collected so a test can wait for
// the line that closes a command, click or event.

export const testSigningSecret = 'test-signing-secret-8f2b';

export interface BotHarness {
  bot: BotApp;
  eventsUrl: string;
  logs: LogCollector;
}

export interface StartTestBotOptions {
  api: BuildBotAppOptions['api'];
  slack: SlackStandIn;
  now: Date;
}

export async function startTestBot(options: StartTestBotOptions): Promise<BotHarness> {
  const logs = createLogCollector();
  const bot = buildBotApp({
    slack: { mode: 'http', botToken: 'xoxb-test', signingSecret: testSigningSecret, apiUrl: options.slack.apiUrl },
    http: { host: '127.0.0.1', port: 0 },
    api: options.api,
    logger: createLogger({ level: 'info', destination: logs.destination }),
    now: () => options.now,
  });
  const started = await bot.start();
  if (started.mode !== 'http') throw new Error('expected HTTP mode');
  return { bot, eventsUrl: `${started.url}${slackEventsPath}`, logs };
}

/** What a suite of the bot's specs shares: one bot, started once, on the stand-in and the fake api. */
export interface BotSuite {
  /** The fake api the bot talks to; its recorded calls are cleared before each test. */
  readonly api: FakeApi;
  /** The Slack stand-in (from beforeAll on). */
  readonly slack: SlackStandIn;
  /** The bot on the stand-in and `api` (from beforeAll on). */
  readonly harness: BotHarness;
}

export interface SetUpBotSuiteOptions {
  projects: ProjectSummary[];
  now: Date;
}

/**
 * Call at the top of a spec file: registers the hooks that start the Slack stand-in and the bot
 * before the file's tests, stop them after, and clear the api's recorded calls before each test
 * (the runs and scripted failures stay: a suite resets those itself if it needs to).
 */
export function setUpBotSuite(options: SetUpBotSuiteOptions): BotSuite {
  // Created at once, so `api` can be read anywhere; the servers need awaiting, so they start in beforeAll.
  const api = createFakeApi(options.projects);
  let slack: SlackStandIn | undefined;
  let harness: BotHarness | undefined;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    harness = await startTestBot({ api, slack, now: options.now });
  });

  afterAll(async () => {
    await harness?.bot.stop();
    await slack?.close();
  });

  beforeEach(() => {
    api.calls.length = 0;
  });

  return {
    api,
    get slack() {
      if (!slack) throw new Error('the Slack stand-in starts in beforeAll: read suite.slack inside a hook or test');
      return slack;
    },
    get harness() {
      if (!harness) throw new Error('the bot starts in beforeAll: read suite.harness inside a hook or test');
      return harness;
    },
  };
}

/** A loopback URL where nothing listens (a port that was just released): "the api is down". */
export async function unusedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
