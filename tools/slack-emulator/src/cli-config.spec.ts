import { describe, expect, it } from 'vitest';
import { CliConfigError, parseCliConfig } from './cli-config.ts';

const required = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-test' };

describe('parseCliConfig', () => {
  it('reads the environment with loopback and port 0 as defaults', () => {
    expect(parseCliConfig({ ...required, SLACK_BOT_REQUEST_URL: 'http://127.0.0.1:3000/slack/events' }, [])).toEqual({
      host: '127.0.0.1',
      port: 0,
      signingSecret: 'secret',
      botToken: 'xoxb-test',
      botRequestUrl: 'http://127.0.0.1:3000/slack/events',
    });
  });

  it('lets arguments win over the environment', () => {
    const config = parseCliConfig({ ...required, SLACK_EMULATOR_PORT: '3100' }, ['--port=3200', '--workspace=seed.json']);
    expect(config.port).toBe(3200);
    expect(config.workspaceFile).toBe('seed.json');
  });

  it('names every missing or wrong setting', () => {
    expect(() => parseCliConfig({ SLACK_EMULATOR_PORT: 'abc' }, ['--colour=red'])).toThrow(CliConfigError);
    expect(() => parseCliConfig({ SLACK_EMULATOR_PORT: 'abc' }, ['--colour=red'])).toThrow(
      [
        'slack-emulator cannot start:',
        '  - --colour: unknown argument',
        '  - SLACK_EMULATOR_PORT: "abc" is not a port number (0-65535)',
        '  - SLACK_SIGNING_SECRET: required, the secret the bot verifies requests with',
        '  - SLACK_BOT_TOKEN: required, the xoxb- token the bot calls the Web API with',
      ].join('\n'),
    );
  });
});
