// Starting the controller: options it cannot use are refused before it touches anything, and the CLI
// starts, says what it watches in one JSON line, runs a workflow and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../api-server/index.ts';
import { startArgoController, type ArgoControllerOptions } from './argo-controller.ts';
import { defaultImageMapPath, parseArgoCliOptions } from './cli-config.ts';
import { ArgoControllerOptionsError } from './errors.ts';

let stateDir: string;
let server: KubeApiServer;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'argo-options-'));
  server = await startKubeApiServer({ stateDir, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('controller options', () => {
  it('refuses options it cannot use, naming the option, before any request or folder', async () => {
    const good: ArgoControllerOptions = { kubeconfigPath: server.kubeconfigPath, namespaces: ['argo'], stateDir, imageMap: defaultImageMapPath() };
    const cases: Array<[Partial<ArgoControllerOptions> & Record<string, unknown>, string]> = [
      [{ kubeconfigPath: '' }, 'kubeconfigPath is required: the kubeconfig the API server wrote'],
      [{ kubeconfigPath: path.join(stateDir, 'nope') }, `kubeconfigPath ${path.join(stateDir, 'nope')} does not exist`],
      [{ namespaces: [] }, 'namespaces must list at least one namespace, e.g. ["argo"]'],
      [{ namespaces: ['Argo_NS'] }, 'namespaces: "Argo_NS" is not a valid namespace name'],
      [{ parallelism: 0 }, 'parallelism must be a positive whole number, got 0'],
      [{ timeScale: -1 }, 'timeScale must be a positive number, got -1'],
      [{ imageMap: [{ image: '' }] }, 'imageMap[0].image must be a non-empty glob such as "busybox*"'],
      [{ imageMap: path.join(stateDir, 'missing.yaml') }, `imageMap file ${path.join(stateDir, 'missing.yaml')} cannot be read`],
      [
        { artifactRepository: { s3: { endpoint: 'https://s3.amazonaws.com', bucket: 'b', accessKeyId: 'k', secretAccessKey: 's' } } },
        'artifactRepository.s3.endpoint "https://s3.amazonaws.com" is not a loopback address: nothing outside this machine can be reached',
      ],
      [{ artifactRepository: { s3: { endpoint: 'http://127.0.0.1:9000', bucket: '', accessKeyId: 'k', secretAccessKey: 's' } } }, 'artifactRepository.s3.bucket is required'],
    ];
    const before = server.requests().length;
    for (const [change, message] of cases) {
      const attempt = startArgoController({ ...good, ...change } as ArgoControllerOptions);
      await expect(attempt).rejects.toThrow(ArgoControllerOptionsError);
      await expect(startArgoController({ ...good, ...change } as ArgoControllerOptions)).rejects.toThrow(message);
    }
    expect(server.requests().slice(before)).toEqual([]);
    expect(existsSync(path.join(stateDir, 'argo'))).toBe(false);
  });

  it('reads CLI flags over environment variables and refuses unknown or bad ones', () => {
    const options = parseArgoCliOptions(['--namespaces', 'argo, ml', '--parallelism=2'], {
      KUBE_EMULATOR_STATE_DIR: '/tmp/state',
      ARGO_NAMESPACES: 'ignored',
      ARGO_S3_ENDPOINT: 'http://127.0.0.1:9000',
      ARGO_S3_BUCKET: 'artifacts',
      ARGO_S3_ACCESS_KEY_ID: 'k',
      ARGO_S3_SECRET_ACCESS_KEY: 's',
      ARGO_ARCHIVE_LOGS: 'true',
    });
    expect(options).toEqual({
      stateDir: '/tmp/state',
      kubeconfigPath: '/tmp/state/kubeconfig',
      namespaces: ['argo', 'ml'],
      imageMap: defaultImageMapPath(),
      parallelism: 2,
      artifactRepository: { s3: { endpoint: 'http://127.0.0.1:9000', bucket: 'artifacts', accessKeyId: 'k', secretAccessKey: 's', region: undefined }, archiveLogs: true },
    });
    expect(() => parseArgoCliOptions(['--colour', 'blue'], {})).toThrow('unknown argument "--colour"');
    expect(() => parseArgoCliOptions([], { ARGO_PARALLELISM: 'many' })).toThrow('ARGO_PARALLELISM must be a positive whole number, got "many"');
    expect(() => parseArgoCliOptions(['--s3-endpoint', 'http://127.0.0.1:1'], {})).toThrow('--s3-bucket (or ARGO_S3_BUCKET) is required with --s3-endpoint');
  });
});

describe('the CLI', () => {
  const main = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

  it('prints where it watches, runs a workflow, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [main, '--state-dir', stateDir, '--kubeconfig', server.kubeconfigPath, '--namespaces', 'argo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('the CLI exited before printing')));
    });
    expect(JSON.parse(firstLine)).toEqual({ service: 'argo-controller', namespaces: ['argo'], kubeconfig: server.kubeconfigPath, stateDir });

    const config = new KubeConfig();
    config.loadFromFile(server.kubeconfigPath);
    const custom = config.makeApiClient(CustomObjectsApi);
    const target = { group: 'argoproj.io', version: 'v1alpha1', namespace: 'argo', plural: 'workflows' };
    await custom.createNamespacedCustomObject({
      ...target,
      body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'from-cli' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }] } },
    });
    let phase: string | undefined;
    for (let i = 0; i < 200 && phase !== 'Succeeded'; i++) {
      phase = ((await custom.getNamespacedCustomObject({ ...target, name: 'from-cli' })) as { status?: { phase?: string } }).status?.phase;
      if (phase !== 'Succeeded') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(phase).toBe('Succeeded');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 2 with the reason when its configuration is wrong', async () => {
    const child = spawn(process.execPath, [main, '--parallelism', 'lots'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe('argo-controller: --parallelism must be a positive whole number, got "lots"\n');
  });
});
