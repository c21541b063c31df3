import type { ArtifactRepositoryOptions, ImageMapEntry } from './argo/index.ts';
import { defaultImageMapPath, startArgoController, type ArgoController } from './argo/index.ts';
import { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from './api-server/index.ts';

export interface KubeEmulatorOptions extends KubeApiServerOptions {
  /** Namespaces whose Workflows the controller runs (default `argo`). */
  workflowNamespaces?: string[];
  /** Image → local command entries, or a YAML file of them (default: the bundled example map). */
  imageMap?: ImageMapEntry[] | string;
  artifactRepository?: ArtifactRepositoryOptions;
  /** Scales backoffs and deadlines of the controller (tests). */
  timeScale?: number;
  log?: (message: string) => void;
}

export interface KubeEmulator {
  api: KubeApiServer;
  controller: ArgoController;
  close(): Promise<void>;
}

/**
 * A Kubernetes API server with an Argo controller attached, as a cluster with Argo installed
 * looks to its clients. The controller is an ordinary client of the API server.
 */
export async function startKubeEmulator(options: KubeEmulatorOptions): Promise<KubeEmulator> {
  const { workflowNamespaces, imageMap, artifactRepository, timeScale, log, ...apiOptions } = options;
  const api = await startKubeApiServer(apiOptions);
  try {
    const controller = await startArgoController({
      kubeconfigPath: api.kubeconfigPath,
      namespaces: workflowNamespaces ?? ['argo'],
      stateDir: options.stateDir,
      imageMap: imageMap ?? defaultImageMapPath(),
      ...(artifactRepository ? { artifactRepository } : {}),
      ...(timeScale ? { timeScale } : {}),
      ...(log ? { log } : {}),
    });
    return {
      api,
      controller,
      async close() {
        await controller.close();
        await api.close();
      },
    };
  } catch (error) {
    await api.close();
    throw error;
  }
}
