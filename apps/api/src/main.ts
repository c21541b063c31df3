import { isUserFacingError } from '@trainops/contracts';
import { ConfigError, loadApiConfig } from './config.ts';
import { StartupError, startApi } from './start-api.ts';

// The composition root: the only place that reads process.env, listens and handles signals.

async function main(): Promise<void> {
  const config = loadApiConfig(process.env);
  const api = await startApi(config);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal means "now": the operator does not want to wait for open requests.
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`api: ${signal} received, closing\n`);
    api.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`api: closing failed: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Problems an operator can fix get one line; anything else is a bug and keeps its stack.
  if (error instanceof ConfigError || error instanceof StartupError || isUserFacingError(error)) {
    process.stderr.write(`api: ${error.message}\n`);
  } else {
    process.stderr.write(`api: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  // Exit now: a half-opened pool or timer must not keep a failed start alive. (stderr is
  // synchronous for files and pipes, so the line is written first.)
  process.exit(1);
});
