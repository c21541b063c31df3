import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import type { CustomRoute } from '@slack/bolt';
import type { ApiClient } from '@trainops/api-client';
import type { SlackConnection } from './config.ts';
import { registerListeners } from './listeners/index.ts';
import { toBoltLogger } from './logger.ts';
import type { Logger } from './logger.ts';
import { createProjectCatalog } from './project-catalog.ts';

export interface BuildBotAppOptions {
  slack: SlackConnection;
  /** Where the HTTP receiver listens; port 0 picks a free one. Ignored in Socket Mode. */
  http: { host: string; port: number };
  api: ApiClient;
  logger: Logger;
  /** How long the project list is trusted; default 30 s. */
  projectCacheMs?: number;
  now?: () => Date;
}

export type BotAppStarted = { mode: 'http'; url: string } | { mode: 'socket' };

export interface BotApp {
  app: App;
  /** Checks the bot token with Slack (auth.test), then listens (HTTP) or connects (Socket Mode). */
  start(): Promise<BotAppStarted>;
  stop(): Promise<void>;
}

/** Where Slack must send requests in HTTP mode (the Request URL of commands and interactivity). */
export const slackEventsPath = '/slack/events';

const healthRoute: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  },
};

/** Builds the Bolt app with every listener bound; reads no environment and opens no socket. */
export function buildBotApp(options: BuildBotAppOptions): BotApp {
  const { slack, logger } = options;
  const clientOptions = {
    ...(slack.apiUrl === undefined ? {} : { slackApiUrl: slack.apiUrl }),
    // Bolt's default retries a failing call for about 30 minutes; a bot that cannot reach Slack
    // at start-up should say so within seconds.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
  };
  const common = {
    token: slack.botToken,
    logger: toBoltLogger(logger),
    clientOptions,
    // The bot holds no state (DESIGN.md): no conversation store.
    convoStore: false as const,
    // auth.test runs in start(), where its failure can stop the process, not in the constructor.
    deferInitialization: true,
  };
  const app =
    slack.mode === 'socket'
      ? new App({ ...common, socketMode: true, appToken: slack.appToken })
      : new App({
          ...common,
          signingSecret: slack.signingSecret,
          endpoints: slackEventsPath,
          customRoutes: [healthRoute],
          // A long-running process: ack() answers Slack at once, the rest runs after it.
          processBeforeResponse: false,
        });

  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Bolt listener');
  });

  const now = options.now ?? (() => new Date());
  const projects = createProjectCatalog({
    api: options.api,
    ...(options.projectCacheMs === undefined ? {} : { ttlMs: options.projectCacheMs }),
  });
  registerListeners(app, { api: options.api, projects, logger, now });

  let started = false;
  return {
    app,
    async start() {
      await app.init();
      if (slack.mode === 'socket') {
        await app.start();
        started = true;
        logger.info({ mode: 'socket' }, 'bot connected to Slack over Socket Mode');
        return { mode: 'socket' };
      }
      const server = await app.start({ port: options.http.port, host: options.http.host });
      started = true;
      const { port } = server.address() as AddressInfo;
      const host = options.http.host.includes(':') ? `[${options.http.host}]` : options.http.host;
      const url = `http://${host}:${port}`;
      logger.info({ mode: 'http', url, endpoint: `${url}${slackEventsPath}` }, 'bot listening');
      return { mode: 'http', url };
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
    },
  };
}
