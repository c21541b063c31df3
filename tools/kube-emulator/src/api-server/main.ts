// CLI: the Kubernetes API server stand-in alone. Prints one JSON line saying where it listens and
// where the kubeconfig is, then serves until SIGTERM or SIGINT.
import { readApiServerCliOptions } from './cli-config.ts';
import { startKubeApiServer } from './kube-api-server.ts';

async function main(): Promise<void> {
  let options;
  try {
    options = readApiServerCliOptions();
  } catch (error) {
    process.stderr.write(`kube-api-server: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const server = await startKubeApiServer(options);
  process.stdout.write(`${JSON.stringify({ service: 'kube-api-server', url: server.url, httpsUrl: server.httpsUrl, kubeconfig: server.kubeconfigPath })}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`kube-api-server: failed to stop on ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`kube-api-server: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
