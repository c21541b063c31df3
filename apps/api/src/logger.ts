import { pino } from 'pino';
import type { Logger } from 'pino';
import type { LogLevel } from './config.ts';

/** Structured JSON logs on stdout; credentials are redacted wherever they might be logged. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'api' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization'], censor: '[redacted]' },
  });
}
