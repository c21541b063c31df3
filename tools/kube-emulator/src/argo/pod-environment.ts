// A container's environment as the kubelet builds it: literal values (with $(VAR) references),
// Secret and ConfigMap keys, and the downward API. A missing Secret or key is the kubelet's
// CreateContainerConfigError, with the kubelet's wording.
import { KubeRequestError, type KubeApi, type KubeObjectData } from './kube-api.ts';
import type { Container } from './types.ts';

export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

export interface DownwardValues {
  podName: string;
  namespace: string;
  nodeName: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

type Kind = 'Secret' | 'ConfigMap';

async function readSource(api: KubeApi, namespace: string, kind: Kind, name: string, optional: boolean | undefined): Promise<Record<string, string> | undefined> {
  let object: KubeObjectData;
  try {
    object = kind === 'Secret' ? await api.readSecret(namespace, name) : await api.readConfigMap(namespace, name);
  } catch (error) {
    if (error instanceof KubeRequestError && error.code === 404) {
      if (optional) return undefined;
      throw new ContainerConfigError(`${kind === 'Secret' ? 'secret' : 'configmap'} "${name}" not found`);
    }
    throw error;
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(object.data ?? {})) values[key] = kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
  for (const [key, value] of Object.entries(object.stringData ?? {})) values[key] ??= value;
  return values;
}

function expandReferences(value: string, defined: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return name !== undefined && defined[name] !== undefined ? defined[name] : whole;
  });
}

function fieldValue(fieldPath: string, downward: DownwardValues): string {
  if (fieldPath === 'metadata.name') return downward.podName;
  if (fieldPath === 'metadata.namespace') return downward.namespace;
  if (fieldPath === 'spec.nodeName') return downward.nodeName;
  if (fieldPath === 'status.podIP' || fieldPath === 'status.hostIP') return '127.0.0.1';
  const label = /^metadata\.labels\['(.+)'\]$/.exec(fieldPath);
  if (label) return downward.labels[label[1] ?? ''] ?? '';
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(fieldPath);
  if (annotation) return downward.annotations[annotation[1] ?? ''] ?? '';
  throw new ContainerConfigError(`unsupported fieldRef ${fieldPath}`);
}

export async function resolveContainerEnv(api: KubeApi, namespace: string, container: Pick<Container, 'env' | 'envFrom'>, downward: DownwardValues): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.secretRef ?? source.configMapRef;
    if (!ref?.name) continue;
    const values = await readSource(api, namespace, source.secretRef ? 'Secret' : 'ConfigMap', ref.name, ref.optional);
    for (const [key, value] of Object.entries(values ?? {})) env[`${source.prefix ?? ''}${key}`] = value;
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (!from) {
      env[variable.name] = expandReferences(variable.value ?? '', env);
      continue;
    }
    const keyRef = from.secretKeyRef ?? from.configMapKeyRef;
    if (keyRef) {
      const kind: Kind = from.secretKeyRef ? 'Secret' : 'ConfigMap';
      const values = await readSource(api, namespace, kind, keyRef.name ?? '', keyRef.optional);
      if (values === undefined) continue;
      const value = values[keyRef.key];
      if (value === undefined) {
        if (keyRef.optional) continue;
        throw new ContainerConfigError(`couldn't find key ${keyRef.key} in ${kind} ${namespace}/${keyRef.name ?? ''}`);
      }
      env[variable.name] = value;
    } else if (from.fieldRef) {
      env[variable.name] = fieldValue(from.fieldRef.fieldPath, downward);
    } else if (from.resourceFieldRef) {
      env[variable.name] = '0';
    }
  }
  return env;
}
