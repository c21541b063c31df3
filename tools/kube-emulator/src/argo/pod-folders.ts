// Where a pod's files live on this machine, all under the controller's state folder:
//   argo/<ns>/<workflow>/pods/<pod>/          the pod's root (its cwd; /tmp/x is <root>/tmp/x)
//   argo/<ns>/<workflow>/volumes/<volume>/    an emptyDir, shared by the workflow's pods
//   argo/<ns>/<workflow>/claims/<claim>/      a volumeClaimTemplates claim, for the workflow's life
//   argo/<ns>/claims/<claimName>/             an existing persistentVolumeClaim, across workflows
//   argo/<ns>/<workflow>/pod-volumes/<pod>/<volume>/  configMap and secret volumes, as files
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KubeApi } from './kube-api.ts';
import type { FolderMount } from './path-mapping.ts';
import { ContainerConfigError } from './pod-environment.ts';
import type { Container, Template, WorkflowSpec } from './types.ts';

export function buildWorkflowFolder(stateDir: string, namespace: string, workflowName: string): string {
  return path.join(stateDir, 'argo', namespace, workflowName);
}

export function buildPodRoot(stateDir: string, namespace: string, workflowName: string, podName: string): string {
  return path.join(buildWorkflowFolder(stateDir, namespace, workflowName), 'pods', podName);
}

type Volume = NonNullable<WorkflowSpec['volumes']>[number];

export interface VolumeContext {
  stateDir: string;
  namespace: string;
  workflowName: string;
  podName: string;
  spec: WorkflowSpec;
  template: Template;
  api: KubeApi;
}

async function readKeys(api: KubeApi, namespace: string, kind: 'Secret' | 'ConfigMap', name: string): Promise<Record<string, string>> {
  try {
    const object = kind === 'Secret' ? await api.readSecret(namespace, name) : await api.readConfigMap(namespace, name);
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(object.data ?? {})) values[key] = kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
    return values;
  } catch (error) {
    if ((error as { code?: number }).code === 404) throw new ContainerConfigError(`${kind === 'Secret' ? 'secret' : 'configmap'} "${name}" not found`);
    throw error;
  }
}

async function volumeFolder(context: VolumeContext, name: string): Promise<string> {
  const workflowFolder = buildWorkflowFolder(context.stateDir, context.namespace, context.workflowName);
  const volume: Volume | undefined = [...(context.template.volumes ?? []), ...(context.spec.volumes ?? [])].find((candidate) => candidate.name === name);
  if (!volume) {
    const claim = (context.spec.volumeClaimTemplates ?? []).find((candidate) => candidate.metadata?.name === name);
    if (claim) return path.join(workflowFolder, 'claims', name);
    throw new ContainerConfigError(`volume "${name}" is not defined in the template, spec.volumes or spec.volumeClaimTemplates`);
  }
  if (volume.emptyDir) return path.join(workflowFolder, 'volumes', name);
  if (volume.persistentVolumeClaim) return path.join(context.stateDir, 'argo', context.namespace, 'claims', volume.persistentVolumeClaim.claimName);
  if (volume.configMap || volume.secret) {
    const folder = path.join(workflowFolder, 'pod-volumes', context.podName, name);
    await mkdir(folder, { recursive: true });
    const kind = volume.secret ? 'Secret' : 'ConfigMap';
    const sourceName = volume.secret?.secretName ?? volume.configMap?.name ?? '';
    const values = await readKeys(context.api, context.namespace, kind, sourceName);
    const items = volume.secret?.items ?? volume.configMap?.items;
    const entries = items ? items.map((item) => [item.path, values[item.key]] as const) : Object.entries(values);
    for (const [file, value] of entries) {
      if (value === undefined || file.split('/').includes('..')) continue;
      await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
      await writeFile(path.join(folder, file), value);
    }
    return folder;
  }
  const kind = Object.keys(volume).find((key) => key !== 'name') ?? 'unknown';
  throw new ContainerConfigError(`volume "${name}": ${kind} volumes are not supported by the local controller (use emptyDir, persistentVolumeClaim, volumeClaimTemplates, configMap or secret)`);
}

/** The container's volumeMounts as folders (created), subPath included. */
export async function buildFolderMounts(context: VolumeContext, container: Pick<Container, 'volumeMounts'>): Promise<FolderMount[]> {
  const mounts: FolderMount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    let folder = await volumeFolder(context, mount.name);
    if (mount.subPath) {
      if (mount.subPath.split('/').includes('..')) throw new ContainerConfigError(`volumeMount "${mount.name}": subPath may not contain ".."`);
      folder = path.join(folder, mount.subPath);
    }
    await mkdir(folder, { recursive: true });
    mounts.push({ mountPath: mount.mountPath, folder });
  }
  return mounts;
}
