// The bot's composition root: reads the configuration, wires the api client, the logger and the
// Bolt app, starts it, and stops it on SIGTERM/SIGINT. Nothing else in the bot reads the
// environment or listens.
import { createApiClient } from '@trainops/api-client';
import { buildBotApp } from './app.ts';
import { BotConfigError, loadBotConfig } from './config.ts';
import { createLogger } from './logger.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadBotConfig(process.env);
  } catch (error) {
    if (error instanceof BotConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger({ level: config.logLevel });
  const api = createApiClient({ baseUrl: config.api.baseUrl, token: config.api.token });
  const bot = buildBotApp({ slack: config.slack, http: config.http, api, logger });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await bot.stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  try {
    await bot.start();
  } catch (error) {
    logger.fatal({ err: error }, 'the bot could not start (is SLACK_BOT_TOKEN right and Slack reachable?)');
    process.exit(1);
  }
}

await main();
