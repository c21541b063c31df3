import { describe, expect, it } from 'vitest';
import { resolveOptions } from './emulator-options.ts';

describe('resolveOptions', () => {
  it('uses Slack own numbers by default', () => {
    const options = resolveOptions({ signingSecret: 's', botToken: 'xoxb-1' });
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      ackTimeoutMs: 3000,
      eventRetryDelaysMs: [0, 60_000, 300_000],
      responseUrl: { maxUses: 5, ttlMs: 1_800_000 },
      triggerIdTtlMs: 10_000,
    });
    expect(options.seed.team.id).toBe('T0TRAINOPS');
  });

  it('names every wrong option, including a bot URL off this machine', () => {
    expect(() => resolveOptions({ signingSecret: '', botToken: 'xoxb-1', port: 70_000, botRequestUrl: 'http://10.0.0.5/slack/events', ackTimeoutMs: 0 })).toThrow(
      'Invalid Slack emulator options: signingSecret is required; port must be a whole number from 0 to 65535, got 70000; ' +
        'botRequestUrl must be an http(s) URL on this machine (127.0.0.1, ::1 or localhost), got "http://10.0.0.5/slack/events"; ' +
        'ackTimeoutMs must be a positive number of milliseconds',
    );
  });
});
