import { describe, expect, it } from 'vitest';
import { DevStackConfigError, loadDevStackConfig } from './dev-stack-config.ts';

describe('the dev stack configuration', () => {
  it('defaults to fixed ports, the workspace data folder and the example projects', () => {
    expect(loadDevStackConfig({}, '/repo')).toEqual({
      workspaceRoot: '/repo',
      dataDir: '/repo/.data',
      ports: { api: 8080, bot: 3000, slack: 4000, s3: 9000, kube: 6443 },
      secrets: { slackSigningSecret: undefined, apiToken: undefined },
      databaseUrl: undefined,
      projectsDir: '/repo/config/projects',
      logLevel: 'info',
      secondsPerEpoch: 1,
      cardEditIntervalMs: 5000,
    });
  });

  it('takes overrides, treats empty values as unset, and lets 0 mean "any free port"', () => {
    const config = loadDevStackConfig({ API_PORT: '0', BOT_PORT: '', DATA_DIR: '/tmp/x', SLACK_SIGNING_SECRET: 'a-secret-of-16+chars' }, '/repo');
    expect(config.ports).toEqual({ api: 0, bot: 3000, slack: 4000, s3: 9000, kube: 6443 });
    expect(config.dataDir).toBe('/tmp/x');
    expect(config.secrets.slackSigningSecret).toBe('a-secret-of-16+chars');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadDevStackConfig({ BOT_PORT: '70000' }, '/repo')).toThrow(
      new DevStackConfigError('Invalid configuration: BOT_PORT must be a whole number from 0 to 65535'),
    );
    expect(() => loadDevStackConfig({ API_TOKEN: 'short' }, '/repo')).toThrow('Invalid configuration: API_TOKEN must be at least 24 characters');
  });
});
