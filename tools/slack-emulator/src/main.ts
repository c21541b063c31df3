import { readFile } from 'node:fs/promises';
import { CliConfigError, parseCliConfig } from './cli-config.ts';
import { parseJsonOrUndefined } from './json-values.ts';
import { parseSeedConfig, SeedConfigError } from './seed-config.ts';
import { startSlackEmulator } from './slack-emulator.ts';

// CLI: `node tools/slack-emulator/src/main.ts`. Prints one JSON line saying where it listens, then
// serves until SIGTERM or SIGINT.

async function main(): Promise<void> {
  const config = parseCliConfig(process.env, process.argv.slice(2));
  let workspace;
  if (config.workspaceFile !== undefined) {
    const text = await readFile(config.workspaceFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CliConfigError([`SLACK_EMULATOR_WORKSPACE: cannot read ${config.workspaceFile}: ${error.code ?? error.message}`]);
    });
    const parsed = parseJsonOrUndefined(text);
    if (parsed === undefined) throw new CliConfigError([`SLACK_EMULATOR_WORKSPACE: ${config.workspaceFile} is not valid JSON`]);
    workspace = parseSeedConfig(parsed, config.workspaceFile);
  }
  const emulator = await startSlackEmulator({
    host: config.host,
    port: config.port,
    signingSecret: config.signingSecret,
    botToken: config.botToken,
    ...(config.botRequestUrl === undefined ? {} : { botRequestUrl: config.botRequestUrl }),
    ...(config.interactivityUrl === undefined ? {} : { interactivityUrl: config.interactivityUrl }),
    ...(workspace === undefined ? {} : { workspace }),
  });
  process.stdout.write(
    `${JSON.stringify({
      service: 'slack-emulator',
      url: emulator.url,
      apiUrl: emulator.apiUrl,
      consoleUrl: `${emulator.url}/`,
      botRequestUrl: config.botRequestUrl ?? null,
      team: emulator.workspace.team.id,
    })}\n`,
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  const known = error instanceof CliConfigError || error instanceof SeedConfigError;
  process.stderr.write(`${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
  process.exit(2);
});
