import { z } from 'zod';

// The only module that reads the environment (it is handed `process.env` by main.ts). It parses
// everything once at start-up and fails with the variable's name, so a misconfigured bot never
// gets as far as answering Slack.

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof logLevels)[number];

/** The dev stack's stand-in token: fine against the local Slack stand-in, never in production. */
export const devBotToken = 'xoxb-local-dev';

export type SlackConnection =
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl?: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl?: string };

export interface BotConfig {
  slack: SlackConnection;
  /** Where the HTTP receiver listens (HTTP mode only). */
  http: { host: string; port: number };
  api: { baseUrl: string; token: string };
  logLevel: LogLevelName;
}

export class BotConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`The bot's configuration is not usable:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'BotConfigError';
    this.problems = problems;
  }
}

// Unset and empty mean the same (compose files and Helm charts often write `FOO=`), and
// surrounding white space is a copy-paste accident, never meant.
function setting(fallback?: string) {
  return z.preprocess((value) => {
    const text = typeof value === 'string' ? value.trim() : value;
    return text === '' || text === undefined ? fallback : text;
  }, z.string().optional());
}

const httpUrl = (example: string) => z.url({ protocol: /^https?$/, message: `must be an http(s) URL such as ${example}` });

const EnvSchema = z.object({
  NODE_ENV: setting(),
  SLACK_BOT_TOKEN: setting().pipe(
    z
      .string({ message: 'is required: the bot token (xoxb-…) from the Slack app settings, or the dev stack’s token' })
      .startsWith('xoxb-', 'must be a bot token starting with xoxb-'),
  ),
  SLACK_SIGNING_SECRET: setting(),
  SLACK_APP_TOKEN: setting().pipe(z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional()),
  SLACK_API_URL: setting().pipe(httpUrl('http://127.0.0.1:4000/api/').optional()),
  BOT_HOST: setting('127.0.0.1').pipe(z.string()),
  BOT_PORT: setting('3000').pipe(
    z.string().regex(/^\d+$/, 'must be a port number (0-65535)').transform(Number).pipe(z.number().max(65_535, 'must be a port number (0-65535)')),
  ),
  API_URL: setting('http://127.0.0.1:8080').pipe(httpUrl('http://127.0.0.1:8080')),
  BOT_API_TOKEN: setting().pipe(z.string({ message: 'is required: the token the training API knows the bot by' })),
  LOG_LEVEL: setting('info').pipe(z.enum(logLevels, { message: `must be one of ${logLevels.join(', ')}` })),
});

export function loadBotConfig(env: Record<string, string | undefined>): BotConfig {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);

  if (parsed.success) {
    const values = parsed.data;
    if (values.SLACK_APP_TOKEN === undefined && values.SLACK_SIGNING_SECRET === undefined) {
      problems.push(
        'SLACK_SIGNING_SECRET is required to verify Slack requests over HTTP (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    }
    if (values.NODE_ENV === 'production' && values.SLACK_BOT_TOKEN === devBotToken) {
      problems.push(`SLACK_BOT_TOKEN is the dev stack's placeholder (${devBotToken}); production needs the real bot token`);
    }
  }
  if (!parsed.success || problems.length > 0) throw new BotConfigError(problems);

  const values = parsed.data;
  const apiUrl = values.SLACK_API_URL === undefined ? {} : { apiUrl: values.SLACK_API_URL };
  const signingSecret = values.SLACK_SIGNING_SECRET === undefined ? {} : { signingSecret: values.SLACK_SIGNING_SECRET };
  const slack: SlackConnection =
    values.SLACK_APP_TOKEN !== undefined
      ? { mode: 'socket', botToken: values.SLACK_BOT_TOKEN, appToken: values.SLACK_APP_TOKEN, ...signingSecret, ...apiUrl }
      : { mode: 'http', botToken: values.SLACK_BOT_TOKEN, signingSecret: values.SLACK_SIGNING_SECRET ?? '', ...apiUrl };

  return {
    slack,
    http: { host: values.BOT_HOST, port: values.BOT_PORT },
    api: { baseUrl: values.API_URL, token: values.BOT_API_TOKEN },
    logLevel: values.LOG_LEVEL,
  };
}
