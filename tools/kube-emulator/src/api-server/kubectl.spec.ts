// The API server driven by the real kubectl binary, with Argo's own example workflows.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { KubeApiServer } from './kube-api-server.ts';
import { startKubeApiServer } from './kube-api-server.ts';
import { podLogPath } from './pod-logs.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
// CI keeps the shared reference data beside the repository, at ../shared relative to its root.
const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference', 'argo');
const referenceFiles = ['arguments-parameters.yaml', 'dag-enhanced-depends.yaml'].map((name) => path.join(referenceDir, name));
const haveReferences = referenceFiles.every((file) => existsSync(file));

function findOnPath(binary: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

const kubectlPath = findOnPath('kubectl');
if (kubectlPath === undefined) console.warn('kubectl.spec: skipped, no kubectl on PATH (the real binary is needed to drive the server)');
if (!haveReferences) console.warn(`kubectl.spec: reference-file tests skipped, Argo examples not found in ${referenceDir}`);

const trainopsUser = 'system:serviceaccount:argo:trainops';
let server: KubeApiServer;
let workDir: string;

interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectlArgs(args: string[]): string[] {
  return ['--kubeconfig', server.kubeconfigPath, '--cache-dir', path.join(workDir, 'cache'), ...args];
}

function kubectlEnv(): NodeJS.ProcessEnv {
  // A private HOME and no KUBECONFIG: nothing of the machine's own kubectl setup leaks in or out.
  return { PATH: process.env['PATH'] ?? '', HOME: workDir };
}

function kubectl(args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlPath ?? 'kubectl', kubectlArgs(args), { env: kubectlEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: stdout.trim(), stderr: stderr.trim() }));
    child.stdin.end(input ?? '');
  });
}

async function kubectlOk(args: string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

async function waitFor(condition: () => boolean, what: () => string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(kubectlPath === undefined)('the API server with the real kubectl', () => {
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'kube-api-kubectl-'));
    server = await startKubeApiServer({
      stateDir: path.join(workDir, 'state'),
      tokens: [{ token: 'trainops-token', user: trainopsUser, verbs: ['get', 'list', 'watch', 'create'], resources: ['workflows'] }],
    });
  });

  afterAll(async () => {
    await server?.close();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  describe.skipIf(!haveReferences)("with Argo's example workflows", () => {
    const created: Record<string, string> = {};

    it('creates workflows from generateName with validation on (server-side, strict)', async () => {
      for (const file of referenceFiles) {
        const stdout = await kubectlOk(['create', '-f', file]);
        const prefix = path.basename(file) === 'arguments-parameters.yaml' ? 'arguments-parameters' : 'dag-diamond';
        expect(stdout).toMatch(new RegExp(`^workflow\\.argoproj\\.io/${prefix}-[a-z0-9]{5} created$`));
        created[prefix] = stdout.split(' ')[0]?.split('/')[1] ?? '';
      }
      const posts = server.requests().filter((entry) => entry.method === 'POST' && entry.resource === 'workflows');
      expect(posts).toHaveLength(2);
      expect(posts.every((entry) => entry.query.includes('fieldValidation=Strict') && entry.status === 201)).toBe(true);
    });

    it('lists them in the columns of the Argo CRD', async () => {
      const lines = (await kubectlOk(['get', 'wf'])).split('\n');
      expect(lines[0]?.split(/\s+/)).toEqual(['NAME', 'STATUS', 'AGE', 'MESSAGE']);
      expect(lines.slice(1).map((line) => line.split(/\s+/)[0]).sort()).toEqual([created['arguments-parameters'], created['dag-diamond']].sort());
    });

    it('shows one as YAML with the manifest\'s spec and server-set metadata', async () => {
      const name = created['arguments-parameters'] ?? '';
      const shown = parseYaml(await kubectlOk(['get', 'wf', name, '-o', 'yaml'])) as Record<string, Record<string, unknown>>;
      const manifest = parseYaml(readFileSync(referenceFiles[0] ?? '', 'utf8')) as Record<string, unknown>;
      expect(shown['spec']).toEqual(manifest['spec']);
      expect(shown['metadata']).toMatchObject({ name, namespace: 'default', generateName: 'arguments-parameters-', generation: 1 });
      expect(shown['metadata']?.['uid']).toMatch(/^[0-9a-f-]{36}$/);
      expect(shown['metadata']?.['resourceVersion']).toMatch(/^\d+$/);
    });

    it('watches with get -w: existing rows first, then new workflows as they come', async () => {
      const watcher = spawn(kubectlPath ?? 'kubectl', kubectlArgs(['get', 'wf', '-w']), { env: kubectlEnv() });
      let output = '';
      watcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const exited = new Promise((resolve) => watcher.on('close', resolve));
      try {
        await waitFor(() => output.includes(created['dag-diamond'] ?? '?'), () => `the existing rows in: ${output}`);
        await waitFor(() => server.requests().some((e) => e.verb === 'watch' && e.resource === 'workflows'), () => 'the watch request');
        const fresh = (await kubectlOk(['create', '-f', referenceFiles[0] ?? ''])).split(' ')[0]?.split('/')[1] ?? '';
        await waitFor(() => output.includes(fresh), () => `${fresh} in: ${output}`);
        const watch = server.requests().find((e) => e.verb === 'watch' && e.resource === 'workflows');
        expect(watch?.query).toMatch(/resourceVersion=\d+/);
        await kubectlOk(['delete', 'wf', fresh]);
      } finally {
        watcher.kill('SIGTERM');
        await exited;
      }
    });

    it('merge-patches a workflow to stop it, bumping its generation', async () => {
      const name = created['dag-diamond'] ?? '';
      expect(await kubectlOk(['patch', 'wf', name, '--type', 'merge', '-p', '{"spec":{"shutdown":"Stop"}}'])).toBe(`workflow.argoproj.io/${name} patched`);
      expect(await kubectlOk(['get', 'wf', name, '-o', 'jsonpath={.spec.shutdown}/{.metadata.generation}'])).toBe('Stop/2');
    });

    it('refuses a limited identity with the real Forbidden message and keeps the workflow', async () => {
      const name = created['dag-diamond'] ?? '';
      const refused = await kubectl(['--context', `kube-emulator-${trainopsUser}`, 'delete', 'wf', name]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        `Error from server (Forbidden): workflows.argoproj.io "${name}" is forbidden: User "${trainopsUser}" cannot delete resource "workflows" in API group "argoproj.io" in the namespace "default"`,
      );
      expect(await kubectlOk(['--context', `kube-emulator-${trainopsUser}`, 'get', 'wf', name, '-o', 'name'])).toBe(`workflow.argoproj.io/${name}`);
    });

    it('deletes a workflow, after which get says NotFound', async () => {
      const name = created['arguments-parameters'] ?? '';
      expect(await kubectlOk(['delete', 'wf', name])).toBe(`workflow.argoproj.io "${name}" deleted`);
      const gone = await kubectl(['get', 'wf', name]);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toBe(`Error from server (NotFound): workflows.argoproj.io "${name}" not found`);
    });
  });

  it('creates secrets, config maps and namespaces with the typed commands, which send protobuf', async () => {
    expect(await kubectlOk(['create', 'namespace', 'team-a'])).toBe('namespace/team-a created');
    expect(await kubectlOk(['-n', 'team-a', 'create', 'secret', 'generic', 's3-creds', '--from-literal=accessKey=AKIA'])).toBe('secret/s3-creds created');
    expect(await kubectlOk(['-n', 'team-a', 'create', 'configmap', 'settings', '--from-literal=epochs=50'])).toBe('configmap/settings created');
    const typed = server.requests().filter((e) => e.method === 'POST' && ['namespaces', 'secrets', 'configmaps'].includes(e.resource));
    expect(typed.map((e) => [e.resource, e.status])).toEqual([
      ['namespaces', 201],
      ['secrets', 201],
      ['configmaps', 201],
    ]);
    expect(await kubectlOk(['-n', 'team-a', 'get', 'secret', 's3-creds', '-o', 'jsonpath={.type} {.data.accessKey}'])).toBe(
      `Opaque ${Buffer.from('AKIA').toString('base64')}`,
    );
    expect(await kubectlOk(['-n', 'team-a', 'get', 'configmap', 'settings', '-o', 'jsonpath={.data.epochs}'])).toBe('50');
  });

  it('tells kubectl it is not logged in when the token is unknown', async () => {
    const result = await kubectl(['--token', 'not-a-token', 'get', 'wf']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('You must be logged in to the server (Unauthorized)');
  });

  it('serves kubectl logs with --tail, and -f until the pod succeeds', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: logger\n  namespace: argo\nspec:\n  containers:\n  - name: main\n    image: yolo\n';
    await kubectlOk(['create', '-f', '-'], pod);
    const file = podLogPath(path.join(workDir, 'state'), 'argo', 'logger', 'main');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'one\ntwo\nthree\n');
    await kubectlOk(['-n', 'argo', 'patch', 'pod', 'logger', '--subresource=status', '--type', 'merge', '-p', '{"status":{"phase":"Running"}}']);
    expect(await kubectlOk(['-n', 'argo', 'logs', 'logger', '--tail=2'])).toBe('two\nthree');
    const follower = kubectl(['-n', 'argo', 'logs', '-f', 'logger']);
    await waitFor(() => server.requests().some((e) => e.resource === 'pods/log' && e.query.includes('follow=true')), () => 'the follow request');
    await writeFile(file, 'four\n', { flag: 'a' });
    await kubectlOk(['-n', 'argo', 'patch', 'pod', 'logger', '--subresource=status', '--type', 'merge', '-p', '{"status":{"phase":"Succeeded"}}']);
    const followed = await follower;
    expect(followed.code).toBe(0);
    expect(followed.stdout).toBe('one\ntwo\nthree\nfour');
  });
});
