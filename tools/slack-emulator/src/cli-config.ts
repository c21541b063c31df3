// The CLI's configuration, read once from the environment and arguments. The only module that
// looks at process.env (through main.ts, which passes it in).

export interface CliConfig {
  host: string;
  port: number;
  signingSecret: string;
  botToken: string;
  botRequestUrl?: string;
  interactivityUrl?: string;
  /** A JSON file with the workspace seed (team, bot, users, channels, userGroups). */
  workspaceFile?: string;
}

export class CliConfigError extends Error {
  constructor(problems: string[]) {
    super(`slack-emulator cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CliConfigError';
  }
}

/**
 * Environment: SLACK_EMULATOR_HOST, SLACK_EMULATOR_PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN,
 * SLACK_BOT_REQUEST_URL, SLACK_INTERACTIVITY_URL, SLACK_EMULATOR_WORKSPACE. Arguments
 * `--port=N`, `--host=H`, `--workspace=FILE`, `--bot-request-url=URL` win over the environment.
 */
export function parseCliConfig(env: Record<string, string | undefined>, argv: string[]): CliConfig {
  const problems: string[] = [];
  const args = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (match?.[1] === undefined || match[2] === undefined) problems.push(`${arg}: arguments look like --port=3100`);
    else if (!['port', 'host', 'workspace', 'bot-request-url', 'interactivity-url'].includes(match[1])) problems.push(`--${match[1]}: unknown argument`);
    else args.set(match[1], match[2]);
  }
  const pick = (arg: string, name: string): string | undefined => {
    const value = args.get(arg) ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const portText = pick('port', 'SLACK_EMULATOR_PORT') ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) problems.push(`SLACK_EMULATOR_PORT: "${portText}" is not a port number (0-65535)`);
  const signingSecret = env.SLACK_SIGNING_SECRET;
  if (signingSecret === undefined || signingSecret === '') problems.push('SLACK_SIGNING_SECRET: required, the secret the bot verifies requests with');
  const botToken = env.SLACK_BOT_TOKEN;
  if (botToken === undefined || botToken === '') problems.push('SLACK_BOT_TOKEN: required, the xoxb- token the bot calls the Web API with');
  if (problems.length > 0) throw new CliConfigError(problems);

  const config: CliConfig = {
    host: pick('host', 'SLACK_EMULATOR_HOST') ?? '127.0.0.1',
    port,
    signingSecret: signingSecret ?? '',
    botToken: botToken ?? '',
  };
  const botRequestUrl = pick('bot-request-url', 'SLACK_BOT_REQUEST_URL');
  if (botRequestUrl !== undefined) config.botRequestUrl = botRequestUrl;
  const interactivityUrl = pick('interactivity-url', 'SLACK_INTERACTIVITY_URL');
  if (interactivityUrl !== undefined) config.interactivityUrl = interactivityUrl;
  const workspaceFile = pick('workspace', 'SLACK_EMULATOR_WORKSPACE');
  if (workspaceFile !== undefined) config.workspaceFile = workspaceFile;
  return config;
}
