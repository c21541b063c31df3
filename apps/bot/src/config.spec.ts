import { describe, expect, it } from 'vitest';
import { BotConfigError, loadBotConfig } from './config.ts';

const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-123-456-abc',
  SLACK_SIGNING_SECRET: 'signing-secret',
  BOT_API_TOKEN: 'api-token',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadBotConfig(env);
  } catch (error) {
    if (error instanceof BotConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadBotConfig', () => {
  it('fills in the local defaults and chooses HTTP mode without an app token', () => {
    expect(loadBotConfig(minimal)).toEqual({
      slack: { mode: 'http', botToken: 'xoxb-123-456-abc', signingSecret: 'signing-secret' },
      http: { host: '127.0.0.1', port: 3000 },
      api: { baseUrl: 'http://127.0.0.1:8080', token: 'api-token' },
      logLevel: 'info',
    });
  });

  it('chooses Socket Mode when an app token is set, and passes the Slack API URL on', () => {
    const config = loadBotConfig({
      ...minimal,
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: 'xapp-1-A0-123-abc',
      SLACK_API_URL: 'http://127.0.0.1:4000/api/',
      BOT_PORT: '0',
      LOG_LEVEL: 'debug',
    });
    expect(config.slack).toEqual({
      mode: 'socket',
      botToken: 'xoxb-123-456-abc',
      appToken: 'xapp-1-A0-123-abc',
      apiUrl: 'http://127.0.0.1:4000/api/',
    });
    expect(config.http.port).toBe(0);
    expect(config.logLevel).toBe('debug');
  });

  it('names every missing or malformed variable at once', () => {
    expect(
      problemsOf({ SLACK_BOT_TOKEN: 'xoxp-user-token', BOT_PORT: '80a', API_URL: 'ftp://x', LOG_LEVEL: 'loud' }),
    ).toEqual([
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      'BOT_PORT must be a port number (0-65535)',
      'API_URL must be an http(s) URL such as http://127.0.0.1:8080',
      'BOT_API_TOKEN is required: the token the training API knows the bot by',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('requires the bot token, and says where to get it', () => {
    expect(problemsOf({ ...minimal, SLACK_BOT_TOKEN: undefined })).toEqual([
      'SLACK_BOT_TOKEN is required: the bot token (xoxb-…) from the Slack app settings, or the dev stack’s token',
    ]);
  });

  it('requires the signing secret in HTTP mode', () => {
    expect(problemsOf({ ...minimal, SLACK_SIGNING_SECRET: ' ' })).toEqual([
      'SLACK_SIGNING_SECRET is required to verify Slack requests over HTTP (or set SLACK_APP_TOKEN for Socket Mode)',
    ]);
  });

  it('accepts the dev stack’s placeholder token locally but not in production', () => {
    expect(loadBotConfig({ ...minimal, SLACK_BOT_TOKEN: 'xoxb-local-dev' }).slack.botToken).toBe('xoxb-local-dev');
    expect(problemsOf({ ...minimal, SLACK_BOT_TOKEN: 'xoxb-local-dev', NODE_ENV: 'production' })).toEqual([
      "SLACK_BOT_TOKEN is the dev stack's placeholder (xoxb-local-dev); production needs the real bot token",
    ]);
  });

  it('refuses a port out of range and an app token of the wrong kind', () => {
    expect(problemsOf({ ...minimal, BOT_PORT: '70000', SLACK_APP_TOKEN: 'xoxb-not-an-app-token' })).toEqual([
      'SLACK_APP_TOKEN must be an app-level token starting with xapp-',
      'BOT_PORT must be a port number (0-65535)',
    ]);
  });

  it('puts the problems in the error message, one per line', () => {
    expect(() => loadBotConfig({})).toThrow(/configuration is not usable:\n {2}- SLACK_BOT_TOKEN is required/);
  });
});
