// Where artifacts go: the controller's default repository (options), or the one a workflow names with
// spec.artifactRepositoryRef (a ConfigMap key, as Argo's artifact-repositories ConfigMap).
import { parse as parseYaml } from 'yaml';
import type { KubeApi } from './kube-api.ts';

export interface S3RepositoryOptions {
  /** `http://127.0.0.1:PORT` (what the S3 stand-in reports) or Argo's `host:port` with `insecure`. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  forcePathStyle?: boolean;
  insecure?: boolean;
  /** Default `{{workflow.name}}/{{pod.name}}`, as Argo's. */
  keyFormat?: string;
}

export interface ArtifactRepositoryOptions {
  s3: S3RepositoryOptions;
  /** Archive every pod's log as the `main-logs` output artifact. */
  archiveLogs?: boolean;
}

export interface ResolvedArtifactRepository {
  s3: S3RepositoryOptions;
  archiveLogs: boolean;
  /** What goes into status.artifactRepositoryRef (no credentials). */
  ref: Record<string, unknown>;
}

interface SecretSelector {
  name?: string;
  key?: string;
}

export async function readSecretValue(api: KubeApi, namespace: string, selector: SecretSelector | undefined, what: string): Promise<string> {
  if (!selector?.name || !selector.key) throw new Error(`${what} needs a secret name and key`);
  const secret = await api.readSecret(namespace, selector.name);
  const encoded = secret.data?.[selector.key];
  if (encoded !== undefined) return Buffer.from(encoded, 'base64').toString('utf8');
  const plain = secret.stringData?.[selector.key];
  if (plain !== undefined) return plain;
  throw new Error(`couldn't find key ${selector.key} in Secret ${namespace}/${selector.name}`);
}

function publicS3Fields(s3: S3RepositoryOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = { bucket: s3.bucket, endpoint: s3.endpoint };
  if (s3.region) fields.region = s3.region;
  if (s3.insecure !== undefined) fields.insecure = s3.insecure;
  if (s3.keyFormat) fields.keyFormat = s3.keyFormat;
  return fields;
}

export function buildDefaultRepository(options: ArtifactRepositoryOptions | undefined): ResolvedArtifactRepository | undefined {
  if (!options) return undefined;
  const archiveLogs = options.archiveLogs ?? false;
  return {
    s3: options.s3,
    archiveLogs,
    ref: { default: true, artifactRepository: { archiveLogs, s3: publicS3Fields(options.s3) } },
  };
}

/** spec.artifactRepositoryRef → the repository in that ConfigMap key, credentials read from its Secrets. */
export async function resolveArtifactRepositoryRef(
  api: KubeApi,
  namespace: string,
  ref: { configMap?: string; key?: string },
): Promise<ResolvedArtifactRepository> {
  const configMapName = ref.configMap ?? 'artifact-repositories';
  const configMap = await api.readConfigMap(namespace, configMapName);
  const key = ref.key ?? configMap.metadata?.name ?? '';
  const text = ref.key ? configMap.data?.[ref.key] : Object.values(configMap.data ?? {})[0];
  if (text === undefined) throw new Error(`config map "${configMapName}" has no key "${key}"`);
  const parsed = parseYaml(text) as { archiveLogs?: boolean; s3?: Record<string, unknown> } | null;
  const s3 = parsed?.s3;
  if (!s3 || typeof s3.endpoint !== 'string' || typeof s3.bucket !== 'string') {
    throw new Error(`config map "${configMapName}" key "${key}" holds no s3 repository with endpoint and bucket (only S3 repositories are supported here)`);
  }
  const accessKeyId = await readSecretValue(api, namespace, s3.accessKeySecret as SecretSelector, 'accessKeySecret');
  const secretAccessKey = await readSecretValue(api, namespace, s3.secretKeySecret as SecretSelector, 'secretKeySecret');
  const resolved: S3RepositoryOptions = {
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    accessKeyId,
    secretAccessKey,
    region: typeof s3.region === 'string' ? s3.region : undefined,
    insecure: typeof s3.insecure === 'boolean' ? s3.insecure : undefined,
    keyFormat: typeof s3.keyFormat === 'string' ? s3.keyFormat : undefined,
  };
  const archiveLogs = parsed?.archiveLogs ?? false;
  return {
    s3: resolved,
    archiveLogs,
    ref: {
      configMap: configMapName,
      key,
      namespace,
      artifactRepository: { archiveLogs, s3: { ...publicS3Fields(resolved), accessKeySecret: s3.accessKeySecret, secretKeySecret: s3.secretKeySecret } },
    },
  };
}
