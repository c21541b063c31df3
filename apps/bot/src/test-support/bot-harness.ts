import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildBotApp, slackEventsPath } from '../app.ts';
import type { BotApp, BuildBotAppOptions } from '../app.ts';
import { createLogger } from '../logger.ts';
import { createLogCollector } from './log-collector.ts';
import type { LogCollector } from './log-collector.ts';
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

/** A loopback URL where nothing listens (a port that was just released): "the api is down". */
export async function unusedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
