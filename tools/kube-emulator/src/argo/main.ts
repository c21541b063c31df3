// CLI: the Argo controller stand-in alone. Prints one JSON line saying what it watches, then runs
// workflows until SIGTERM or SIGINT.
import { startArgoController } from './argo-controller.ts';
import { readArgoCliOptions } from './cli-config.ts';

async function main(): Promise<void> {
  let options;
  try {
    options = readArgoCliOptions();
  } catch (error) {
    process.stderr.write(`argo-controller: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const controller = await startArgoController({ ...options, log: (message) => process.stderr.write(`argo-controller: ${message}\n`) });
  process.stdout.write(`${JSON.stringify({ service: 'argo-controller', namespaces: options.namespaces, kubeconfig: options.kubeconfigPath, stateDir: options.stateDir })}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    controller.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`argo-controller: failed to stop on ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`argo-controller: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
