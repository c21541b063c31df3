import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-object.ts';
import type { StoreEvent } from './object-store.ts';
import { findResource } from './resource-definitions.ts';
import { parseListOptions } from './list-options.ts';
import { toWatchEvent } from './watch-stream.ts';

const workflows = findResource('argoproj.io', 'v1alpha1', 'workflows');
if (workflows === undefined) throw new Error('no workflows');

const workflow = (phase: string, namespace = 'argo'): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name: 'wf', namespace, uid: 'u', resourceVersion: '1', creationTimestamp: '', labels: { 'workflows.argoproj.io/phase': phase } },
});

const event = (type: StoreEvent['type'], object: KubeObject, previous?: KubeObject): StoreEvent => ({
  type,
  resourceId: 'argoproj.io/workflows',
  key: 'argo/wf',
  resourceVersion: 2,
  object,
  previous,
});

describe('watch events under selectors', () => {
  const running = { namespace: 'argo', options: parseListOptions(new URLSearchParams('labelSelector=workflows.argoproj.io/phase%3DRunning'), workflows, false) };

  it('turn an object that starts matching into ADDED and one that stops into DELETED, as the real server does', () => {
    expect(toWatchEvent(running, event('MODIFIED', workflow('Running'), workflow('Pending')))?.type).toBe('ADDED');
    expect(toWatchEvent(running, event('MODIFIED', workflow('Running'), workflow('Running')))?.type).toBe('MODIFIED');
    expect(toWatchEvent(running, event('MODIFIED', workflow('Succeeded'), workflow('Running')))).toEqual({ type: 'DELETED', object: workflow('Succeeded') });
    expect(toWatchEvent(running, event('MODIFIED', workflow('Failed'), workflow('Pending')))).toBeUndefined();
  });

  it('report a deletion only to watchers that saw the object, and keep namespaces apart', () => {
    expect(toWatchEvent(running, event('DELETED', workflow('Running'), workflow('Running')))?.type).toBe('DELETED');
    expect(toWatchEvent(running, event('DELETED', workflow('Pending'), workflow('Pending')))).toBeUndefined();
    expect(toWatchEvent(running, event('ADDED', workflow('Running', 'other')))).toBeUndefined();
  });
});
