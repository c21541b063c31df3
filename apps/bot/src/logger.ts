import { LogLevel } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevelName } from './config.ts';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  level: LogLevelName;
  /** Where JSON lines go; stdout by default. Tests pass a collector. */
  destination?: DestinationStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'bot' },
      // Tokens and secrets may ride along on Bolt's debug output of request bodies and options.
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    options.destination,
  );
}

/** Bolt's Logger interface over pino, so Bolt's own lines land in the same JSON stream. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const bolt = logger.child({ component: 'bolt' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    const error = parts.find((part): part is Error => part instanceof Error);
    const text = parts
      .filter((part) => part !== error)
      .map((part) => (typeof part === 'string' ? part : safeJson(part)))
      .join(' ');
    if (error) bolt[level]({ err: error }, text || error.message);
    else bolt[level](text);
  };
  return {
    debug: (...parts: unknown[]) => write('debug', parts),
    info: (...parts: unknown[]) => write('info', parts),
    warn: (...parts: unknown[]) => write('warn', parts),
    error: (...parts: unknown[]) => write('error', parts),
    // LOG_LEVEL decides. Bolt and its Socket Mode client call setLevel with their own defaults
    // (INFO), which would otherwise override a configured `warn` or `silent`.
    setLevel: () => undefined,
    getLevel: () => {
      switch (bolt.level) {
        case 'trace':
        case 'debug':
          return LogLevel.DEBUG;
        case 'info':
          return LogLevel.INFO;
        case 'warn':
          return LogLevel.WARN;
        default:
          return LogLevel.ERROR;
      }
    },
    setName: (name: string) => bolt.setBindings({ name }),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
