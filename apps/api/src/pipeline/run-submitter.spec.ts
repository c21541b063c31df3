// The submitter against the Kubernetes API server stand-in on loopback (no controller: the
// workflows only need to be stored) and a real database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@trainops/contracts';
import type { RunRecord } from '@trainops/db';
import { createTestDatabase } from '@trainops/db/testing';
import type { TestDatabase } from '@trainops/db/testing';
import { startKubeApiServer } from '@trainops/kube-emulator';
import type { KubeApiServer } from '@trainops/kube-emulator';
import type { ProjectRegistry } from '@trainops/projects';
import { createArgoClient, trainopsAnnotations, trainopsLabels } from '@trainops/workflows';
import type { ArgoClient, Workflow } from '@trainops/workflows';
import { loadTestProjects } from '../testing/test-projects.ts';
import { createRunStateStore } from './run-state-store.ts';
import type { RunStateStore } from './run-state-store.ts';
import { createRunSubmitter } from './run-submitter.ts';
import type { PipelineWorkflowOptions, RunSubmitter } from './run-submitter.ts';
import { buildRunWorkflowName } from './run-workflow-name.ts';
import { createRecordingLogger, insertRun, listTransitions } from './testing/run-rows.ts';

const namespace = 'trainops';
const workflowOptions: PipelineWorkflowOptions = {
  namespace,
  serviceAccountName: 'trainops-workflow',
  artifactRepository: {
    bucket: 'trainops',
    endpoint: 'minio.trainops.svc:9000',
    insecure: true,
    accessKeySecret: { name: 'trainops-s3', key: 'accessKey' },
    secretKeySecret: { name: 'trainops-s3', key: 'secretKey' },
  },
};

let server: KubeApiServer;
let stateDir: string;
let database: TestDatabase;
let projects: ProjectRegistry;
let admin: CustomObjectsApi;
let argo: ArgoClient;
let stateStore: RunStateStore;
const logger = createRecordingLogger();
const finished: Array<{ run: RunRecord; workflow: null }> = [];

function newArgoClient(context?: string): ArgoClient {
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(server.kubeconfigPath);
  if (context !== undefined) kubeconfig.setCurrentContext(context);
  return createArgoClient({ kubeconfig, namespace, retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 20 } });
}

function newSubmitter(client: ArgoClient = argo, store: RunStateStore = stateStore): RunSubmitter {
  return createRunSubmitter({
    prisma: database.prisma,
    argo: client,
    projects,
    stateStore: store,
    workflowOptions,
    logger,
    onRunFinished: (run, workflow) => void finished.push({ run, workflow }),
  });
}

async function listWorkflows(): Promise<Workflow[]> {
  const list = (await admin.listNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace, plural: 'workflows' })) as { items: Workflow[] };
  return list.items;
}

async function workflowsOf(runId: string): Promise<Workflow[]> {
  return (await listWorkflows()).filter((workflow) => workflow.metadata.annotations?.[trainopsAnnotations.runId] === runId);
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'api-submitter-'));
  server = await startKubeApiServer({
    stateDir,
    port: 0,
    namespaces: [namespace],
    tokens: [{ token: 'read-only', user: 'system:serviceaccount:trainops:read-only', verbs: ['get', 'list', 'watch'], resources: ['workflows'] }],
  });
  const adminConfig = new KubeConfig();
  adminConfig.loadFromFile(server.kubeconfigPath);
  admin = adminConfig.makeApiClient(CustomObjectsApi);
  database = await createTestDatabase('pglite');
  projects = await loadTestProjects();
  argo = newArgoClient();
  stateStore = createRunStateStore({ prisma: database.prisma, clock: () => new Date(), logger });
});

afterEach(() => {
  server.clearFaults();
  finished.length = 0;
});

afterAll(async () => {
  await database?.close();
  await server?.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('createRunSubmitter', () => {
  it('submits a queued run as a workflow named after the run and records it as submitted', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', params: { epochs: 5 } });
    const result = await newSubmitter().submitRun(run.id);

    const name = buildRunWorkflowName('widgets', run.id);
    expect(result).toMatchObject({ outcome: 'submitted', workflowName: name, run: { state: 'submitted', workflowNamespace: namespace, workflowName: name } });
    const [workflow, ...others] = await workflowsOf(run.id);
    expect(others).toEqual([]);
    expect(workflow?.metadata).toMatchObject({ name, labels: { [trainopsLabels.runId]: run.id, [trainopsLabels.project]: 'widgets' } });
    expect(JSON.stringify(workflow?.spec.templates)).toContain('epochs=5');
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→queued', 'queued→submitted']);

    // Asked again (a retry, the reconcile): the run is no longer queued, nothing is created.
    expect(await newSubmitter().submitRun(run.id)).toMatchObject({ outcome: 'skipped', message: 'The run is submitted, not queued.' });
    expect(await workflowsOf(run.id)).toHaveLength(1);
  });

  it('stops the new workflow when the run was cancelled while it was being submitted', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    // The cancel lands between the create on the cluster and the submitter's database write.
    const racing: ArgoClient = {
      ...argo,
      submit: async (workflow) => {
        const created = await argo.submit(workflow);
        await database.prisma.run.update({ where: { id: run.id }, data: { state: 'cancelled' } });
        return created;
      },
    };
    const result = await newSubmitter(racing).submitRun(run.id);
    expect(result).toMatchObject({ outcome: 'skipped', message: 'The run was cancelled while it was being submitted; its workflow was stopped.' });
    const [workflow] = await workflowsOf(run.id);
    expect(workflow?.spec.shutdown).toBe('Stop');
    expect((await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).state).toBe('cancelled');
  });

  it('adopts the workflow of an attempt that crashed before its database write instead of submitting again', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    const failingStore: RunStateStore = {
      applyStatus: async () => {
        throw new Error('the database connection dropped');
      },
    };
    await expect(newSubmitter(argo, failingStore).submitRun(run.id)).rejects.toThrow('the database connection dropped');
    expect(await workflowsOf(run.id)).toHaveLength(1);
    expect((await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).state).toBe('queued');

    const result = await newSubmitter().submitRun(run.id);
    expect(result).toMatchObject({ outcome: 'adopted', workflowName: buildRunWorkflowName('widgets', run.id), run: { state: 'submitted' } });
    expect(await workflowsOf(run.id)).toHaveLength(1);
  });

  it('creates one workflow when two api replicas submit the same run at once', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    const results = await Promise.all([newSubmitter(newArgoClient()).submitRun(run.id), newSubmitter(newArgoClient()).submitRun(run.id)]);
    expect(results.map((result) => result.outcome).sort()).toEqual(expect.arrayContaining(['submitted']));
    expect(results.every((result) => result.outcome !== 'failed')).toBe(true);
    expect(await workflowsOf(run.id)).toHaveLength(1);
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→queued', 'queued→submitted']);
  });

  it('moves the run to error with Kubernetes\' refusal when the api may not create workflows (403)', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    const result = await newSubmitter(newArgoClient('kube-emulator-system:serviceaccount:trainops:read-only')).submitRun(run.id);
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(/^Kubernetes refused to create the workflow: Kubernetes does not allow the api to create workflows\.argoproj\.io in namespace trainops/);
    // A refusal is not the cluster failing: trying again would not help, granting the Role would.
    expect(result.message).not.toMatch(/try again/);
    expect(result.run).toMatchObject({ state: 'error', message: result.message });
    expect(await workflowsOf(run.id)).toEqual([]);
    expect(finished.map((entry) => [entry.run.id, entry.run.state, entry.workflow])).toEqual([[run.id, 'error', null]]);
  });

  it('moves the run to error when its workflow name is taken by something else (409)', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    const name = buildRunWorkflowName('widgets', run.id);
    // A real clash, so that the submitter's look at the holder finds a workflow that is not the run's.
    await admin.createNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace,
      plural: 'workflows',
      body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox:1.36' } }] } },
    });
    const result = await newSubmitter().submitRun(run.id);
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(/^Kubernetes refused to create the workflow: cannot create workflows\.argoproj\.io in namespace trainops: it clashes with what is there/);
    // What to do: the name comes from the run id, so a retry (a new run) gets a free one.
    expect(result.message).toMatch(new RegExp(`"${name}" already exists\\. Something else already holds this run's workflow name; Retry starts a new run under a new name\\.$`));
    expect(result.run?.state).toBe('error');
    expect(await workflowsOf(run.id)).toEqual([]);
  });

  it('moves the run to error after a burst of 500s outlasts the retries, leaving no workflow behind', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    server.setFaults({ bursts: [{ status: 500, count: 10, verb: 'create', resource: 'workflows' }] });
    const result = await newSubmitter().submitRun(run.id);
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(/^Kubernetes could not create the workflow: the Kubernetes API failed to create workflows\.argoproj\.io in namespace trainops \(HTTP 500/);
    expect(result.message).toMatch(/\. The cluster failed, not the run: try again with Retry\.$/);
    expect(result.run).toMatchObject({ state: 'error' });
    expect(await workflowsOf(run.id)).toEqual([]);
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→queued', 'queued→error']);
  });

  it('submits through a short 500 burst that the client retries', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    server.setFaults({ bursts: [{ status: 500, count: 1, verb: 'create', resource: 'workflows' }] });
    expect(await newSubmitter().submitRun(run.id)).toMatchObject({ outcome: 'submitted' });
    expect(await workflowsOf(run.id)).toHaveLength(1);
  });

  it('refuses parameters the project no longer allows with a clear message and creates nothing', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', params: { epochs: 5000 } });
    const result = await newSubmitter().submitRun(run.id);
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(/^The workflow for this run could not be built: .*epochs/);
    expect(result.run?.state).toBe('error');
    expect(await workflowsOf(run.id)).toEqual([]);
  });

  it('says which project is unknown and creates nothing', async () => {
    const run = await insertRun(database.prisma, { project: 'gone-project' });
    const result = await newSubmitter().submitRun(run.id);
    expect(result.message).toMatch(/^The workflow for this run could not be built: Unknown project "gone-project"/);
    expect(await workflowsOf(run.id)).toEqual([]);
  });

  it('leaves the run queued when the cluster cannot be asked at all', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    server.setFaults({ bursts: [{ status: 503, count: 10, verb: 'list', resource: 'workflows' }] });
    await expect(newSubmitter().submitRun(run.id)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect((await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).state).toBe('queued');
  });

  it('refuses an unknown run and a namespace that differs from the client\'s', async () => {
    await expect(newSubmitter().submitRun('00000000-0000-4000-8000-000000000000')).rejects.toThrow('There is no run with id 00000000-0000-4000-8000-000000000000.');
    expect(() =>
      createRunSubmitter({ prisma: database.prisma, argo, projects, stateStore, workflowOptions: { ...workflowOptions, namespace: 'other' }, logger }),
    ).toThrow(InputError);
  });
});
