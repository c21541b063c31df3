// The API server driven by the real @kubernetes/client-node, as the product's api will drive it.
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import { CoreV1Api, CustomObjectsApi, KubeConfig, Log, PatchStrategy, Watch, makeInformer, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeApiServer } from './kube-api-server.ts';
import { startKubeApiServer } from './kube-api-server.ts';
import { podLogPath } from './pod-logs.ts';

const trainopsUser = 'system:serviceaccount:argo:trainops';
const group = 'argoproj.io';
const version = 'v1alpha1';
const namespace = 'argo';

let server: KubeApiServer;
let stateDir: string;
let admin: KubeConfig;

let caData: string;

function kubeConfigFor(token: string): KubeConfig {
  const config = new KubeConfig();
  // client-node, like kubectl, will not send a token over plain HTTP: HTTPS with the server's certificate.
  config.loadFromOptions({
    clusters: [{ name: 'emulator', server: server.httpsUrl, caData, skipTLSVerify: false }],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'ctx', cluster: 'emulator', user: 'user', namespace }],
    currentContext: 'ctx',
  });
  return config;
}

function workflowBody(generateName: string, labels: Record<string, string> = {}): object {
  return {
    apiVersion: `${group}/${version}`,
    kind: 'Workflow',
    metadata: { generateName, labels },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }] },
  };
}

interface Workflow extends KubernetesObject {
  metadata: { name: string; resourceVersion: string; generation?: number; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

interface WorkflowList {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Workflow[];
}

const workflows = () => admin.makeApiClient(CustomObjectsApi);

async function createWorkflow(generateName: string, labels: Record<string, string> = {}): Promise<Workflow> {
  return (await workflows().createNamespacedCustomObject({ group, version, namespace, plural: 'workflows', body: workflowBody(generateName, labels) })) as Workflow;
}

async function listWorkflows(options: { labelSelector?: string; limit?: number; _continue?: string } = {}): Promise<WorkflowList> {
  return (await workflows().listNamespacedCustomObject({ group, version, namespace, plural: 'workflows', ...options })) as WorkflowList;
}

/** The HTTP code and the Status body of a failed client-node call. */
async function failureOf(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    const failure = error as { code: number; body: unknown; headers: Record<string, string> };
    const body = typeof failure.body === 'string' ? (JSON.parse(failure.body) as Record<string, unknown>) : (failure.body as Record<string, unknown>);
    return { code: failure.code, body, headers: failure.headers };
  }
  throw new Error('expected the call to fail');
}

interface WatchedEvent {
  type: string;
  object: { kind?: string; code?: number; reason?: string; message?: string; metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } };
}

/** Watches until `until` says enough (or the server ends the stream); resolves with what arrived. */
async function watchUntil(
  query: Record<string, string | boolean>,
  until: (events: WatchedEvent[]) => boolean,
  watchPath = `/apis/${group}/${version}/namespaces/${namespace}/workflows`,
): Promise<{ events: WatchedEvent[]; endedByServer: boolean }> {
  const events: WatchedEvent[] = [];
  return new Promise((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    const settle = (endedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      controller?.abort();
      resolve({ events, endedByServer });
    };
    const timer = setTimeout(() => {
      settled = true;
      controller?.abort();
      reject(new Error(`watch timed out with ${JSON.stringify(events)}`));
    }, 5000);
    new Watch(admin)
      .watch(
        watchPath,
        query,
        (type, object) => {
          events.push({ type, object });
          if (until(events)) settle(false);
        },
        () => settle(true),
      )
      .then((c) => {
        controller = c;
        if (settled) c.abort();
      }, reject);
  });
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'kube-api-client-node-'));
  server = await startKubeApiServer({
    stateDir,
    bookmarkIntervalMs: 50,
    tokens: [{ token: 'trainops-token', user: trainopsUser, verbs: ['get', 'list', 'watch', 'create'], resources: ['workflows', 'pods/log'] }],
  });
  caData = Buffer.from(await readFile(server.caCertificatePath)).toString('base64');
  admin = new KubeConfig();
  // The admin goes through the written kubeconfig: HTTPS with the embedded certificate.
  admin.loadFromFile(server.kubeconfigPath);
});

afterAll(async () => {
  await server?.close();
  await rm(stateDir, { recursive: true, force: true });
});

afterEach(() => server.clearFaults());

describe('the API server with @kubernetes/client-node', () => {
  it('creates workflows from generateName, gets them, and lists them by label selector in consistent pages', async () => {
    const created = await createWorkflow('train-pcb-defect-', { team: 'vision' });
    expect(created.metadata.name).toMatch(/^train-pcb-defect-[a-z0-9]{5}$/);
    expect(created.metadata.generation).toBe(1);
    const fetched = (await workflows().getNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: created.metadata.name })) as Workflow;
    expect(fetched).toEqual(created);

    await createWorkflow('page-', { team: 'vision', batch: 'pages' });
    await createWorkflow('page-', { team: 'vision', batch: 'pages' });
    await createWorkflow('page-', { team: 'nlp', batch: 'pages' });
    const first = await listWorkflows({ labelSelector: 'batch=pages,team in (vision)', limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.metadata.continue).toBeDefined();
    expect(first.metadata.remainingItemCount).toBeUndefined();
    // Written between pages: the next pages still show the list as it was at the first.
    const late = await createWorkflow('page-', { team: 'vision', batch: 'pages' });
    const second = await listWorkflows({ labelSelector: 'batch=pages,team in (vision)', limit: 1, _continue: first.metadata.continue });
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.metadata.continue).toBeUndefined();
    const paged = [...first.items, ...second.items].map((w) => w.metadata.name);
    expect(new Set(paged).size).toBe(2);
    expect(paged).not.toContain(late.metadata.name);
    const current = (await listWorkflows({ labelSelector: 'batch=pages,team=vision' })).items.map((w) => w.metadata.name);
    expect(current.sort()).toEqual([...paged, late.metadata.name].sort());

    const unfiltered = await listWorkflows({ limit: 2 });
    expect(unfiltered.metadata.remainingItemCount).toBe(3);
  });

  it('answers an expired continue token with 410 Expired', async () => {
    const first = await listWorkflows({ limit: 1 });
    server.setFaults({ historyWindow: 1 });
    await createWorkflow('expire-');
    await createWorkflow('expire-');
    const failure = await failureOf(listWorkflows({ limit: 1, _continue: first.metadata.continue }));
    expect(failure.code).toBe(410);
    expect(failure.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    expect(String(failure.body['message'])).toMatch(/^The provided continue parameter is too old/);
  });

  it('watches from a resourceVersion: replays what came after, then live events and bookmarks', async () => {
    const before = (await listWorkflows()).metadata.resourceVersion;
    const created = await createWorkflow('watched-');
    await workflows().patchNamespacedCustomObject(
      { group, version, namespace, plural: 'workflows', name: created.metadata.name, body: { status: { phase: 'Running' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const seen = watchUntil({ resourceVersion: before, allowWatchBookmarks: true }, (events) => events.some((e) => e.type === 'DELETED'));
    await new Promise((resolve) => setTimeout(resolve, 120));
    await workflows().deleteNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: created.metadata.name });
    const { events } = await seen;
    const named = events.filter((e) => e.object.metadata?.name === created.metadata.name).map((e) => e.type);
    expect(named).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object).toMatchObject({ kind: 'Workflow', apiVersion: `${group}/${version}` });
    expect(Number(bookmark?.object.metadata?.resourceVersion)).toBeGreaterThan(Number(before));
  });

  it('ends a watch from a resourceVersion older than history with an ERROR event carrying 410 Expired', async () => {
    const old = (await listWorkflows()).metadata.resourceVersion;
    server.setFaults({ historyWindow: 2 });
    for (let i = 0; i < 3; i += 1) await createWorkflow('churn-');
    const { events, endedByServer } = await watchUntil({ resourceVersion: old }, () => false);
    expect(endedByServer).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('ERROR');
    expect(events[0]?.object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    expect(events[0]?.object.message).toMatch(new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`));
  });

  it('refuses a replace with a stale resourceVersion with 409 Conflict', async () => {
    const created = await createWorkflow('stale-');
    await workflows().patchNamespacedCustomObject(
      { group, version, namespace, plural: 'workflows', name: created.metadata.name, body: { spec: { shutdown: 'Stop' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const failure = await failureOf(
      workflows().replaceNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: created.metadata.name, body: created }),
    );
    expect(failure.code).toBe(409);
    expect(failure.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Operation cannot be fulfilled on workflows.argoproj.io "${created.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      reason: 'Conflict',
      details: { name: created.metadata.name, group, kind: 'workflows' },
      code: 409,
    });
    const current = (await workflows().getNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: created.metadata.name })) as Workflow;
    expect(current.spec['shutdown']).toBe('Stop');
    expect(current.metadata.generation).toBe(2);
  });

  it('answers unknown tokens with 401 and disallowed verbs with the real 403 message', async () => {
    const stranger = kubeConfigFor('no-such-token').makeApiClient(CustomObjectsApi);
    const unauthorized = await failureOf(stranger.listNamespacedCustomObject({ group, version, namespace, plural: 'workflows' }));
    expect(unauthorized.code).toBe(401);
    // client-node drops 401 bodies, so the Status is checked on the wire.
    const raw = await fetch(`${server.url}/apis/${group}/${version}/namespaces/${namespace}/workflows`, { headers: { Authorization: 'Bearer no-such-token' } });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });

    const trainops = kubeConfigFor('trainops-token').makeApiClient(CustomObjectsApi);
    const created = (await trainops.createNamespacedCustomObject({ group, version, namespace, plural: 'workflows', body: workflowBody('allowed-') })) as Workflow;
    const forbidden = await failureOf(trainops.deleteNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: created.metadata.name }));
    expect(forbidden.code).toBe(403);
    expect(forbidden.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `workflows.argoproj.io "${created.metadata.name}" is forbidden: User "${trainopsUser}" cannot delete resource "workflows" in API group "argoproj.io" in the namespace "argo"`,
      reason: 'Forbidden',
      details: { name: created.metadata.name, group, kind: 'workflows' },
      code: 403,
    });
    const stillThere = await workflows().getNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: created.metadata.name });
    expect(stillThere).toMatchObject({ metadata: { name: created.metadata.name } });
  });

  it('refuses bad writes with the real Status and changes nothing', async () => {
    const before = (await listWorkflows()).items.length;
    const invalid = await failureOf(
      workflows().createNamespacedCustomObject({ group, version, namespace, plural: 'workflows', body: { ...workflowBody(''), metadata: { name: 'Not_A_Name' } } }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.body['message']).toMatch(/^Workflow\.argoproj\.io "Not_A_Name" is invalid: metadata\.name: Invalid value: "Not_A_Name"/);

    const created = await createWorkflow('taken-');
    const taken = await failureOf(
      workflows().createNamespacedCustomObject({ group, version, namespace, plural: 'workflows', body: { ...workflowBody(''), metadata: { name: created.metadata.name } } }),
    );
    expect(taken.code).toBe(409);
    expect(taken.body).toMatchObject({ reason: 'AlreadyExists', message: `workflows.argoproj.io "${created.metadata.name}" already exists` });

    const noNamespace = await failureOf(
      workflows().createNamespacedCustomObject({ group, version, namespace: 'nowhere', plural: 'workflows', body: workflowBody('lost-') }),
    );
    expect(noNamespace.body).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nowhere" not found' });

    const strategic = await failureOf(
      workflows().patchNamespacedCustomObject(
        { group, version, namespace, plural: 'workflows', name: created.metadata.name, body: { spec: { shutdown: 'Stop' } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(strategic.code).toBe(415);
    expect(strategic.body['reason']).toBe('UnsupportedMediaType');
    expect((await listWorkflows()).items.length).toBe(before + 1);
    const unchanged = (await workflows().getNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: created.metadata.name })) as Workflow;
    expect(unchanged).toEqual(created);
  });

  it('applies JSON patches', async () => {
    const created = await createWorkflow('json-patch-');
    const patched = (await workflows().patchNamespacedCustomObject(
      {
        group,
        version,
        namespace,
        plural: 'workflows',
        name: created.metadata.name,
        body: [
          { op: 'test', path: '/spec/entrypoint', value: 'main' },
          { op: 'add', path: '/metadata/labels', value: { stage: 'patched' } },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    )) as Workflow;
    expect(patched.metadata.labels).toEqual({ stage: 'patched' });
    expect(Number(patched.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('serves pod logs with tailLines, and follows them until the pod finishes', async () => {
    const core = admin.makeApiClient(CoreV1Api);
    const pod = await core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'train-1-main' }, spec: { containers: [{ name: 'main', image: 'yolo' }, { name: 'wait', image: 'argoexec' }] } },
    });
    expect(pod.status?.phase).toBe('Pending');
    const waiting = await failureOf(core.readNamespacedPodLog({ name: 'train-1-main', namespace, container: 'main' }));
    expect(waiting.code).toBe(400);
    const file = podLogPath(stateDir, namespace, 'train-1-main', 'main');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'epoch 1\nepoch 2\nepoch 3\n');
    await core.patchNamespacedPodStatus(
      { name: 'train-1-main', namespace, body: { status: { phase: 'Running' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(await core.readNamespacedPodLog({ name: 'train-1-main', namespace, container: 'main', tailLines: 2 })).toBe('epoch 2\nepoch 3\n');
    const wrong = await failureOf(core.readNamespacedPodLog({ name: 'train-1-main', namespace, container: 'sidecar' }));
    expect(wrong.body).toMatchObject({ code: 400, message: 'container sidecar is not valid for pod train-1-main' });
    const missing = await failureOf(core.readNamespacedPodLog({ name: 'no-pod', namespace }));
    expect(missing.body).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "no-pod" not found' });

    const sink = new PassThrough();
    let followed = '';
    sink.on('data', (chunk: Buffer) => {
      followed += chunk.toString('utf8');
    });
    const ended = new Promise<void>((resolve) => sink.on('end', resolve));
    await new Log(admin).log(namespace, 'train-1-main', 'main', sink, { follow: true, tailLines: 1 });
    await appendFile(file, 'epoch 4\n');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await appendFile(file, 'done\n');
    await core.patchNamespacedPodStatus(
      { name: 'train-1-main', namespace, body: { status: { phase: 'Succeeded' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await ended;
    expect(followed).toBe('epoch 3\nepoch 4\ndone\n');
  });

  it('injects bursts of 500 and 429 with Retry-After, then recovers', async () => {
    server.setFaults({ bursts: [{ status: 500, count: 2, verb: 'list', resource: 'workflows' }] });
    for (let i = 0; i < 2; i += 1) {
      const failure = await failureOf(listWorkflows());
      expect(failure.code).toBe(500);
      expect(failure.body).toMatchObject({ reason: 'InternalError', code: 500 });
    }
    await expect(listWorkflows()).resolves.toMatchObject({ items: expect.any(Array) });

    server.setFaults({ bursts: [{ status: 429, count: 1, verb: 'create', retryAfterSeconds: 2 }] });
    const throttled = await failureOf(createWorkflow('throttled-'));
    expect(throttled.code).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2');
    expect(throttled.body).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 2 } });
    await expect(createWorkflow('throttled-')).resolves.toMatchObject({ kind: 'Workflow' });
  });

  it('injects 403 and 409 bursts on create worded as the real server\'s, storing nothing', async () => {
    const trainops = kubeConfigFor('trainops-token').makeApiClient(CustomObjectsApi);
    const labelSelector = 'burst=refused';
    server.setFaults({ bursts: [{ status: 403, count: 1, verb: 'create', resource: 'workflows' }] });
    const forbidden = await failureOf(
      trainops.createNamespacedCustomObject({ group, version, namespace, plural: 'workflows', body: workflowBody('refused-', { burst: 'refused' }) }),
    );
    expect(forbidden.code).toBe(403);
    expect(forbidden.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `workflows.argoproj.io is forbidden: User "${trainopsUser}" cannot create resource "workflows" in API group "argoproj.io" in the namespace "argo"`,
      reason: 'Forbidden',
      details: { group, kind: 'workflows' },
      code: 403,
    });

    server.setFaults({ bursts: [{ status: 409, count: 1, verb: 'create', resource: 'workflows' }] });
    const body = { ...workflowBody('unused-', { burst: 'refused' }), metadata: { name: 'pcb-defect-taken', labels: { burst: 'refused' } } };
    const taken = await failureOf(trainops.createNamespacedCustomObject({ group, version, namespace, plural: 'workflows', body }));
    expect(taken.code).toBe(409);
    expect(taken.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'workflows.argoproj.io "pcb-defect-taken" already exists',
      reason: 'AlreadyExists',
      details: { name: 'pcb-defect-taken', group, kind: 'workflows' },
      code: 409,
    });
    // A generateName create is refused under the name it would have got.
    server.setFaults({ bursts: [{ status: 409, count: 1, verb: 'create', resource: 'workflows' }] });
    const generated = await failureOf(createWorkflow('refused-', { burst: 'refused' }));
    expect(generated.body).toMatchObject({ reason: 'AlreadyExists', message: expect.stringMatching(/^workflows\.argoproj\.io "refused-[a-z0-9]{5}" already exists$/) });

    expect((await listWorkflows({ labelSelector })).items).toEqual([]);
    // The bursts are used up: the same create now goes through.
    await expect(trainops.createNamespacedCustomObject({ group, version, namespace, plural: 'workflows', body })).resolves.toMatchObject({ metadata: { name: 'pcb-defect-taken' } });
  });

  it('cuts watches after the configured number of events', async () => {
    const before = (await listWorkflows()).metadata.resourceVersion;
    for (let i = 0; i < 3; i += 1) await createWorkflow('cut-');
    server.setFaults({ watchEventLimit: 2 });
    const { events, endedByServer } = await watchUntil({ resourceVersion: before }, () => false);
    expect(endedByServer).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED']);
  });

  it('feeds an informer: initial list, then adds and deletes', async () => {
    const path = `/apis/${group}/${version}/namespaces/${namespace}/workflows`;
    const informer = makeInformer<Workflow>(admin, path, () => listWorkflows({ labelSelector: 'informed=yes' }) as never, 'informed=yes');
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on('add', (object) => added.push(object.metadata.name));
    informer.on('delete', (object) => deleted.push(object.metadata.name));
    await informer.start();
    try {
      const created = await createWorkflow('informed-', { informed: 'yes' });
      await workflows().deleteNamespacedCustomObject({ group, version, namespace, plural: 'workflows', name: created.metadata.name });
      await expect.poll(() => deleted, { timeout: 3000, interval: 20 }).toEqual([created.metadata.name]);
      expect(added).toEqual([created.metadata.name]);
    } finally {
      await informer.stop();
    }
  });

  it('lets tests read the request log and refuses bad fault settings without changing them', async () => {
    server.setFaults({ latencyMs: 1 });
    const refused = await fetch(`${server.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ bursts: [{ status: 404, count: 1 }] }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'faults.bursts[0].status must be one of 403, 409, 429, 500, 503' });
    const faults = await (await fetch(`${server.url}/_emulator/faults`)).json();
    expect(faults).toEqual({ latencyMs: 1, watchEventLimit: null, historyWindow: null, bursts: [] });

    const { requests } = (await (await fetch(`${server.url}/_emulator/requests`)).json()) as { requests: Array<Record<string, unknown>> };
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'GET', verb: 'watch', resource: 'workflows', namespace, status: 200, user: 'kubernetes-admin' }),
    );
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', verb: 'list', status: 401, user: '' }));
  });
});
