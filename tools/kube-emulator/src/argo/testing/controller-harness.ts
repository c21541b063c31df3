// An API server stand-in on port 0 and this controller against it, for the controller suites. Tests
// talk to the cluster only through @kubernetes/client-node, as the product does.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { startKubeApiServer } from '../../api-server/index.ts';
import type { KubeApiServer, KubeApiServerOptions } from '../../api-server/index.ts';
import { startArgoController, type ArgoController, type ArgoControllerOptions } from '../argo-controller.ts';
import { defaultImageMapPath } from '../cli-config.ts';
import type { WorkflowObject } from '../types.ts';

export const namespace = 'argo';
const group = 'argoproj.io';
const version = 'v1alpha1';

/** <repo>/../shared/reference/argo, found from this file (not from a fixed path). */
export function referenceFolder(): string {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
  return path.resolve(repoRoot, '..', 'shared', 'reference', 'argo');
}

export const hasReference = existsSync(referenceFolder());
export const referenceSkipReason = `reference folder ${referenceFolder()} is missing: the reference-file checks are skipped`;

export interface ControllerHarness {
  server: KubeApiServer;
  stateDir: string;
  controller: ArgoController;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  logs: string[];
  submit(workflow: unknown): Promise<WorkflowObject>;
  get(name: string): Promise<WorkflowObject>;
  waitFor(name: string, done: (workflow: WorkflowObject) => boolean, timeoutMs?: number): Promise<WorkflowObject>;
  waitForPhase(name: string, phases?: string[], timeoutMs?: number): Promise<WorkflowObject>;
  /** Waits for several workflows to finish with one list request per poll (keeps the request log quiet). */
  waitForAllDone(names: string[], timeoutMs?: number): Promise<WorkflowObject[]>;
  patch(name: string, patch: unknown): Promise<WorkflowObject>;
  /** Stops the controller (killing its processes) and starts a fresh one, as after a crash. */
  restartController(): Promise<void>;
  close(): Promise<void>;
}

export function parseYamlWorkflow(text: string): WorkflowObject {
  return parseYaml(text) as WorkflowObject;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startControllerHarness(options: Partial<ArgoControllerOptions> = {}, serverOptions: Partial<KubeApiServerOptions> = {}): Promise<ControllerHarness> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'argo-controller-'));
  const server = await startKubeApiServer({ stateDir, port: 0, bookmarkIntervalMs: 200, ...serverOptions });
  const logs: string[] = [];
  const controllerOptions: ArgoControllerOptions = {
    kubeconfigPath: server.kubeconfigPath,
    namespaces: [namespace],
    stateDir,
    imageMap: defaultImageMapPath(),
    timeScale: 0.01,
    killGraceMs: 300,
    nodeName: 'kube-emulator-node',
    log: (message) => logs.push(message),
    ...options,
  };
  let controller = await startArgoController(controllerOptions);
  const config = new KubeConfig();
  config.loadFromFile(server.kubeconfigPath);
  const custom = config.makeApiClient(CustomObjectsApi);
  const core = config.makeApiClient(CoreV1Api);
  const get = async (name: string): Promise<WorkflowObject> => (await custom.getNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name })) as WorkflowObject;
  const waitFor = async (name: string, done: (workflow: WorkflowObject) => boolean, timeoutMs = 15_000): Promise<WorkflowObject> => {
    const deadline = Date.now() + timeoutMs;
    let last: WorkflowObject | undefined;
    while (Date.now() < deadline) {
      last = await get(name);
      if (done(last)) return last;
      await sleep(50);
    }
    throw new Error(`workflow ${name} did not reach the expected state; last status: ${JSON.stringify(last?.status ?? {}).slice(0, 2000)}\ncontroller log:\n${logs.slice(-20).join('\n')}`);
  };
  return {
    server,
    stateDir,
    get controller() {
      return controller;
    },
    custom,
    core,
    logs,
    async submit(workflow) {
      const body = { apiVersion: `${group}/${version}`, kind: 'Workflow', ...(workflow as object) };
      return (await custom.createNamespacedCustomObject({ group, version, namespace, plural: 'workflows', body })) as WorkflowObject;
    },
    get,
    waitFor,
    waitForPhase: (name, phases = ['Succeeded', 'Failed', 'Error'], timeoutMs) => waitFor(name, (workflow) => phases.includes(workflow.status?.phase ?? ''), timeoutMs),
    async waitForAllDone(names, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const finished = (workflow: WorkflowObject | undefined): boolean => ['Succeeded', 'Failed', 'Error'].includes(workflow?.status?.phase ?? '');
      while (Date.now() < deadline) {
        // Selecting by label also tells these lists apart from the controller's own in the request log.
        const list = (await custom.listNamespacedCustomObject({ group, version, namespace, plural: 'workflows', labelSelector: 'workflows.argoproj.io/completed=true' })) as {
          items: WorkflowObject[];
        };
        const found = names.map((name) => list.items.find((item) => item.metadata.name === name));
        if (found.every(finished)) return found as WorkflowObject[];
        await sleep(200);
      }
      throw new Error(`workflows ${names.join(', ')} did not finish in ${timeoutMs} ms`);
    },
    async patch(name, patch) {
      return (await custom.patchNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch))) as WorkflowObject;
    },
    async restartController() {
      await controller.close();
      controller = await startArgoController(controllerOptions);
    },
    async close() {
      await controller.close();
      await server.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
