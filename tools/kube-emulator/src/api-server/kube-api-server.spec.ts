// Wire-level behaviour that the clients' own tests do not pin down: discovery, tables, deletion
// semantics, and closing with streams open.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApiServer } from './kube-api-server.ts';
import { startKubeApiServer } from './kube-api-server.ts';
import { podLogPath } from './pod-logs.ts';

let server: KubeApiServer;
let stateDir: string;

async function call(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${urlPath}`, {
    method,
    headers: { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const workflowsPath = (namespace: string) => `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflows`;
const podsPath = (namespace: string) => `/api/v1/namespaces/${namespace}/pods`;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'kube-api-server-'));
  server = await startKubeApiServer({ stateDir, namespaces: ['ml'] });
});

afterAll(async () => {
  await server?.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('the API server on the wire', () => {
  it('describes the Argo group with short names and verbs, and the core resources with pods/log', async () => {
    const groups = await call('GET', '/apis');
    expect(groups.body).toEqual({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        {
          name: 'argoproj.io',
          versions: [{ groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' }],
          preferredVersion: { groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' },
        },
      ],
    });
    const argo = (await call('GET', '/apis/argoproj.io/v1alpha1')).body['resources'] as Array<Record<string, unknown>>;
    expect(argo.map((r) => [r['name'], r['shortNames'], r['namespaced']])).toEqual([
      ['workflows', ['wf'], true],
      ['workflowtemplates', ['wftmpl'], true],
      ['cronworkflows', ['cwf'], true],
    ]);
    expect(argo[0]?.['verbs']).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    const core = (await call('GET', '/api/v1')).body['resources'] as Array<Record<string, unknown>>;
    expect(core.map((r) => r['name'])).toEqual(['namespaces', 'pods', 'pods/status', 'pods/log', 'secrets', 'configmaps']);
    const namespaces = (await call('GET', '/api/v1/namespaces')).body['items'] as Array<{ metadata: { name: string } }>;
    expect(namespaces.map((n) => n.metadata.name)).toEqual(['argo', 'default', 'ml']);
  });

  it('answers unknown paths and methods with real Status objects', async () => {
    expect(await call('GET', '/apis/batch/v1/jobs')).toEqual({
      status: 404,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 },
    });
    expect((await call('POST', `${workflowsPath('argo')}/some-name`, {})).body).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
  });

  it('prints a Table when asked as=Table, and metadata only when asked as=PartialObjectMetadataList', async () => {
    await call('POST', workflowsPath('ml'), { metadata: { name: 'tabled' }, spec: {} });
    const table = await call('GET', workflowsPath('ml'), undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(table.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', rows: [{ cells: ['tabled', null, null, null] }] });
    const partial = await call('GET', workflowsPath('ml'), undefined, { Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' });
    expect(partial.body).toMatchObject({ kind: 'PartialObjectMetadataList', items: [{ kind: 'PartialObjectMetadata', metadata: { name: 'tabled' } }] });
    expect(partial.body['items']).not.toContainEqual(expect.objectContaining({ spec: expect.anything() }));
  });

  it('holds an object with finalizers until they are removed, then deletes it', async () => {
    await call('POST', workflowsPath('argo'), { metadata: { name: 'held', finalizers: ['example.com/keep'] }, spec: {} });
    const marked = await call('DELETE', `${workflowsPath('argo')}/held`);
    expect(marked.status).toBe(200);
    expect(marked.body['metadata']).toMatchObject({ name: 'held', deletionTimestamp: expect.any(String) });
    expect((await call('GET', `${workflowsPath('argo')}/held`)).status).toBe(200);
    await call('PATCH', `${workflowsPath('argo')}/held`, { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
    expect((await call('GET', `${workflowsPath('argo')}/held`)).status).toBe(404);
  });

  it('deletes pods owned by a workflow with it, and keeps them when asked to orphan', async () => {
    const pod = (name: string, uid: string) => ({
      metadata: { name, ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: 'owner', uid }] },
      spec: { containers: [{ name: 'main', image: 'busybox' }] },
    });
    const owner = await call('POST', workflowsPath('argo'), { metadata: { name: 'owner' }, spec: {} });
    const uid = String((owner.body['metadata'] as Record<string, unknown>)['uid']);
    await call('POST', podsPath('argo'), pod('owner-step-1', uid));
    await call('DELETE', `${workflowsPath('argo')}/owner`, { propagationPolicy: 'Background' });
    expect((await call('GET', `${podsPath('argo')}/owner-step-1`)).status).toBe(404);

    const second = await call('POST', workflowsPath('argo'), { metadata: { name: 'owner' }, spec: {} });
    await call('POST', podsPath('argo'), pod('owner-step-2', String((second.body['metadata'] as Record<string, unknown>)['uid'])));
    await call('DELETE', `${workflowsPath('argo')}/owner`, { propagationPolicy: 'Orphan' });
    const orphan = await call('GET', `${podsPath('argo')}/owner-step-2`);
    expect(orphan.status).toBe(200);
    expect(orphan.body['metadata']).not.toHaveProperty('ownerReferences');
  });

  it('deletes a namespace with its contents, but never default', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'scratch' } });
    await call('POST', '/api/v1/namespaces/scratch/configmaps', { metadata: { name: 'settings' }, data: { a: 'b' } });
    const deleted = await call('DELETE', '/api/v1/namespaces/scratch');
    expect(deleted.body).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } });
    expect((await call('GET', '/api/v1/namespaces/scratch/configmaps/settings')).status).toBe(404);
    const refused = await call('DELETE', '/api/v1/namespaces/default');
    expect(refused.body).toMatchObject({ code: 403, reason: 'Forbidden', message: 'namespaces "default" is forbidden: this namespace may not be deleted' });
    expect((await call('GET', '/api/v1/namespaces/default')).status).toBe(200);
  });

  it('answers a core delete with a Success Status, and deletes collections by label', async () => {
    await call('POST', '/api/v1/namespaces/ml/secrets', { metadata: { name: 'one', labels: { run: 'r1' } }, stringData: { k: 'v' } });
    await call('POST', '/api/v1/namespaces/ml/secrets', { metadata: { name: 'two', labels: { run: 'r1' } } });
    await call('POST', '/api/v1/namespaces/ml/secrets', { metadata: { name: 'three', labels: { run: 'r2' } } });
    const single = await call('DELETE', '/api/v1/namespaces/ml/secrets/one');
    expect(single).toEqual({
      status: 200,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'one', kind: 'secrets', uid: expect.any(String) } },
    });
    const collection = await call('DELETE', '/api/v1/namespaces/ml/secrets?labelSelector=run%3Dr1');
    expect((collection.body['items'] as Array<{ metadata: { name: string } }>).map((s) => s.metadata.name)).toEqual(['two']);
    const left = (await call('GET', '/api/v1/namespaces/ml/secrets')).body['items'] as Array<{ metadata: { name: string } }>;
    expect(left.map((s) => s.metadata.name)).toEqual(['three']);
  });

  it('sends initial events then a bookmark marking their end, and ends the watch at timeoutSeconds', async () => {
    const query = 'watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1';
    const response = await fetch(`${server.url}/api/v1/namespaces?${query}`, { headers: { Authorization: `Bearer ${server.adminToken}` } });
    expect(response.headers.get('content-type')).toBe('application/json');
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string; object: { metadata: Record<string, unknown> } });
    expect(events.slice(0, 3).map((e) => [e.type, e.object.metadata['name']])).toEqual([
      ['ADDED', 'argo'],
      ['ADDED', 'default'],
      ['ADDED', 'ml'],
    ]);
    expect(events[3]).toMatchObject({ type: 'BOOKMARK', object: { kind: 'Namespace', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
  });

  it('ends open watches and followed logs when it closes', async () => {
    const ownDir = path.join(stateDir, 'closing');
    const own = await startKubeApiServer({ stateDir: ownDir });
    const send = (method: string, urlPath: string, body?: unknown, contentType = 'application/json') =>
      fetch(`${own.url}${urlPath}`, {
        method,
        headers: { Authorization: `Bearer ${own.adminToken}`, 'Content-Type': contentType },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    await send('POST', podsPath('argo'), { metadata: { name: 'runner' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } });
    await send('PATCH', `${podsPath('argo')}/runner/status`, { status: { phase: 'Running' } }, 'application/merge-patch+json');
    await mkdir(path.join(ownDir, 'pod-logs', 'argo', 'runner'), { recursive: true });
    await writeFile(podLogPath(ownDir, 'argo', 'runner', 'main'), 'started\n');
    const watch = await send('GET', `${workflowsPath('argo')}?watch=true`);
    const follow = await send('GET', `${podsPath('argo')}/runner/log?follow=true`);
    expect([watch.status, follow.status]).toEqual([200, 200]);
    const watched = watch.text();
    const followed = follow.text();
    const started = Date.now();
    await own.close();
    await expect(watched).resolves.toBe('');
    await expect(followed).resolves.toBe('started\n');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
