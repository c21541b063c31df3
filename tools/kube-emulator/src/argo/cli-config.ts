// Configuration of the controller CLI: flags over environment variables over defaults, checked once,
// with messages naming the flag or the variable.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCliUsage, readCliSettings, type CliSetting } from '../cli-settings.ts';
import type { ArgoControllerOptions } from './argo-controller.ts';
import { ArgoControllerOptionsError } from './errors.ts';

export const argoCliSettings = {
  kubeconfig: { flag: '--kubeconfig', env: 'KUBECONFIG', description: 'kubeconfig of the API server (default <state-dir>/kubeconfig)' },
  stateDir: { flag: '--state-dir', env: 'KUBE_EMULATOR_STATE_DIR', description: "the API server's state folder (default .data/kube-emulator)" },
  namespaces: { flag: '--namespaces', env: 'ARGO_NAMESPACES', description: 'comma-separated namespaces to watch (default argo,default)' },
  imageMap: { flag: '--image-map', env: 'ARGO_IMAGE_MAP', description: 'YAML image map (default: the bundled fixtures/image-map.yaml)' },
  s3Endpoint: { flag: '--s3-endpoint', env: 'ARGO_S3_ENDPOINT', description: 'default artifact repository endpoint, e.g. http://127.0.0.1:9000' },
  s3Bucket: { flag: '--s3-bucket', env: 'ARGO_S3_BUCKET', description: 'artifact bucket' },
  s3AccessKeyId: { flag: '--s3-access-key-id', env: 'ARGO_S3_ACCESS_KEY_ID', description: 'artifact repository access key id' },
  s3SecretAccessKey: { flag: '--s3-secret-access-key', env: 'ARGO_S3_SECRET_ACCESS_KEY', description: 'artifact repository secret key' },
  s3Region: { flag: '--s3-region', env: 'ARGO_S3_REGION', description: 'region for signing (default us-east-1)' },
  archiveLogs: { flag: '--archive-logs', env: 'ARGO_ARCHIVE_LOGS', description: 'true to archive every pod log as main-logs' },
  parallelism: { flag: '--parallelism', env: 'ARGO_PARALLELISM', description: 'at most this many workflows run at once' },
  timeScale: { flag: '--time-scale', env: 'ARGO_TIME_SCALE', description: 'multiplies backoffs, suspends and deadlines (default 1)' },
  nodeName: { flag: '--node-name', env: 'ARGO_NODE_NAME', description: "pods' node name (default: the host name)" },
} as const satisfies Record<string, CliSetting>;

export function argoCliUsage(): string {
  return formatCliUsage('node tools/kube-emulator/src/argo/main.ts', argoCliSettings, { flag: 32, env: 28 });
}

export function defaultImageMapPath(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'image-map.yaml');
}

function positiveNumber(text: string, where: string, integer: boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ArgoControllerOptionsError(`${where} must be a positive ${integer ? 'whole number' : 'number'}, got "${text}"`);
  }
  return value;
}

/** Pure: flags win over environment variables; unknown flags and bad values throw naming the flag. */
export function parseArgoCliOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ArgoControllerOptions {
  const read = readCliSettings({ settings: argoCliSettings, argv, env, usage: argoCliUsage, toError: (message) => new ArgoControllerOptionsError(message) });
  const stateDir = read('stateDir')?.value ?? '.data/kube-emulator';
  const options: ArgoControllerOptions = {
    stateDir,
    kubeconfigPath: read('kubeconfig')?.value ?? path.join(stateDir, 'kubeconfig'),
    namespaces: (read('namespaces')?.value ?? 'argo,default').split(',').map((item) => item.trim()).filter(Boolean),
    imageMap: read('imageMap')?.value ?? defaultImageMapPath(),
  };
  const endpoint = read('s3Endpoint');
  if (endpoint) {
    const required = (name: 's3Bucket' | 's3AccessKeyId' | 's3SecretAccessKey'): string => {
      const value = read(name)?.value;
      if (value === undefined) throw new ArgoControllerOptionsError(`${argoCliSettings[name].flag} (or ${argoCliSettings[name].env}) is required with ${endpoint.where}`);
      return value;
    };
    options.artifactRepository = {
      s3: { endpoint: endpoint.value, bucket: required('s3Bucket'), accessKeyId: required('s3AccessKeyId'), secretAccessKey: required('s3SecretAccessKey'), region: read('s3Region')?.value },
    };
    const archiveLogs = read('archiveLogs');
    if (archiveLogs) {
      if (!['true', 'false'].includes(archiveLogs.value)) throw new ArgoControllerOptionsError(`${archiveLogs.where} must be true or false, got "${archiveLogs.value}"`);
      options.artifactRepository.archiveLogs = archiveLogs.value === 'true';
    }
  }
  const parallelism = read('parallelism');
  if (parallelism) options.parallelism = positiveNumber(parallelism.value, parallelism.where, true);
  const timeScale = read('timeScale');
  if (timeScale) options.timeScale = positiveNumber(timeScale.value, timeScale.where, false);
  const nodeName = read('nodeName');
  if (nodeName) options.nodeName = nodeName.value;
  return options;
}

/** The one place that reads the process's arguments and environment. */
export function readArgoCliOptions(): ArgoControllerOptions {
  return parseArgoCliOptions(process.argv.slice(2), process.env);
}
