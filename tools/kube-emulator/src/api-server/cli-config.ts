// Configuration of the API server CLI: command-line flags over environment variables over
// defaults, checked once with messages that name the flag and the variable.
import { formatCliUsage, readCliSettings, type CliSetting } from '../cli-settings.ts';
import { parseFaultConfig } from './fault-injector.ts';
import type { KubeApiServerOptions } from './kube-api-server.ts';
import { parseTokenPolicies } from './token-auth.ts';

export const cliSettings = {
  host: { flag: '--host', env: 'KUBE_EMULATOR_HOST', description: 'loopback address to listen on (default 127.0.0.1)' },
  port: { flag: '--port', env: 'KUBE_EMULATOR_PORT', description: 'port; 0 picks a free one (default 0)' },
  stateDir: { flag: '--state-dir', env: 'KUBE_EMULATOR_STATE_DIR', description: 'folder for kubeconfig and pod logs (default .data/kube-emulator)' },
  namespaces: { flag: '--namespaces', env: 'KUBE_EMULATOR_NAMESPACES', description: 'comma-separated namespaces besides default and argo' },
  tokens: { flag: '--tokens', env: 'KUBE_EMULATOR_TOKENS', description: 'JSON list of {token, user, verbs?, resources?}' },
  historyWindow: { flag: '--history-window', env: 'KUBE_EMULATOR_HISTORY_WINDOW', description: 'writes kept for watch resumes (default 1000)' },
  bookmarkIntervalMs: { flag: '--bookmark-interval-ms', env: 'KUBE_EMULATOR_BOOKMARK_INTERVAL_MS', description: 'BOOKMARK period (default 5000)' },
  faults: { flag: '--faults', env: 'KUBE_EMULATOR_FAULTS', description: 'JSON fault config to start with' },
} as const satisfies Record<string, CliSetting>;

export function cliUsage(): string {
  return formatCliUsage('node tools/kube-emulator/src/api-server/main.ts', cliSettings, { flag: 30, env: 36 });
}

function wholeNumber(text: string, where: string, min: number): number {
  if (!/^[0-9]+$/.test(text.trim()) || Number(text) < min) throw new Error(`${where} must be a whole number of at least ${min}, got "${text}"`);
  return Number(text);
}

function json(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Pure: flags win over environment variables; unknown flags and bad values throw with the flag's name. */
export function parseApiServerCliOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): KubeApiServerOptions {
  const read = readCliSettings({ settings: cliSettings, argv, env, usage: cliUsage, toError: (message) => new Error(message) });
  const options: KubeApiServerOptions = { stateDir: read('stateDir')?.value ?? '.data/kube-emulator' };
  const host = read('host');
  if (host !== undefined) options.host = host.value;
  const port = read('port');
  if (port !== undefined) {
    options.port = wholeNumber(port.value, port.where, 0);
    if (options.port > 65535) throw new Error(`${port.where} must be at most 65535, got "${port.value}"`);
  }
  const namespaces = read('namespaces');
  if (namespaces !== undefined) options.namespaces = namespaces.value.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const tokens = read('tokens');
  if (tokens !== undefined) options.tokens = parseTokenPolicies(json(tokens.value, tokens.where), tokens.where);
  const historyWindow = read('historyWindow');
  if (historyWindow !== undefined) options.historyWindow = wholeNumber(historyWindow.value, historyWindow.where, 1);
  const bookmark = read('bookmarkIntervalMs');
  if (bookmark !== undefined) options.bookmarkIntervalMs = wholeNumber(bookmark.value, bookmark.where, 10);
  const faults = read('faults');
  if (faults !== undefined) options.faults = parseFaultConfig(json(faults.value, faults.where), faults.where);
  return options;
}

/** The one place that reads the process's arguments and environment. */
export function readApiServerCliOptions(): KubeApiServerOptions {
  return parseApiServerCliOptions(process.argv.slice(2), process.env);
}
