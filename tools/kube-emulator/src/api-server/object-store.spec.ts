import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-object.ts';
import { createObjectStore } from './object-store.ts';

function workflow(name: string, phase = 'Pending'): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'argo', uid: name, resourceVersion: '', creationTimestamp: '2026-01-01T00:00:00Z' },
    status: { phase },
  };
}

const workflows = 'argoproj.io/workflows';

describe('object store', () => {
  it('gives every write the next global resourceVersion, across resources', () => {
    const store = createObjectStore({ historyWindow: 10 });
    expect(store.create(workflows, workflow('a')).metadata.resourceVersion).toBe('1');
    expect(store.create('/pods', { ...workflow('p'), kind: 'Pod', apiVersion: 'v1' }).metadata.resourceVersion).toBe('2');
    expect(store.update(workflows, workflow('a', 'Running')).metadata.resourceVersion).toBe('3');
    expect(store.remove(workflows, 'argo/a').metadata.resourceVersion).toBe('4');
    expect(store.currentResourceVersion()).toBe(4);
  });

  it('replays events after a resourceVersion and reports DELETED with the deletion version', () => {
    const store = createObjectStore({ historyWindow: 10 });
    store.create(workflows, workflow('a'));
    store.update(workflows, workflow('a', 'Running'));
    store.remove(workflows, 'argo/a');
    const events = store.eventsAfter(1);
    expect(Array.isArray(events) && events.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([
      ['MODIFIED', '2'],
      ['DELETED', '3'],
    ]);
  });

  it('reports history older than the window as expired, naming the oldest resumable version', () => {
    const store = createObjectStore({ historyWindow: 3 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) store.create(workflows, workflow(name));
    expect(store.eventsAfter(1)).toEqual({ expired: true, oldestResumable: 2 });
    expect(Array.isArray(store.eventsAfter(2))).toBe(true);
    // A narrower window (a fault) expires more.
    expect(store.eventsAfter(2, 1)).toEqual({ expired: true, oldestResumable: 4 });
  });

  it('rebuilds a list as it was at an earlier resourceVersion', () => {
    const store = createObjectStore({ historyWindow: 10 });
    store.create(workflows, workflow('b'));
    store.create(workflows, workflow('a'));
    store.update(workflows, workflow('a', 'Running'));
    store.remove(workflows, 'argo/b');
    store.create(workflows, workflow('c'));
    const atTwo = store.listAt(workflows, 2);
    expect(Array.isArray(atTwo) && atTwo.map((o) => [o.metadata.name, (o['status'] as { phase: string }).phase])).toEqual([
      ['a', 'Pending'],
      ['b', 'Pending'],
    ]);
    expect(store.list(workflows).map((o) => o.metadata.name)).toEqual(['a', 'c']);
  });

  it('hands out copies, so callers cannot change what is stored', () => {
    const store = createObjectStore({ historyWindow: 10 });
    store.create(workflows, workflow('a'));
    const copy = store.get(workflows, 'argo/a');
    if (copy !== undefined) copy.metadata.name = 'changed';
    expect(store.get(workflows, 'argo/a')?.metadata.name).toBe('a');
  });
});
