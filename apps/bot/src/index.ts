// The bot's public surface, for the dev stack and cross-app suites; main.ts is how it runs.
export { buildBotApp, slackEventsPath } from './app.ts';
export type { BotApp, BuildBotAppOptions } from './app.ts';
export { BotConfigError, loadBotConfig } from './config.ts';
export type { BotConfig } from './config.ts';
export { createLogger } from './logger.ts';
