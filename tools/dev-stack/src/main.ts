// `npm run dev`: the whole product on one machine, on embedded defaults and local stand-ins.
// Prints where everything listens, writes DATA_DIR/dev-stack.json, stops cleanly on Ctrl-C/SIGTERM.
import path from 'node:path';
import { startDevStack } from './dev-stack.ts';
import { DevStackConfigError, loadDevStackConfig } from './dev-stack-config.ts';

const workspaceRoot = path.resolve(import.meta.dirname, '../../..');

async function main(): Promise<void> {
  const config = loadDevStackConfig(process.env, workspaceRoot);
  const stack = await startDevStack(config, { onOutput: (line) => process.stdout.write(`${line}\n`) });
  const { info } = stack;
  process.stdout.write(
    [
      '',
      'trainops is running on this machine:',
      `  Slack console   ${info.console}   (type /train pcb-defect epochs=5)`,
      `  api             ${info.api}   (docs at ${info.api}/docs)`,
      `  bot             ${info.bot}`,
      `  kubernetes      ${info.kube}   (kubectl --kubeconfig ${info.kubeconfig} -n ${info.namespace} get wf)`,
      `  s3              ${info.s3}   (bucket ${info.bucket})`,
      `  api token       ${info.apiToken}`,
      `  details         ${stack.infoFile}`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`dev stack: ${reason}, stopping\n`);
    await stack.stop();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stop('SIGINT', 0));
  process.once('SIGTERM', () => void stop('SIGTERM', 0));
  void stack.failed.then((reason) => stop(reason, 1));
}

main().catch((error: unknown) => {
  const message = error instanceof DevStackConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`dev stack: ${message}\n`);
  process.exit(1);
});
