import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Secrets the local stack invents for itself, kept in DATA_DIR so they survive restarts. */
export interface DevSecrets {
  /** The token a person or script uses against the local api (client "local"). */
  apiToken: string;
  /** The bot's own token for the api. */
  botApiToken: string;
  slackSigningSecret: string;
  slackBotToken: string;
}

const secretsFile = 'dev-secrets.json';

function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

export async function loadOrCreateDevSecrets(dataDir: string): Promise<DevSecrets> {
  const file = path.join(dataDir, secretsFile);
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<DevSecrets>;
    if (stored.apiToken && stored.botApiToken && stored.slackSigningSecret && stored.slackBotToken) {
      return stored as DevSecrets;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const secrets: DevSecrets = {
    apiToken: newSecret('local-'),
    botApiToken: newSecret('bot-'),
    slackSigningSecret: newSecret(),
    slackBotToken: `xoxb-local-${randomBytes(12).toString('hex')}`,
  };
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
