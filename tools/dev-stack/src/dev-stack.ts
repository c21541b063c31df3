import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSlackEmulator, type SlackEmulator } from '@trainops/slack-emulator';
import { startAppProcess, type AppProcess } from './app-process.ts';
import { loadOrCreateDevSecrets } from './dev-secrets.ts';
import type { DevStackConfig } from './dev-stack-config.ts';
import { resolvePort } from './free-port.ts';

/** What `dev-stack.json` says: where everything listens and the local credentials. */
export interface DevStackInfo {
  api: string;
  /** The request URL Slack would post commands, actions and events to. */
  bot: string;
  apiToken: string;
  slackSigningSecret: string;
  /** The Slack stand-in; its test API is under `/_emulator/`. */
  slack: string;
  /** The Slack-like console page of the stand-in. */
  console: string;
}

export interface DevStack {
  info: DevStackInfo;
  infoFile: string;
  /** Resolves when a part of the stack dies on its own: the stack is then stopped. */
  failed: Promise<string>;
  stop(): Promise<void>;
}

export interface StartDevStackOptions {
  onOutput: (line: string) => void;
}

export const DEV_STACK_FILE = 'dev-stack.json';

export async function startDevStack(config: DevStackConfig, options: StartDevStackOptions): Promise<DevStack> {
  await mkdir(config.dataDir, { recursive: true });
  const infoFile = path.join(config.dataDir, DEV_STACK_FILE);
  // A file left by an earlier run would point at dead ports: it appears again once all is up.
  await rm(infoFile, { force: true });

  const generated = await loadOrCreateDevSecrets(config.dataDir);
  const secrets = {
    ...generated,
    apiToken: config.secrets.apiToken ?? generated.apiToken,
    slackSigningSecret: config.secrets.slackSigningSecret ?? generated.slackSigningSecret,
  };
  const ports = {
    api: await resolvePort(config.ports.api),
    bot: await resolvePort(config.ports.bot),
    slack: await resolvePort(config.ports.slack),
  };
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const botUrl = `http://127.0.0.1:${ports.bot}`;
  const botRequestUrl = `${botUrl}/slack/events`;

  let reportFailure: (reason: string) => void = () => undefined;
  const failed = new Promise<string>((resolve) => (reportFailure = resolve));
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const part of started.splice(0).reverse()) await part.stop().catch(() => undefined);
  };

  try {
    const slack: SlackEmulator = await startSlackEmulator({
      port: ports.slack,
      signingSecret: secrets.slackSigningSecret,
      botToken: secrets.slackBotToken,
      botRequestUrl,
    });
    started.push({ stop: () => slack.close() });

    const appEnv = (extra: Record<string, string | undefined>): NodeJS.ProcessEnv => ({
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      LOG_LEVEL: config.logLevel,
      ...extra,
    });
    const onUnexpectedExit = (name: string) => (code: number | null, signal: NodeJS.Signals | null) =>
      reportFailure(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`})`);

    const api: AppProcess = await startAppProcess({
      name: 'api',
      entry: path.join(config.workspaceRoot, 'apps/api/src/main.ts'),
      cwd: config.workspaceRoot,
      env: appEnv({
        API_HOST: '127.0.0.1',
        API_PORT: String(ports.api),
        API_PUBLIC_URL: apiUrl,
        DATA_DIR: config.dataDir,
        DATABASE_URL: config.databaseUrl,
        PROJECTS_DIR: config.projectsDir,
        API_TOKENS: `local:${secrets.apiToken}`,
        BOT_API_TOKEN: secrets.botApiToken,
      }),
      readyUrl: `${apiUrl}/readyz`,
      onOutput: options.onOutput,
      onUnexpectedExit: onUnexpectedExit('api'),
    });
    started.push(api);

    const bot: AppProcess = await startAppProcess({
      name: 'bot',
      entry: path.join(config.workspaceRoot, 'apps/bot/src/main.ts'),
      cwd: config.workspaceRoot,
      env: appEnv({
        BOT_HOST: '127.0.0.1',
        BOT_PORT: String(ports.bot),
        SLACK_SIGNING_SECRET: secrets.slackSigningSecret,
        SLACK_BOT_TOKEN: secrets.slackBotToken,
        SLACK_API_URL: slack.apiUrl,
        API_URL: apiUrl,
        BOT_API_TOKEN: secrets.botApiToken,
      }),
      readyUrl: `${botUrl}/healthz`,
      onOutput: options.onOutput,
      onUnexpectedExit: onUnexpectedExit('bot'),
    });
    started.push(bot);

    const info: DevStackInfo = {
      api: apiUrl,
      bot: botRequestUrl,
      apiToken: secrets.apiToken,
      slackSigningSecret: secrets.slackSigningSecret,
      slack: slack.url,
      console: `${slack.url}/`,
    };
    await writeFile(infoFile, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    return {
      info,
      infoFile,
      failed,
      async stop() {
        await stopAll();
        await rm(infoFile, { force: true });
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
