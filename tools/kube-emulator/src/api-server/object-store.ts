// The in-memory object store: what etcd plus the watch cache are to the real server. One global,
// monotonically increasing resourceVersion; every write is one event; the last `historyWindow`
// events are kept so watches can resume and paginated lists stay consistent, and anything older is
// "compacted" (a 410 Expired for whoever asks for it).
import type { KubeObject } from './kube-object.ts';
import { cloneJson, objectKeyOf } from './kube-object.ts';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  resourceId: string;
  key: string;
  resourceVersion: number;
  /** The state after the write; for DELETED the last state, stamped with the deletion's resourceVersion. */
  object: KubeObject;
  /** The state before the write; undefined for ADDED. */
  previous: KubeObject | undefined;
}

export type StoreListener = (event: StoreEvent) => void;

export interface HistoryExpired {
  expired: true;
  /** The oldest resourceVersion a client may still resume from (the real server's "(N)"). */
  oldestResumable: number;
}

export interface ObjectStore {
  currentResourceVersion(): number;
  get(resourceId: string, key: string): KubeObject | undefined;
  /** Current objects of a resource, in key order (namespace, then name), optionally one namespace. */
  list(resourceId: string, namespace?: string): KubeObject[];
  /** The objects as they were at `resourceVersion`, or expired when history no longer reaches it. */
  listAt(resourceId: string, resourceVersion: number, window?: number): KubeObject[] | HistoryExpired;
  /** Every event after `resourceVersion`, or expired when some of them were compacted. */
  eventsAfter(resourceVersion: number, window?: number): StoreEvent[] | HistoryExpired;
  create(resourceId: string, object: KubeObject): KubeObject;
  update(resourceId: string, object: KubeObject): KubeObject;
  remove(resourceId: string, key: string): KubeObject;
  subscribe(listener: StoreListener): () => void;
}

export interface ObjectStoreOptions {
  historyWindow: number;
}

function keyOf(object: KubeObject): string {
  return objectKeyOf(object.metadata.namespace, object.metadata.name);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function createObjectStore(options: ObjectStoreOptions): ObjectStore {
  if (!Number.isInteger(options.historyWindow) || options.historyWindow < 1) {
    throw new Error(`historyWindow must be a whole number of at least 1, got ${options.historyWindow}`);
  }
  const resources = new Map<string, Map<string, KubeObject>>();
  const history: StoreEvent[] = [];
  const listeners = new Set<StoreListener>();
  let resourceVersion = 0;
  // The resourceVersion of the newest event that fell out of history.
  let compactedUpTo = 0;

  const objectsOf = (resourceId: string): Map<string, KubeObject> => {
    let objects = resources.get(resourceId);
    if (objects === undefined) {
      objects = new Map();
      resources.set(resourceId, objects);
    }
    return objects;
  };

  const effectiveCompaction = (window: number | undefined): number => {
    if (window === undefined || window >= history.length) return compactedUpTo;
    const lastDropped = history[history.length - window - 1];
    return Math.max(compactedUpTo, lastDropped?.resourceVersion ?? 0);
  };

  const record = (event: StoreEvent): void => {
    history.push(event);
    while (history.length > options.historyWindow) {
      const dropped = history.shift();
      if (dropped !== undefined) compactedUpTo = dropped.resourceVersion;
    }
    for (const listener of [...listeners]) listener(event);
  };

  const stamp = (object: KubeObject): KubeObject => {
    resourceVersion += 1;
    const stamped = cloneJson(object);
    stamped.metadata.resourceVersion = String(resourceVersion);
    return stamped;
  };

  return {
    currentResourceVersion: () => resourceVersion,

    get(resourceId, key) {
      const object = resources.get(resourceId)?.get(key);
      return object === undefined ? undefined : cloneJson(object);
    },

    list(resourceId, namespace) {
      const objects = [...(resources.get(resourceId)?.entries() ?? [])]
        .filter(([, object]) => namespace === undefined || object.metadata.namespace === namespace)
        .sort(([a], [b]) => compareKeys(a, b));
      return objects.map(([, object]) => cloneJson(object));
    },

    listAt(resourceId, at, window) {
      const compacted = effectiveCompaction(window);
      if (at < compacted) return { expired: true, oldestResumable: compacted };
      const snapshot = new Map(resources.get(resourceId) ?? []);
      // Walk history backwards, undoing every write newer than `at`.
      for (let i = history.length - 1; i >= 0; i -= 1) {
        const event = history[i];
        if (event === undefined || event.resourceVersion <= at) break;
        if (event.resourceId !== resourceId) continue;
        if (event.type === 'ADDED') snapshot.delete(event.key);
        else if (event.previous !== undefined) snapshot.set(event.key, event.previous);
      }
      return [...snapshot.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, object]) => cloneJson(object));
    },

    eventsAfter(after, window) {
      const compacted = effectiveCompaction(window);
      if (after < compacted) return { expired: true, oldestResumable: compacted };
      return history.filter((event) => event.resourceVersion > after);
    },

    create(resourceId, object) {
      const objects = objectsOf(resourceId);
      const key = keyOf(object);
      if (objects.has(key)) throw new Error(`store: ${resourceId} ${key} already exists`);
      const stored = stamp(object);
      objects.set(key, stored);
      record({ type: 'ADDED', resourceId, key, resourceVersion, object: stored, previous: undefined });
      return cloneJson(stored);
    },

    update(resourceId, object) {
      const objects = objectsOf(resourceId);
      const key = keyOf(object);
      const previous = objects.get(key);
      if (previous === undefined) throw new Error(`store: ${resourceId} ${key} does not exist`);
      const stored = stamp(object);
      objects.set(key, stored);
      record({ type: 'MODIFIED', resourceId, key, resourceVersion, object: stored, previous });
      return cloneJson(stored);
    },

    remove(resourceId, key) {
      const objects = objectsOf(resourceId);
      const previous = objects.get(key);
      if (previous === undefined) throw new Error(`store: ${resourceId} ${key} does not exist`);
      objects.delete(key);
      const tombstone = stamp(previous);
      record({ type: 'DELETED', resourceId, key, resourceVersion, object: tombstone, previous });
      return cloneJson(tombstone);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
