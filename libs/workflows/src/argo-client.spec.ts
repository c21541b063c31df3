// The Argo client against the Kubernetes API stand-in on loopback: real HTTPS, real client-node,
// real watch streams, faults injected by the server.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ConflictError, NotAllowedError, NotFoundError, UpstreamError } from '@trainops/contracts';
import type { ProjectConfig } from '@trainops/projects';
import { podLogPath, startKubeApiServer } from '@trainops/kube-emulator';
import type { KubeApiServer, TokenPolicy } from '@trainops/kube-emulator';
import type { Workflow } from './argo-types.ts';
import { createArgoClient } from './argo-client.ts';
import type { ArgoClient } from './argo-client.ts';
import { buildTrainWorkflow } from './build-train-workflow.ts';
import type { WorkflowWatchEvent, WorkflowWatchResume } from './workflow-watch.ts';
import { buildSampleTrainOptions, loadShippedProjects, workspaceRoot } from './testing/sample-options.ts';

const namespace = 'trainops';
const group = 'argoproj.io';
const version = 'v1alpha1';

let server: KubeApiServer;
let stateDir: string;
let caData: string;
let admin: CustomObjectsApi;
let client: ArgoClient;
let pcbDefect: ProjectConfig;
let runCounter = 0;

/** The api's Role in deploy/argo/rbac.yaml, as the stand-in's token policy. */
async function readApiRolePolicy(): Promise<Omit<TokenPolicy, 'token' | 'user'>> {
  const documents = parseAllDocuments(await readFile(path.join(workspaceRoot, 'deploy', 'argo', 'rbac.yaml'), 'utf8')).map((document) => document.toJS());
  const role = documents.find((document) => document.kind === 'Role' && document.metadata.name === 'trainops-api') as {
    rules: Array<{ resources: string[]; verbs: string[] }>;
  };
  const rules = role.rules.filter((rule) => !rule.resources.includes('configmaps'));
  return { verbs: [...new Set(rules.flatMap((rule) => rule.verbs))], resources: [...new Set(rules.flatMap((rule) => rule.resources))] };
}

function kubeConfigFor(token: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'stand-in', server: server.httpsUrl, caData, skipTLSVerify: false }],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'ctx', cluster: 'stand-in', user: 'user', namespace }],
    currentContext: 'ctx',
  });
  return config;
}

function newClient(kubeconfig: KubeConfig | string = server.kubeconfigPath, readArchivedLog?: (key: string) => Promise<string>): ArgoClient {
  return createArgoClient({
    kubeconfig,
    namespace,
    retry: { attempts: 4, initialDelayMs: 10, maxDelayMs: 50 },
    watchBackoff: { initialDelayMs: 10, maxDelayMs: 100 },
    listPageSize: 2,
    ...(readArchivedLog === undefined ? {} : { readArchivedLog }),
  });
}

/** A built pcb-defect training workflow for a new run; `group` goes into the requester label to select by. */
function trainWorkflow(groupName: string): Workflow {
  runCounter += 1;
  return buildTrainWorkflow(buildSampleTrainOptions(pcbDefect, { run: { id: `run-${runCounter}`, requester: groupName, trigger: 'api' } }));
}

async function countWorkflows(): Promise<number> {
  const list = (await admin.listNamespacedCustomObject({ group, version, namespace, plural: 'workflows' })) as { items: unknown[] };
  return list.items.length;
}

interface Recorded {
  events: WorkflowWatchEvent[];
  resumes: WorkflowWatchResume[];
  stop(): Promise<void>;
}

/** Starts a watch that records everything; `stop` aborts it and waits for it to end. */
function recordWatch(watchClient: ArgoClient, options: { labelSelector: string; resourceVersion?: string; onEvent?: (event: WorkflowWatchEvent) => Promise<void> }): Recorded {
  const controller = new AbortController();
  const events: WorkflowWatchEvent[] = [];
  const resumes: WorkflowWatchResume[] = [];
  const done = watchClient.watch({
    labelSelector: options.labelSelector,
    ...(options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion }),
    signal: controller.signal,
    onEvent: async (event) => {
      events.push(event);
      await options.onEvent?.(event);
    },
    onResume: (resume) => resumes.push(resume),
  });
  return {
    events,
    resumes,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

const summarize = (event: WorkflowWatchEvent) => `${event.type}${event.synthetic ? '*' : ''} ${event.workflow.metadata.name}`;

beforeAll(async () => {
  pcbDefect = (await loadShippedProjects()).find((project) => project.name === 'pcb-defect')!;
  stateDir = await mkdtemp(path.join(tmpdir(), 'workflows-argo-client-'));
  server = await startKubeApiServer({
    stateDir,
    port: 0,
    namespaces: [namespace],
    bookmarkIntervalMs: 50,
    tokens: [
      { token: 'reader-token', user: 'system:serviceaccount:trainops:reader', verbs: ['get', 'list', 'watch'], resources: ['workflows'] },
      { token: 'no-watch-token', user: 'system:serviceaccount:trainops:no-watch', verbs: ['get', 'list'], resources: ['workflows'] },
      { token: 'api-token', user: 'system:serviceaccount:trainops:trainops-api', ...(await readApiRolePolicy()) },
    ],
  });
  caData = Buffer.from(await readFile(server.caCertificatePath)).toString('base64');
  const adminConfig = new KubeConfig();
  adminConfig.loadFromFile(server.kubeconfigPath);
  admin = adminConfig.makeApiClient(CustomObjectsApi);
  client = newClient();
});

afterEach(() => server.clearFaults());

afterAll(async () => {
  await server?.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('createArgoClient against the Kubernetes API', () => {
  it('submits built workflows, gets them, lists them by labels across pages, then stops and terminates them', async () => {
    const submitted = await Promise.all([1, 2, 3].map(() => client.submit(trainWorkflow('crud'))));
    for (const workflow of submitted) expect(workflow.metadata.name).toMatch(/^pcb-defect-[a-z0-9]{5}$/);
    expect(await client.get(submitted[0]!.metadata.name!)).toEqual(submitted[0]);

    const listed = await client.listByLabels({ 'trainops.dev/requester': 'crud', 'trainops.dev/project': 'pcb-defect' });
    expect(listed.items.map((workflow) => workflow.metadata.name).sort()).toEqual(submitted.map((workflow) => workflow.metadata.name).sort());
    expect(Number(listed.resourceVersion)).toBeGreaterThan(0);
    // Three items at two per page: the second page came by continue token.
    expect(server.requests().filter((request) => request.verb === 'list' && /continue=/.test(request.query)).length).toBeGreaterThan(0);

    const stopped = await client.stop(submitted[0]!.metadata.name!);
    expect(stopped.spec.shutdown).toBe('Stop');
    const terminated = await client.terminate(submitted[1]!.metadata.name!);
    expect(terminated.spec.shutdown).toBe('Terminate');
    expect((await client.get(submitted[1]!.metadata.name!)).spec.shutdown).toBe('Terminate');
  });

  it('works with exactly the rights deploy/argo/rbac.yaml gives the api', async () => {
    const restricted = newClient(kubeConfigFor('api-token'));
    const submitted = await restricted.submit(trainWorkflow('rbac'));
    expect((await restricted.listByLabels('trainops.dev/requester=rbac')).items).toHaveLength(1);
    await expect(restricted.terminate(submitted.metadata.name!)).resolves.toMatchObject({ spec: { shutdown: 'Terminate' } });
    const recorded = recordWatch(restricted, { labelSelector: 'trainops.dev/requester=rbac' });
    await expect.poll(() => recorded.events.map(summarize)).toEqual([`MODIFIED* ${submitted.metadata.name}`]);
    await recorded.stop();
  });

  it('turns a missing workflow into NotFoundError and a taken name into ConflictError', async () => {
    const missing = client.get('no-such-workflow');
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toThrow('workflows.argoproj.io "no-such-workflow" in namespace trainops does not exist: workflows.argoproj.io "no-such-workflow" not found');
    const named = trainWorkflow('conflict');
    named.metadata = { ...named.metadata, name: 'pcb-defect-fixed' };
    delete named.metadata.generateName;
    await client.submit(named);
    const before = await countWorkflows();
    const error = await client.submit(named).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(
      'cannot create workflows.argoproj.io in namespace trainops: it clashes with what is there: workflows.argoproj.io "pcb-defect-fixed" already exists',
    );
    expect(await countWorkflows()).toBe(before);
  });

  it('refuses with NotAllowedError naming the missing right when the token may not create, and creates nothing', async () => {
    const reader = newClient(kubeConfigFor('reader-token'));
    const before = await countWorkflows();
    const error = await reader.submit(trainWorkflow('forbidden')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect((error as Error).message).toBe(
      'Kubernetes does not allow the api to create workflows.argoproj.io in namespace trainops: workflows.argoproj.io is forbidden: User "system:serviceaccount:trainops:reader" cannot create resource "workflows" in API group "argoproj.io" in the namespace "trainops". Grant "create" on workflows.argoproj.io to the api\'s ServiceAccount (deploy/argo/rbac.yaml, Role trainops-api)',
    );
    expect(await countWorkflows()).toBe(before);
    await expect(reader.stop('anything')).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('rides out bursts of 500 and 503 on reads and on submit, without a second workflow for the run', async () => {
    server.setFaults({ bursts: [{ status: 500, count: 2, verb: 'create', resource: 'workflows' }] });
    const submitted = await client.submit(trainWorkflow('bursts'));
    expect((await client.listByLabels('trainops.dev/requester=bursts')).items.map((workflow) => workflow.metadata.name)).toEqual([submitted.metadata.name]);

    server.setFaults({ bursts: [{ status: 503, count: 2, verb: 'get', resource: 'workflows' }] });
    await expect(client.get(submitted.metadata.name!)).resolves.toMatchObject({ metadata: { name: submitted.metadata.name } });

    server.setFaults({ bursts: [{ status: 429, count: 1, verb: 'patch', resource: 'workflows', retryAfterSeconds: 0 }] });
    await expect(client.stop(submitted.metadata.name!)).resolves.toMatchObject({ spec: { shutdown: 'Stop' } });
  });

  it('gives up with UpstreamError once the retries are spent', async () => {
    server.setFaults({ bursts: [{ status: 500, count: 10, verb: 'list', resource: 'workflows' }] });
    const error = await client.listByLabels('trainops.dev/requester=nobody').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/^the Kubernetes API failed to list workflows\.argoproj\.io in namespace trainops \(HTTP 500 InternalError\)/);
  });

  it('reports an API server that does not answer as UpstreamError', async () => {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'gone', server: 'https://127.0.0.1:9', skipTLSVerify: true }],
      users: [{ name: 'user', token: 'x' }],
      contexts: [{ name: 'ctx', cluster: 'gone', user: 'user' }],
      currentContext: 'ctx',
    });
    const error = await newClient(config).get('anything').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/^the Kubernetes API could not be reached to get workflows\.argoproj\.io "anything" in namespace trainops/);
  });
});

describe('watching workflows', () => {
  it('resumes a dropped watch from its last resourceVersion without losing or repeating an event', async () => {
    const { resourceVersion } = await client.listByLabels('trainops.dev/requester=dropped');
    server.setFaults({ watchEventLimit: 2 });
    const recorded = recordWatch(client, { labelSelector: 'trainops.dev/requester=dropped', resourceVersion });
    const names: string[] = [];
    for (let i = 0; i < 3; i += 1) names.push((await client.submit(trainWorkflow('dropped'))).metadata.name!);
    for (const name of names) await client.stop(name);
    const expected = [...names.map((name) => `ADDED ${name}`), ...names.map((name) => `MODIFIED ${name}`)];
    await expect.poll(() => recorded.events.map(summarize), { timeout: 5_000 }).toEqual(expected);
    // Give a duplicate the chance to show up before stopping.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await recorded.stop();
    expect(recorded.events.map(summarize)).toEqual(expected);
    expect(recorded.resumes.filter((resume) => resume.reason === 'closed').length).toBeGreaterThanOrEqual(2);
  });

  it('lists again after 410 Expired and reports what changed meanwhile, deletions included', async () => {
    const first = await client.submit(trainWorkflow('expired'));
    const second = await client.submit(trainWorkflow('expired'));
    server.setFaults({ watchEventLimit: 1 });
    let fourth: Workflow | undefined;
    const recorded = recordWatch(client, {
      labelSelector: 'trainops.dev/requester=expired',
      onEvent: async (event) => {
        if (event.synthetic || event.type !== 'ADDED' || fourth !== undefined) return;
        // While the watch is cut, the world moves on further than the server remembers.
        server.setFaults({ historyWindow: 1 });
        await admin.deleteNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: second.metadata.name! });
        fourth = await client.submit(trainWorkflow('expired'));
        await client.stop(first.metadata.name!);
      },
    });
    await expect.poll(() => recorded.events.length).toBe(2);
    const third = await client.submit(trainWorkflow('expired'));
    await expect.poll(() => recorded.events.length, { timeout: 5_000, message: JSON.stringify(recorded.resumes) }).toBe(7);
    await recorded.stop();

    const [listedFirst, listedSecond, added, ...relisted] = recorded.events.map(summarize);
    expect([listedFirst, listedSecond].sort()).toEqual([`MODIFIED* ${first.metadata.name}`, `MODIFIED* ${second.metadata.name}`].sort());
    expect(added).toBe(`ADDED ${third.metadata.name}`);
    expect(relisted.sort()).toEqual(
      [`DELETED* ${second.metadata.name}`, `MODIFIED* ${first.metadata.name}`, `MODIFIED* ${third.metadata.name}`, `MODIFIED* ${fourth!.metadata.name}`].sort(),
    );
    expect(recorded.events.at(-4)?.type).toBe('DELETED');
    expect(recorded.events.find((event) => event.synthetic && event.workflow.metadata.name === first.metadata.name && event.workflow.spec.shutdown === 'Stop')).toBeDefined();
    expect(recorded.resumes.map((resume) => resume.reason)).toContain('expired');
  });

  it('reconnects with backoff while the API server refuses watches with 503', async () => {
    server.setFaults({ bursts: [{ status: 503, count: 3, verb: 'watch', resource: 'workflows' }] });
    const { resourceVersion } = await client.listByLabels('trainops.dev/requester=flaky');
    const recorded = recordWatch(client, { labelSelector: 'trainops.dev/requester=flaky', resourceVersion });
    const created = await client.submit(trainWorkflow('flaky'));
    await expect.poll(() => recorded.events.map(summarize), { timeout: 5_000 }).toEqual([`ADDED ${created.metadata.name}`]);
    await recorded.stop();
    const failures = recorded.resumes.filter((resume) => resume.reason === 'failed');
    expect(failures).toHaveLength(3);
    expect(failures.every((resume) => resume.delayMs > 0 && resume.delayMs <= 100)).toBe(true);
  });

  it('ends with NotAllowedError when the token may not watch, and with UpstreamError when the token is unknown', async () => {
    const controller = new AbortController();
    const noWatch = newClient(kubeConfigFor('no-watch-token')).watch({ resourceVersion: '1', signal: controller.signal, onEvent: () => undefined });
    await expect(noWatch).rejects.toThrow(NotAllowedError);
    await expect(noWatch).rejects.toThrow(
      'Kubernetes does not allow the api to watch workflows.argoproj.io in namespace trainops. Grant "watch" on workflows.argoproj.io to the api\'s ServiceAccount (deploy/argo/rbac.yaml, Role trainops-api)',
    );
    const stranger = newClient(kubeConfigFor('no-such-token')).watch({ resourceVersion: '1', signal: controller.signal, onEvent: () => undefined });
    await expect(stranger).rejects.toThrow(UpstreamError);
    await expect(stranger).rejects.toThrow(/did not accept the api's credentials/);
  });
});

describe('step logs', () => {
  const core = () => {
    const config = new KubeConfig();
    config.loadFromFile(server.kubeconfigPath);
    return config.makeApiClient(CoreV1Api);
  };

  async function createStepPod(name: string, workflowName: string, nodeId: string, log: string): Promise<void> {
    await core().createNamespacedPod({
      namespace,
      body: {
        metadata: { name, labels: { 'workflows.argoproj.io/workflow': workflowName }, annotations: { 'workflows.argoproj.io/node-id': nodeId } },
        spec: { containers: [{ name: 'main', image: 'yolo' }, { name: 'wait', image: 'argoexec' }] },
      },
    });
    const file = podLogPath(stateDir, namespace, name, 'main');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, log);
    await core().patchNamespacedPodStatus({ name, namespace, body: { status: { phase: 'Running' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  }

  it("reads a step's log from the pod that carries its node id", async () => {
    await createStepPod('wf-logs-train-1', 'wf-logs', 'wf-logs-1111', 'epoch 1\nepoch 2\nepoch 3\n');
    await createStepPod('wf-logs-export-2', 'wf-logs', 'wf-logs-2222', 'exporting\n');
    expect(await client.logs({ workflowName: 'wf-logs', nodeId: 'wf-logs-1111', tailLines: 2 })).toBe('epoch 2\nepoch 3\n');
    expect(await client.logs({ workflowName: 'wf-logs', nodeId: 'wf-logs-2222' })).toBe('exporting\n');
  });

  it('reads the archived log once the pod is gone, and says so when there is none', async () => {
    const workflow = trainWorkflow('archived');
    workflow.metadata = { ...workflow.metadata, name: 'wf-archived' };
    delete workflow.metadata.generateName;
    await client.submit(workflow);
    await admin.patchNamespacedCustomObject(
      {
        group,
        version,
        namespace,
        plural: 'workflows',
        name: 'wf-archived',
        body: {
          status: {
            phase: 'Succeeded',
            nodes: {
              'wf-archived-3333': { id: 'wf-archived-3333', displayName: 'train', outputs: { artifacts: [{ name: 'main-logs', s3: { key: 'logs/trainops/wf-archived/pod/main.log' } }] } },
              'wf-archived-4444': { id: 'wf-archived-4444', displayName: 'publish' },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const keys: string[] = [];
    const withArchive = newClient(server.kubeconfigPath, async (key) => {
      keys.push(key);
      return 'line 1\nline 2\nline 3\n';
    });
    expect(await withArchive.logs({ workflowName: 'wf-archived', nodeId: 'wf-archived-3333', tailLines: 1 })).toBe('line 3\n');
    expect(keys).toEqual(['logs/trainops/wf-archived/pod/main.log']);
    await expect(withArchive.logs({ workflowName: 'wf-archived', nodeId: 'wf-archived-4444' })).rejects.toThrow(
      new NotFoundError('the pod of step wf-archived-4444 of workflow wf-archived is gone and its main log was not archived (archiveLogs is off in the artifact repository)'),
    );
    await expect(client.logs({ workflowName: 'wf-archived', nodeId: 'wf-archived-3333' })).rejects.toThrow(
      new NotFoundError('the pod of step wf-archived-3333 of workflow wf-archived is gone and no archived log reader is configured'),
    );
  });
});
