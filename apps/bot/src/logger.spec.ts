import { describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { createLogger, toBoltLogger } from './logger.ts';
import { createLogCollector } from './test-support/log-collector.ts';

describe('toBoltLogger', () => {
  it('writes Bolt’s lines into the bot’s JSON log, with errors as structured fields', () => {
    const logs = createLogCollector();
    const bolt = toBoltLogger(createLogger({ level: 'info', destination: logs.destination }));
    bolt.warn('Failed to verify', { attempt: 2 });
    bolt.error(new Error('socket closed'));
    bolt.debug('not shown at info');
    expect(logs.entries.map(({ level, msg, component }) => ({ level, msg, component }))).toEqual([
      { level: 40, msg: 'Failed to verify {"attempt":2}', component: 'bolt' },
      { level: 50, msg: 'socket closed', component: 'bolt' },
    ]);
    expect((logs.entries[1]?.err as { message: string }).message).toBe('socket closed');
  });

  it('keeps LOG_LEVEL in charge when Bolt sets its own default level', () => {
    const logs = createLogCollector();
    const bolt = toBoltLogger(createLogger({ level: 'warn', destination: logs.destination }));
    bolt.setLevel(LogLevel.DEBUG);
    bolt.info('chatty');
    expect(logs.entries).toEqual([]);
    expect(bolt.getLevel()).toBe(LogLevel.WARN);
  });

  it('never writes tokens that ride along on logged objects', () => {
    const logs = createLogCollector();
    const logger = createLogger({ level: 'info', destination: logs.destination });
    logger.info({ token: 'xoxb-secret', headers: { authorization: 'Bearer abc' } }, 'call');
    expect(JSON.stringify(logs.entries)).not.toMatch(/xoxb-secret|Bearer abc/);
  });
});
