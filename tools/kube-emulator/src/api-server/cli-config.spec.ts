import { describe, expect, it } from 'vitest';
import { parseApiServerCliOptions } from './cli-config.ts';

describe('API server CLI configuration', () => {
  it('reads flags over environment variables and defaults the state folder', () => {
    const options = parseApiServerCliOptions(['--port', '7443', '--history-window=5'], {
      KUBE_EMULATOR_PORT: '1',
      KUBE_EMULATOR_NAMESPACES: 'ml, data',
      KUBE_EMULATOR_TOKENS: '[{"token":"t","user":"u","verbs":["get"]}]',
      KUBE_EMULATOR_FAULTS: '{"latencyMs":3}',
    });
    expect(options).toEqual({
      stateDir: '.data/kube-emulator',
      port: 7443,
      historyWindow: 5,
      namespaces: ['ml', 'data'],
      tokens: [{ token: 't', user: 'u', verbs: ['get'] }],
      faults: { latencyMs: 3 },
    });
  });

  it('refuses bad values with the flag or variable that carried them', () => {
    expect(() => parseApiServerCliOptions(['--port', 'eighty'], {})).toThrow('--port must be a whole number of at least 0, got "eighty"');
    expect(() => parseApiServerCliOptions([], { KUBE_EMULATOR_PORT: '70000' })).toThrow('KUBE_EMULATOR_PORT must be at most 65535');
    expect(() => parseApiServerCliOptions([], { KUBE_EMULATOR_TOKENS: '[{' })).toThrow('KUBE_EMULATOR_TOKENS is not valid JSON');
    expect(() => parseApiServerCliOptions(['--faults', '{"bursts":[{"status":418,"count":1}]}'], {})).toThrow(
      '--faults.bursts[0].status must be one of 403, 409, 429, 500, 503',
    );
    expect(() => parseApiServerCliOptions(['--verbose'], {})).toThrow('unknown argument "--verbose"');
    expect(() => parseApiServerCliOptions(['--state-dir'], {})).toThrow('--state-dir needs a value');
  });
});
