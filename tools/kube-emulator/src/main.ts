// A Kubernetes API server with the Argo controller attached, alone:
//   KUBE_EMULATOR_PORT=6443 KUBE_EMULATOR_STATE_DIR=.data/kube node tools/kube-emulator/src/main.ts
// Prints one JSON line with where it listens and the kubeconfig; stops on SIGTERM/SIGINT.
// (src/api-server/main.ts and src/argo/main.ts start either half with all their options.)
import path from 'node:path';
import { startKubeEmulator } from './kube-emulator.ts';

const port = Number(process.env['KUBE_EMULATOR_PORT'] ?? '0');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`KUBE_EMULATOR_PORT must be a whole number from 0 to 65535, got "${process.env['KUBE_EMULATOR_PORT']}"\n`);
  process.exit(2);
}
const stateDir = path.resolve(process.env['KUBE_EMULATOR_STATE_DIR'] ?? '.data/kube-emulator');
const imageMap = process.env['ARGO_IMAGE_MAP'];

const emulator = await startKubeEmulator({ port, stateDir, ...(imageMap ? { imageMap } : {}), log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`${JSON.stringify({ service: 'kube-emulator', url: emulator.api.url, httpsUrl: emulator.api.httpsUrl, kubeconfig: emulator.api.kubeconfigPath })}\n`);
const stop = () => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
