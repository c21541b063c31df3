import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeEmulator, type KubeEmulator } from './index.ts';

// The two halves together, as the dev stack starts them: a Workflow created through the API
// is picked up by the controller and run to completion as local processes.

describe('the kube emulator (API server + Argo controller)', () => {
  let stateDir: string;
  let emulator: KubeEmulator;
  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), 'trainops-kube-'));
    emulator = await startKubeEmulator({ stateDir, port: 0, timeScale: 0.01 });
  });
  afterAll(async () => {
    await emulator?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('runs a submitted Workflow to Succeeded and serves its pod log', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(emulator.api.kubeconfigPath);
    const objects = kubeConfig.makeApiClient(CustomObjectsApi);
    const created = (await objects.createNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argo',
      plural: 'workflows',
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { generateName: 'hello-' },
        spec: {
          entrypoint: 'main',
          templates: [{ name: 'main', container: { image: 'alpine:3.20', command: ['sh', '-c'], args: ['echo hello from a local pod'] } }],
        },
      },
    })) as { metadata: { name: string } };

    let phase: string | undefined;
    let nodes: Record<string, { type: string; id: string }> = {};
    for (let attempt = 0; attempt < 200 && phase !== 'Succeeded' && phase !== 'Failed' && phase !== 'Error'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const workflow = (await objects.getNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argo',
        plural: 'workflows',
        name: created.metadata.name,
      })) as { status?: { phase?: string; nodes?: typeof nodes } };
      phase = workflow.status?.phase;
      nodes = workflow.status?.nodes ?? {};
    }
    expect(phase).toBe('Succeeded');
    const pod = Object.values(nodes).find((node) => node.type === 'Pod');
    expect(pod).toBeDefined();
    const logDir = path.join(stateDir, 'pod-logs', 'argo');
    const { readdir } = await import('node:fs/promises');
    const [podName] = await readdir(logDir);
    await expect(readFile(path.join(logDir, podName!, 'main.log'), 'utf8')).resolves.toContain('hello from a local pod');
  });
});
