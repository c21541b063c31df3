// Inputs from outside the workflow: a local git clone into a volumeClaimTemplate (examples/ci.yaml),
// raw and loopback http artifacts, WorkflowTemplates, and retries from the reference examples.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podLogPath } from '../api-server/index.ts';
import { buildPodName } from './node-names.ts';
import { hasReference, namespace, parseYamlWorkflow, referenceFolder, referenceSkipReason, startControllerHarness, type ControllerHarness } from './testing/controller-harness.ts';
import type { WorkflowObject } from './types.ts';

const run = promisify(execFile);
let harness: ControllerHarness;
let scratch: string;
let http: Server;
let httpUrl: string;

beforeAll(async () => {
  harness = await startControllerHarness();
  scratch = await mkdtemp(path.join(tmpdir(), 'argo-inputs-'));
  http = createServer((request, response) => {
    if (request.url === '/dataset.txt') response.end('images: 128\n');
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  httpUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await harness?.close();
  await new Promise((resolve) => http?.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

function logOf(workflow: WorkflowObject, displayName: string): Promise<string> {
  const node = Object.values(workflow.status?.nodes ?? {}).find((candidate) => candidate.displayName === displayName);
  if (!node) throw new Error(`no node ${displayName}`);
  return readFile(podLogPath(harness.stateDir, namespace, buildPodName(workflow.metadata.name ?? '', node.name, node.templateName), 'main'), 'utf8');
}

/** Go's YAML reads a double-quoted scalar spanning lines inside a flow sequence; the npm yaml package refuses it (see the reference README). */
function foldMultilineFlowScalars(text: string): string {
  return text.replace(/\[\s*"([^"]*)"\s*\]/g, (_whole, body: string) => JSON.stringify([body.replace(/\s*\n\s*/g, ' ')]));
}

describe('inputs from outside the workflow', () => {
  if (!hasReference) it.skip(referenceSkipReason, () => undefined);

  it.runIf(hasReference)('builds and runs examples/ci.yaml from a local git clone in a volumeClaimTemplate', async () => {
    const repo = path.join(scratch, 'example');
    await mkdir(path.join(repo, 'hello'), { recursive: true });
    await writeFile(path.join(repo, 'hello', 'hello.go'), 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("Hello, Go examples!")\n}\n');
    const git = (...args: string[]) => run('git', ['-c', 'user.email=ci@example.test', '-c', 'user.name=ci', '-C', repo, ...args]);
    await git('init', '--quiet');
    await git('add', '.');
    await git('commit', '--quiet', '-m', 'hello');
    const revision = (await git('rev-parse', '--short', 'HEAD')).stdout.trim();

    const text = foldMultilineFlowScalars(await readFile(path.join(referenceFolder(), 'ci.yaml'), 'utf8')).replace('https://github.com/golang/example.git', `file://${repo}`);
    const workflow = parseYamlWorkflow(text);
    workflow.spec.arguments = { parameters: [{ name: 'revision', value: revision }] };
    const created = await harness.submit(workflow);
    const done = await harness.waitForPhase(created.metadata.name ?? '', undefined, 30_000);
    expect(done.status?.phase).toBe('Succeeded');
    const tests = Object.values(done.status?.nodes ?? {}).filter((node) => node.displayName.startsWith('test('));
    expect(tests.map((node) => node.displayName).sort()).toEqual(['test(0:image:debian,tag:9.1)', 'test(1:image:alpine,tag:3.6)', 'test(2:image:ubuntu,tag:17.10)']);
    expect(await logOf(done, 'test(1:image:alpine,tag:3.6)')).toContain('Hello, Go examples!');
    expect(await logOf(done, 'build')).toContain('hello.go');
  });

  it('runs the image stand-ins: argosay to a file, a python script result, cowsay', async () => {
    const created = await harness.submit({
      metadata: { generateName: 'stand-ins-' },
      spec: {
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            steps: [
              [
                { name: 'say', template: 'argosay' },
                { name: 'count', template: 'count' },
              ],
              [{ name: 'moo', template: 'whale', arguments: { parameters: [{ name: 'text', value: '{{steps.say.outputs.parameters.said}} {{steps.count.outputs.result}}' }] } }],
            ],
          },
          { name: 'argosay', container: { image: 'argoproj/argosay:v2', args: ['echo', 'hi there', '/tmp/said'] }, outputs: { parameters: [{ name: 'said', valueFrom: { path: '/tmp/said' } }] } },
          { name: 'count', script: { image: 'python:alpine3.23', command: ['python'], source: 'print(sum(range(5)))\n' } },
          { name: 'whale', inputs: { parameters: [{ name: 'text' }] }, container: { image: 'docker/whalesay:latest', command: ['cowsay'], args: ['{{inputs.parameters.text}}'] } },
        ],
      },
    });
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    expect(done.status?.phase).toBe('Succeeded');
    expect(Object.values(done.status?.nodes ?? {}).find((node) => node.displayName === 'count')?.outputs).toEqual({ exitCode: '0', result: '10' });
    expect(await logOf(done, 'moo')).toContain('< hi there 10 >');
  });

  it('refuses to clone a git repository that is not local, without touching the network', async () => {
    const created = await harness.submit({
      metadata: { generateName: 'remote-git-' },
      spec: {
        entrypoint: 'main',
        templates: [{ name: 'main', inputs: { artifacts: [{ name: 'code', path: '/src', git: { repo: 'https://github.com/golang/example.git' } }] }, container: { image: 'alpine', command: ['ls', '/src'] } }],
      },
    });
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    expect(done.status).toMatchObject({
      phase: 'Error',
      message: 'failed to load input artifact "code": git repo "https://github.com/golang/example.git" is not local: only a local path or file:// URL can be cloned here (no outside network)',
    });
  });

  it('places raw and loopback http artifacts at their paths, and refuses other hosts', async () => {
    const created = await harness.submit({
      metadata: { generateName: 'artifacts-in-' },
      spec: {
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            inputs: {
              artifacts: [
                { name: 'config', path: '/etc/app/config.yaml', raw: { data: 'epochs: 3\n' } },
                { name: 'data', path: '/data/dataset.txt', http: { url: `${httpUrl}/dataset.txt` } },
              ],
            },
            outputs: { parameters: [{ name: 'summary', valueFrom: { path: '/tmp/summary' } }] },
            container: { image: 'alpine', command: ['sh', '-c', 'cat /etc/app/config.yaml /data/dataset.txt | tee /tmp/summary'] },
          },
        ],
      },
    });
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    const name = created.metadata.name ?? '';
    expect(done.status?.phase).toBe('Succeeded');
    expect(done.status?.nodes?.[name]?.outputs).toEqual({ exitCode: '0', parameters: [{ name: 'summary', value: 'epochs: 3\nimages: 128' }] });

    const refused = await harness.submit({
      metadata: { generateName: 'artifacts-in-' },
      spec: { entrypoint: 'main', templates: [{ name: 'main', inputs: { artifacts: [{ name: 'data', path: '/data/x', http: { url: 'http://203.0.113.9/x' } }] }, container: { image: 'alpine', command: ['true'] } }] },
    });
    expect((await harness.waitForPhase(refused.metadata.name ?? '')).status).toMatchObject({
      phase: 'Error',
      message: 'failed to load input artifact "data": input artifact "data": http 203.0.113.9 is not a loopback address: only 127.0.0.1, ::1 and localhost can be reached from this machine',
    });
  });

  it('runs a workflow from a WorkflowTemplate, with its arguments overridden and templateRef steps', async () => {
    await harness.custom.createNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace,
      plural: 'workflowtemplates',
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'WorkflowTemplate',
        metadata: { name: 'greeter' },
        spec: {
          entrypoint: 'main',
          arguments: { parameters: [{ name: 'who', value: 'world' }] },
          templates: [
            { name: 'main', steps: [[{ name: 'say', templateRef: { name: 'greeter', template: 'say' }, arguments: { parameters: [{ name: 'text', value: 'hello {{workflow.parameters.who}}' }] } }]] },
            { name: 'say', inputs: { parameters: [{ name: 'text' }] }, container: { image: 'docker/whalesay', command: ['cowsay'], args: ['{{inputs.parameters.text}}'] } },
          ],
        },
      },
    });
    const created = await harness.submit({ metadata: { generateName: 'from-template-' }, spec: { workflowTemplateRef: { name: 'greeter' }, arguments: { parameters: [{ name: 'who', value: 'trainops' }] } } });
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    expect(done.status?.phase).toBe('Succeeded');
    expect(await logOf(done, 'say')).toContain('< hello trainops >');

    const missing = await harness.submit({ metadata: { generateName: 'from-template-' }, spec: { workflowTemplateRef: { name: 'absent' } } });
    expect((await harness.waitForPhase(missing.metadata.name ?? '')).status).toMatchObject({ phase: 'Error', message: 'workflowtemplates.argoproj.io "absent" not found' });
  });

  it.runIf(hasReference)('retries retry-backoff.yaml with its (scaled) backoff until it succeeds or runs out of retries', async () => {
    const created = await harness.submit(parseYamlWorkflow(await readFile(path.join(referenceFolder(), 'retry-backoff.yaml'), 'utf8')));
    const done = await harness.waitForPhase(created.metadata.name ?? '', undefined, 30_000);
    const name = created.metadata.name ?? '';
    const retry = done.status?.nodes?.[name];
    const attempts = (retry?.children ?? []).map((id) => done.status?.nodes?.[id]);
    expect(retry?.type).toBe('Retry');
    expect(attempts.map((attempt) => attempt?.displayName)).toEqual(attempts.map((_attempt, index) => `${name}(${index})`));
    if (done.status?.phase === 'Succeeded') {
      expect(attempts.at(-1)?.phase).toBe('Succeeded');
      expect(attempts.slice(0, -1).every((attempt) => attempt?.message === 'Error (exit code 1)')).toBe(true);
    } else if (done.status?.message === 'No more retries left') {
      expect(done.status.phase).toBe('Failed');
      expect(attempts).toHaveLength(11);
    } else {
      // The manifest's maxDuration (1m, scaled like the backoff) also bounds the attempts, which
      // take real time: on a busy machine it runs out first, as it would in Argo.
      expect(done.status).toMatchObject({ phase: 'Failed', message: expect.stringMatching(/^(Max duration limit exceeded|Backoff would exceed max duration limit)$/) });
      expect(attempts.length).toBeLessThan(11);
    }
  });
});
