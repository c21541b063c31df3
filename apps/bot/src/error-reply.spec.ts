import { describe, expect, it } from 'vitest';
import { InputError, ProjectNotFoundError, UpstreamError } from '@trainops/contracts';
import { buildErrorReply, isRefusal } from './error-reply.ts';
import { createLogger } from './logger.ts';
import { createLogCollector } from './test-support/log-collector.ts';
import { visibleText } from './test-support/visible-text.ts';

function setup() {
  const logs = createLogCollector();
  return { logs, logger: createLogger({ level: 'info', destination: logs.destination }) };
}

describe('buildErrorReply', () => {
  it('shows a user-facing error with its own message, one line per line, and the usage for input errors', () => {
    const { logger } = setup();
    const reply = buildErrorReply(new InputError('epochs must be between 1 and 300 (got 0)\nimgsz must be a multiple of 32 (got 650)'), {
      logger,
      usage: '/train <project> [key=value …]',
    });
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toEqual([
      ':warning: *Please check the command*\nepochs must be between 1 and 300 (got 0)\nimgsz must be a multiple of 32 (got 650)',
      'Usage: `/train &lt;project&gt; [key=value …]`',
    ]);
  });

  it('titles an error by its most specific kind and leaves the usage off when the syntax was fine', () => {
    const { logger } = setup();
    const reply = buildErrorReply(new ProjectNotFoundError('There is no project "x".'), { logger, usage: '/train <project>' });
    expect(visibleText(reply)).toEqual([':warning: *Unknown project*\nThere is no project "x".']);
  });

  it('hides an unexpected error behind a reference that the log has with the cause', () => {
    const { logger, logs } = setup();
    const reply = buildErrorReply(new Error('connection string postgres://secret@db'), { logger, context: { triggerId: 't1' } });
    const text = JSON.stringify(reply);
    expect(text).not.toContain('postgres://');
    const reference = /ref ([0-9a-f]{8})/.exec(reply.text)?.[1];
    expect(reference).toBeDefined();
    const entry = logs.entries.find((line) => line.reference === reference);
    expect(entry).toMatchObject({ level: 50, msg: 'command failed', triggerId: 't1' });
    expect((entry?.err as { message: string }).message).toBe('connection string postgres://secret@db');
  });
});

describe('isRefusal', () => {
  it('tells what the user asked for wrong from what failed on our side', () => {
    expect(isRefusal(new InputError('no'))).toBe(true);
    expect(isRefusal(new UpstreamError('down'))).toBe(false);
    expect(isRefusal(new Error('bug'))).toBe(false);
  });
});
