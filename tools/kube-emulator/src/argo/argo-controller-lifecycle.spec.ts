// Changing a running workflow through the API (suspend, resume, stop), locks and parallelism, and
// surviving a misbehaving API server (cut watches, 410 Gone, 503s, write conflicts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podLogPath } from '../api-server/index.ts';
import { hasReference, namespace, parseYamlWorkflow, referenceFolder, startControllerHarness, type ControllerHarness } from './testing/controller-harness.ts';
import type { NodeStatus, WorkflowObject } from './types.ts';

let harness: ControllerHarness;

beforeAll(async () => {
  harness = await startControllerHarness({ parallelism: 3 });
});
afterAll(async () => {
  await harness?.close();
});

const sh = (name: string, script: string) => ({ name, container: { image: 'alpine:3.23', command: ['sh', '-c', script] } });

function nodeNamed(workflow: WorkflowObject, displayName: string): NodeStatus {
  const node = Object.values(workflow.status?.nodes ?? {}).find((candidate) => candidate.displayName === displayName);
  if (!node) throw new Error(`no node ${displayName}`);
  return node;
}

describe('a workflow changed while it runs', () => {
  it('waits on spec.suspend and carries on when it is patched false', async () => {
    const created = await harness.submit({
      metadata: { generateName: 'suspended-' },
      spec: { entrypoint: 'main', suspend: true, templates: [{ name: 'main', steps: [[{ name: 'one', template: 'hi' }]] }, sh('hi', 'echo hi')] },
    });
    const name = created.metadata.name ?? '';
    const running = await harness.waitForPhase(name, ['Running']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(Object.keys((await harness.get(name)).status?.nodes ?? {})).toHaveLength(0);
    expect(running.status?.startedAt).toBeDefined();
    await harness.patch(name, { spec: { suspend: false } });
    expect((await harness.waitForPhase(name)).status?.phase).toBe('Succeeded');
  });

  it('resumes a suspend node when a client marks it Succeeded, as argo resume does', async () => {
    const created = await harness.submit({
      metadata: { generateName: 'approval-' },
      spec: { entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 'approve', template: 'gate' }], [{ name: 'after', template: 'hi' }]] }, { name: 'gate', suspend: {} }, sh('hi', 'echo approved')] },
    });
    const name = created.metadata.name ?? '';
    const waiting = await harness.waitFor(name, (workflow) => Object.values(workflow.status?.nodes ?? {}).some((node) => node.type === 'Suspend' && node.phase === 'Running'));
    const gate = nodeNamed(waiting, 'approve');
    await harness.patch(name, { status: { nodes: { [gate.id]: { phase: 'Succeeded', finishedAt: new Date().toISOString().replace(/\.\d+Z/, 'Z') } } } });
    const done = await harness.waitForPhase(name);
    expect(done.status?.phase).toBe('Succeeded');
    expect(nodeNamed(done, 'after').phase).toBe('Succeeded');
  });

  it('kills the running process on shutdown Terminate and fails the workflow', async () => {
    const created = await harness.submit({ metadata: { generateName: 'terminated-' }, spec: { entrypoint: 'main', onExit: 'bye', templates: [sh('main', 'echo started; sleep 30'), sh('bye', 'echo bye')] } });
    const name = created.metadata.name ?? '';
    await harness.waitFor(name, (workflow) => workflow.status?.nodes?.[name]?.phase === 'Running');
    const started = Date.now();
    await harness.patch(name, { spec: { shutdown: 'Terminate' } });
    const done = await harness.waitForPhase(name);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(done.status).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Terminate'" });
    expect(done.status?.nodes?.[name]).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Terminate'" });
    expect(Object.keys(done.status?.nodes ?? {})).toHaveLength(1);
    const pod = await harness.core.readNamespacedPod({ namespace, name });
    expect(pod.status?.phase).toBe('Failed');
  });

  it('reports progress the process writes to ARGO_PROGRESS_FILE', async () => {
    const created = await harness.submit({
      metadata: { generateName: 'progress-' },
      spec: { entrypoint: 'main', templates: [sh('main', 'echo 1/4 > "$ARGO_PROGRESS_FILE"; sleep 1; echo 3/4 > "$ARGO_PROGRESS_FILE"; sleep 1')] },
    });
    const name = created.metadata.name ?? '';
    const partial = await harness.waitFor(name, (workflow) => ['1/4', '3/4'].includes(workflow.status?.nodes?.[name]?.progress ?? ''));
    expect(partial.status?.phase).toBe('Running');
    const done = await harness.waitForPhase(name);
    expect(done.status?.nodes?.[name]?.progress).toBe('4/4');
    expect(done.status?.progress).toBe('4/4');
  });
});

describe('deadlines, deletion and restarts', () => {
  it("kills a pod at its template's activeDeadlineSeconds", async () => {
    const created = await harness.submit({
      metadata: { generateName: 'deadline-' },
      spec: { entrypoint: 'main', templates: [{ ...sh('main', 'sleep 30'), activeDeadlineSeconds: 20 }] },
    });
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    expect(done.status).toMatchObject({ phase: 'Failed', message: 'Pod was active on the node longer than the specified deadline' });
    const pod = await harness.core.readNamespacedPod({ namespace, name: created.metadata.name ?? '' });
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.reason).toBe('DeadlineExceeded');
  });

  it('stops the processes and removes the pods of a deleted workflow', async () => {
    const created = await harness.submit({ metadata: { generateName: 'deleted-' }, spec: { entrypoint: 'main', templates: [sh('main', 'sleep 30')] } });
    const name = created.metadata.name ?? '';
    await harness.waitFor(name, (workflow) => workflow.status?.nodes?.[name]?.phase === 'Running');
    await harness.custom.deleteNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace, plural: 'workflows', name });
    const deadline = Date.now() + 10_000;
    let pods = 1;
    while (pods > 0 && Date.now() < deadline) {
      pods = (await harness.core.listNamespacedPod({ namespace, labelSelector: `workflows.argoproj.io/workflow=${name}` })).items.length;
      if (pods > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pods).toBe(0);
  });

  it('picks up a running workflow after a restart: lost pods count as deleted and are retried', async () => {
    const own = await startControllerHarness();
    try {
      const created = await own.submit({
        metadata: { generateName: 'restarted-' },
        spec: { entrypoint: 'main', templates: [{ ...sh('main', 'sleep 0.8; echo done'), retryStrategy: { limit: 2, retryPolicy: 'Always' } }] },
      });
      const name = created.metadata.name ?? '';
      await own.waitFor(name, (workflow) => Object.values(workflow.status?.nodes ?? {}).some((node) => node.type === 'Pod' && node.phase === 'Running'));
      await own.restartController();
      const done = await own.waitForPhase(name);
      expect(done.status?.phase).toBe('Succeeded');
      const attempts = (done.status?.nodes?.[name]?.children ?? []).map((id) => done.status?.nodes?.[id]);
      expect(attempts.map((attempt) => [attempt?.displayName, attempt?.phase, attempt?.message])).toEqual([
        [`${name}(0)`, 'Error', 'pod deleted'],
        [`${name}(1)`, 'Succeeded', undefined],
      ]);
    } finally {
      await own.close();
    }
  });
});

describe('locks and limits', () => {
  it('queues a workflow behind a semaphore held by another, with Argo’s Pending message', async () => {
    await harness.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'my-config' }, data: { workflow: '1' } } });
    const spec = hasReference
      ? parseYamlWorkflow(await readFile(path.join(referenceFolder(), 'synchronization-wf-level.yaml'), 'utf8')).spec
      : { entrypoint: 'hello-world', synchronization: { semaphores: [{ configMapKeyRef: { name: 'my-config', key: 'workflow' } }] }, templates: [{ name: 'hello-world', container: { image: 'busybox', command: ['echo'], args: ['hello world'] } }] };
    const holding = { ...spec, templates: [sh('hello-world', 'sleep 1')] };
    const first = await harness.submit({ metadata: { generateName: 'sync-' }, spec: holding });
    await harness.waitForPhase(first.metadata.name ?? '', ['Running']);
    const second = await harness.submit({ metadata: { generateName: 'sync-' }, spec });
    const pending = await harness.waitFor(second.metadata.name ?? '', (workflow) => workflow.status?.phase === 'Pending');
    expect(pending.status?.message).toBe(`Waiting for ${namespace}/ConfigMap/my-config/workflow lock. Lock status: 0/1`);
    const held = await harness.get(first.metadata.name ?? '');
    expect(held.status?.synchronization).toEqual({ semaphore: { holding: [{ semaphore: `${namespace}/ConfigMap/my-config/workflow`, holders: [first.metadata.name] }] } });
    expect((await harness.waitForPhase(first.metadata.name ?? '')).status?.phase).toBe('Succeeded');
    expect((await harness.waitForPhase(second.metadata.name ?? '')).status?.phase).toBe('Succeeded');
  });

  it('runs at most `parallelism` workflows and lets the others wait Pending', async () => {
    const created = await Promise.all([0, 1, 2, 3, 4].map(() => harness.submit({ metadata: { generateName: 'many-' }, spec: { entrypoint: 'main', templates: [sh('main', 'sleep 0.5')] } })));
    const names = created.map((workflow) => workflow.metadata.name ?? '');
    const postponed = await harness.waitFor(names[4] ?? '', (workflow) => workflow.status?.phase === 'Pending' || workflow.status?.phase === 'Running');
    if (postponed.status?.phase === 'Pending') expect(postponed.status.message).toBe('Workflow processing has been postponed because too many workflows are already running');
    const done = await Promise.all(names.map((name) => harness.waitForPhase(name)));
    expect(done.map((workflow) => workflow.status?.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
    const windows = done.map((workflow) => [Date.parse(workflow.status?.startedAt ?? ''), Date.parse(workflow.status?.finishedAt ?? '')] as const);
    const overlapping = Math.max(...windows.map(([start]) => windows.filter(([s, f]) => s <= start && start < f).length));
    expect(overlapping).toBeLessThanOrEqual(3);
  });
});

describe('a misbehaving API server', () => {
  it('finishes workflows through cut watches, 410 Gone and bursts of 503', async () => {
    // Its own server, faulty from the start, so every watch the controller opens is cut short.
    const faulty = await startControllerHarness(
      {},
      {
        faults: {
          watchEventLimit: 1,
          historyWindow: 2,
          bursts: [{ status: 503, count: 3, verb: 'update', resource: 'workflows' }, { status: 429, count: 2, verb: 'create', resource: 'pods', retryAfterSeconds: 0 }],
        },
      },
    );
    try {
      const spec = { entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 'a', template: 'hi' }], [{ name: 'b', template: 'hi' }, { name: 'c', template: 'hi' }]] }, sh('hi', 'echo hi')] };
      const created = await Promise.all([0, 1, 2, 3, 4, 5].map(() => faulty.submit({ metadata: { generateName: 'faults-' }, spec })));
      const done = await faulty.waitForAllDone(created.map((workflow) => workflow.metadata.name ?? ''));
      expect(done.map((workflow) => `${workflow.status?.phase} ${workflow.status?.progress}`)).toEqual(Array(6).fill('Succeeded 3/3'));
      const requests = faulty.server.requests().filter((entry) => entry.resource === 'workflows');
      const watches = requests.filter((entry) => entry.verb === 'watch');
      // Cut watches were resumed from the last resourceVersion seen; the short history forced relists.
      expect(watches.length).toBeGreaterThan(2);
      expect(watches.every((entry) => /resourceVersion=\d+/.test(entry.query))).toBe(true);
      // The controller's own lists carry no selector: the first one, then at least one relist after 410.
      expect(requests.filter((entry) => entry.verb === 'list' && entry.query === '').length).toBeGreaterThanOrEqual(2);
      expect(requests.filter((entry) => entry.verb === 'update' && entry.status === 503)).toHaveLength(3);
    } finally {
      await faulty.close();
    }
  });

  it('keeps a user’s spec change made between its reads and writes (conflicts are retried, not overwritten)', async () => {
    const created = await harness.submit({ metadata: { generateName: 'conflict-', labels: { team: 'vision' } }, spec: { entrypoint: 'main', templates: [sh('main', 'sleep 0.4; echo ok')] } });
    const name = created.metadata.name ?? '';
    await harness.waitForPhase(name, ['Running']);
    await harness.patch(name, { metadata: { labels: { reviewed: 'yes' } } });
    const done = await harness.waitForPhase(name);
    expect(done.metadata.labels).toMatchObject({ team: 'vision', reviewed: 'yes', 'workflows.argoproj.io/completed': 'true' });
    expect(await readFile(podLogPath(harness.stateDir, namespace, name, 'main'), 'utf8')).toBe('ok\n');
  });
});
