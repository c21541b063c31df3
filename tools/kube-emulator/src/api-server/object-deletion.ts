// Deleting as the real control plane does it, minus the waiting: finalizers hold an object with a
// deletionTimestamp until they are removed; owner references cascade (the garbage collector's
// Background/Foreground) or are stripped (Orphan); a namespace takes its contents with it.
import type { ResourceDefinition } from './resource-definitions.ts';
import { resourceDefinitions, resourceIdOf } from './resource-definitions.ts';
import type { KubeObject } from './kube-object.ts';
import { isJsonObject, kubeTimestamp, objectKeyOf } from './kube-object.ts';
import type { ObjectStore } from './object-store.ts';

export const propagationPolicies = ['Orphan', 'Background', 'Foreground'] as const;
export type PropagationPolicy = (typeof propagationPolicies)[number];

export interface DeletionResult {
  /** The object as last stored: the tombstone, or the object now marked for deletion. */
  object: KubeObject;
  /** False when finalizers keep the object until they are removed. */
  removed: boolean;
}

function ownerUids(object: KubeObject): string[] {
  const references = object.metadata.ownerReferences;
  if (!Array.isArray(references)) return [];
  return references.flatMap((reference) => (isJsonObject(reference) && typeof reference['uid'] === 'string' ? [reference['uid']] : []));
}

function dependentsOf(store: ObjectStore, owner: KubeObject): Array<{ definition: ResourceDefinition; object: KubeObject }> {
  const namespace = owner.metadata.namespace;
  if (namespace === undefined) return [];
  return resourceDefinitions
    .filter((definition) => definition.namespaced)
    .flatMap((definition) =>
      store
        .list(resourceIdOf(definition), namespace)
        .filter((object) => ownerUids(object).includes(owner.metadata.uid))
        .map((object) => ({ definition, object })),
    );
}

function cascade(store: ObjectStore, owner: KubeObject, policy: PropagationPolicy, now: Date): void {
  for (const { definition, object } of dependentsOf(store, owner)) {
    if (store.get(resourceIdOf(definition), objectKeyOf(object.metadata.namespace, object.metadata.name)) === undefined) continue;
    if (policy === 'Orphan') {
      const references = (object.metadata.ownerReferences ?? []).filter(
        (reference) => !(isJsonObject(reference) && reference['uid'] === owner.metadata.uid),
      );
      const { ownerReferences: _dropped, ...metadata } = object.metadata;
      const orphaned: KubeObject = { ...object, metadata: references.length === 0 ? metadata : { ...metadata, ownerReferences: references } };
      store.update(resourceIdOf(definition), orphaned);
    } else {
      deleteObject(store, definition, object, 'Background', now);
    }
  }
}

export function deleteObject(
  store: ObjectStore,
  definition: ResourceDefinition,
  object: KubeObject,
  policy: PropagationPolicy,
  now: Date,
): DeletionResult {
  const resourceId = resourceIdOf(definition);
  const key = objectKeyOf(object.metadata.namespace, object.metadata.name);
  const finalizers = object.metadata.finalizers ?? [];
  if (finalizers.length > 0) {
    if (object.metadata.deletionTimestamp !== undefined) return { object, removed: false };
    const marked = {
      ...object,
      metadata: { ...object.metadata, deletionTimestamp: kubeTimestamp(now), deletionGracePeriodSeconds: 0 },
    };
    if (definition.generation !== 'none') marked.metadata.generation = (object.metadata.generation ?? 1) + 1;
    return { object: store.update(resourceId, marked), removed: false };
  }
  if (definition.kind === 'Namespace') {
    // Contents go first so that watchers never see an object outlive its namespace.
    for (const contained of resourceDefinitions.filter((d) => d.namespaced)) {
      for (const item of store.list(resourceIdOf(contained), object.metadata.name)) {
        // An earlier cascade in this loop may already have taken it.
        if (store.get(resourceIdOf(contained), objectKeyOf(item.metadata.namespace, item.metadata.name)) === undefined) continue;
        deleteObject(store, contained, { ...item, metadata: { ...item.metadata, finalizers: [] } }, 'Background', now);
      }
    }
  }
  const tombstone = store.remove(resourceId, key);
  cascade(store, object, policy, now);
  return { object: tombstone, removed: true };
}

/** After an update: an object marked for deletion whose last finalizer is gone is deleted now. */
export function isReadyToRemove(object: KubeObject): boolean {
  return object.metadata.deletionTimestamp !== undefined && (object.metadata.finalizers ?? []).length === 0;
}
