// create, update (PUT), patch, delete and deletecollection.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceDefinition } from './resource-definitions.ts';
import { apiVersionOf, resourceIdOf } from './resource-definitions.ts';
import type { ServerState } from './server-state.ts';
import type { ResourceTarget } from './request-target.ts';
import type { JsonObject, KubeObject } from './kube-object.ts';
import { isJsonObject, kubeTimestamp, objectKeyOf } from './kube-object.ts';
import { mediaTypeOf, negotiateResponseShape, parseJsonBody, parseObjectBody, readBody, sendJson } from './http-io.ts';
import {
  alreadyExistsError,
  badRequestError,
  buildSuccessStatus,
  conflictError,
  forbiddenError,
  invalidError,
  notFoundError,
  unsupportedMediaTypeError,
} from './kube-status.ts';
import type { FieldValidationMode, PreparedObject, UpdateInput } from './object-strategy.ts';
import {
  assertObjectBody,
  fieldValidationModes,
  isNoOpUpdate,
  kindOf,
  prepareForCreate,
  prepareForUpdate,
  requestedName,
  resourceOf,
} from './object-strategy.ts';
import { generateObjectName } from './object-names.ts';
import { applyJsonMergePatch } from './json-merge-patch.ts';
import { JsonPatchError, applyJsonPatch } from './json-patch.ts';
import type { PropagationPolicy } from './object-deletion.ts';
import { deleteObject, isReadyToRemove, propagationPolicies } from './object-deletion.ts';
import { getObjectOr404, sendShaped } from './resource-reads.ts';
import { parseListOptions } from './list-options.ts';
import { matchesWatch } from './watch-stream.ts';

// Namespaces the real server refuses to delete.
const protectedNamespaces = new Set(['default', 'kube-system', 'kube-public']);
// generateName collisions are retried, as the real server has done since 1.30.
const generateNameAttempts = 8;

interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidationMode;
}

function parseWriteOptions(query: URLSearchParams): WriteOptions {
  const dryRun = query.getAll('dryRun');
  for (const value of dryRun) {
    if (value !== 'All') throw badRequestError(`dryRun: Unsupported value: "${value}": supported values: "All"`);
  }
  const fieldValidation = query.get('fieldValidation') ?? 'Warn';
  if (!fieldValidationModes.includes(fieldValidation as FieldValidationMode)) {
    throw badRequestError(`fieldValidation: Unsupported value: "${fieldValidation}": supported values: "Ignore", "Warn", "Strict"`);
  }
  return { dryRun: dryRun.length > 0, fieldValidation: fieldValidation as FieldValidationMode };
}

/** Unknown fields are dropped; Strict refuses them, Warn reports them in Warning headers. */
function warningsFor(prepared: PreparedObject, mode: FieldValidationMode): Record<string, string[]> {
  if (prepared.unknownFields.length === 0 || mode === 'Ignore') return {};
  if (mode === 'Strict') throw badRequestError(`strict decoding error: ${prepared.unknownFields.join(', ')}`);
  return { Warning: prepared.unknownFields.map((line) => `299 - ${JSON.stringify(line)}`) };
}

function assertNamespaceExists(state: ServerState, namespace: string | undefined): void {
  if (namespace === undefined) return;
  if (state.store.get('/namespaces', namespace) === undefined) throw notFoundError({ group: '', name: 'namespaces' }, namespace);
}

export async function handleCreate(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { definition } = target;
  const options = parseWriteOptions(query);
  const body = assertObjectBody(definition, parseObjectBody(await readBody(request), request.headers['content-type']));
  assertNamespaceExists(state, target.namespace);
  const resourceId = resourceIdOf(definition);
  const wanted = requestedName(definition, body);
  let name = 'name' in wanted ? wanted.name : generateObjectName(wanted.generateName);
  if ('generateName' in wanted) {
    for (let attempt = 1; attempt < generateNameAttempts && state.store.get(resourceId, objectKeyOf(target.namespace, name)) !== undefined; attempt += 1) {
      name = generateObjectName(wanted.generateName);
    }
  }
  const prepared = prepareForCreate({ definition, body, namespace: target.namespace, name, uid: randomUUID(), now: state.now() });
  const headers = warningsFor(prepared, options.fieldValidation);
  if (state.store.get(resourceId, objectKeyOf(target.namespace, name)) !== undefined) throw alreadyExistsError(resourceOf(definition), name);
  const stored = options.dryRun ? prepared.object : state.store.create(resourceId, prepared.object);
  sendShaped(response, 201, definition, stored, negotiateResponseShape(request.headers.accept), query, headers);
}

function commitUpdate(state: ServerState, definition: ResourceDefinition, existing: KubeObject, updated: KubeObject, dryRun: boolean): KubeObject {
  if (dryRun || isNoOpUpdate(existing, updated)) return dryRun ? updated : existing;
  const stored = state.store.update(resourceIdOf(definition), updated);
  if (isReadyToRemove(stored)) return deleteObject(state.store, definition, stored, 'Background', state.now()).object;
  return stored;
}

export async function handleUpdate(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { definition } = target;
  const options = parseWriteOptions(query);
  const body = assertObjectBody(definition, parseObjectBody(await readBody(request), request.headers['content-type']));
  const name = target.name ?? '';
  const existing = getObjectOr404(state, definition, target.namespace, name);
  storeReplacement(state, request, response, target, query, options, { existing, body });
}

/** What an update and a patch share once the new object is known: checks, the write, the answer. */
function storeReplacement(
  state: ServerState,
  request: IncomingMessage,
  response: ServerResponse,
  target: ResourceTarget,
  query: URLSearchParams,
  options: WriteOptions,
  { existing, body }: Pick<UpdateInput, 'existing' | 'body'>,
): void {
  const { definition } = target;
  const prepared = prepareForUpdate({
    definition,
    existing,
    body,
    subresource: target.subresource === 'status' ? 'status' : 'main',
    namespace: target.namespace,
    name: target.name ?? '',
  });
  const headers = warningsFor(prepared, options.fieldValidation);
  const stored = commitUpdate(state, definition, existing, prepared.object, options.dryRun);
  sendShaped(response, 200, definition, stored, negotiateResponseShape(request.headers.accept), query, headers);
}

const mergePatchType = 'application/merge-patch+json';
const jsonPatchType = 'application/json-patch+json';
const strategicMergePatchType = 'application/strategic-merge-patch+json';

function patchTypesFor(definition: ResourceDefinition): string[] {
  // Strategic merge patch needs Go struct tags, which custom resources do not have: the real
  // server answers 415 for it on CRDs. For core types it is treated as a merge patch here; the
  // difference (lists merged by key, e.g. containers by name) does not arise in what we serve.
  return definition.custom ? [jsonPatchType, mergePatchType] : [jsonPatchType, mergePatchType, strategicMergePatchType];
}

export async function handlePatch(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { definition } = target;
  const patchType = mediaTypeOf(request.headers['content-type']);
  const accepted = patchTypesFor(definition);
  if (!accepted.includes(patchType)) throw unsupportedMediaTypeError(accepted);
  const options = parseWriteOptions(query);
  const patch = parseJsonBody((await readBody(request)).toString('utf8'));
  const name = target.name ?? '';
  const existing = getObjectOr404(state, definition, target.namespace, name);
  let patched: unknown;
  if (patchType === jsonPatchType) {
    try {
      patched = applyJsonPatch(existing, patch);
    } catch (error) {
      if (!(error instanceof JsonPatchError)) throw error;
      if (error.malformed) throw badRequestError(error.message);
      throw invalidError(kindOf(definition), name, [{ field: 'patch', type: 'Invalid', value: '', detail: error.message }]);
    }
  } else {
    if (!isJsonObject(patch)) throw badRequestError('a merge patch must be a JSON object');
    patched = applyJsonMergePatch(existing, patch);
  }
  const body = assertObjectBody(definition, patched);
  storeReplacement(state, request, response, target, query, options, { existing, body });
}

interface DeleteOptions {
  propagationPolicy: PropagationPolicy;
  preconditions: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

async function readDeleteOptions(request: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const text = (await readBody(request)).toString('utf8');
  const parsed = text.trim() === '' ? {} : parseJsonBody(text);
  if (!isJsonObject(parsed)) throw badRequestError('DeleteOptions must be a JSON object');
  const body: JsonObject = parsed;
  const policy = body['propagationPolicy'] ?? query.get('propagationPolicy') ?? 'Background';
  if (!propagationPolicies.includes(policy as PropagationPolicy)) {
    throw badRequestError(`propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Orphan", "Background", "Foreground"`);
  }
  if (body['orphanDependents'] !== undefined && body['propagationPolicy'] !== undefined) {
    throw badRequestError(`propagationPolicy: Invalid value: "${String(policy)}": orphanDependents and deletionPropagation cannot be both set`);
  }
  const preconditions = isJsonObject(body['preconditions']) ? body['preconditions'] : {};
  const bodyDryRun = Array.isArray(body['dryRun']) ? (body['dryRun'] as unknown[]) : [];
  for (const value of bodyDryRun) if (value !== 'All') throw badRequestError(`dryRun: Unsupported value: "${String(value)}": supported values: "All"`);
  return {
    propagationPolicy: body['orphanDependents'] === true ? 'Orphan' : (policy as PropagationPolicy),
    preconditions: {
      ...(typeof preconditions['uid'] === 'string' ? { uid: preconditions['uid'] } : {}),
      ...(typeof preconditions['resourceVersion'] === 'string' ? { resourceVersion: preconditions['resourceVersion'] } : {}),
    },
    dryRun: bodyDryRun.length > 0 || parseWriteOptions(query).dryRun,
  };
}

function assertPreconditions(definition: ResourceDefinition, object: KubeObject, preconditions: DeleteOptions['preconditions']): void {
  const { uid, resourceVersion } = preconditions;
  if (uid !== undefined && uid !== object.metadata.uid) {
    throw conflictError(resourceOf(definition), object.metadata.name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid}`);
  }
  if (resourceVersion !== undefined && resourceVersion !== object.metadata.resourceVersion) {
    throw conflictError(
      resourceOf(definition),
      object.metadata.name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion}`,
    );
  }
}

export async function handleDelete(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { definition } = target;
  const options = await readDeleteOptions(request, query);
  const name = target.name ?? '';
  const existing = getObjectOr404(state, definition, target.namespace, name);
  assertPreconditions(definition, existing, options.preconditions);
  if (definition.kind === 'Namespace' && protectedNamespaces.has(name)) {
    throw forbiddenError(resourceOf(definition), name, 'this namespace may not be deleted');
  }
  const shape = negotiateResponseShape(request.headers.accept);
  if (options.dryRun) {
    sendShaped(response, 200, definition, existing, shape, query);
    return;
  }
  const result = deleteObject(state.store, definition, existing, options.propagationPolicy, state.now());
  if (definition.kind === 'Namespace' && result.removed) {
    // The real server answers with the namespace as it starts terminating.
    const terminating: KubeObject = {
      ...result.object,
      metadata: { ...result.object.metadata, deletionTimestamp: kubeTimestamp(state.now()) },
      status: { phase: 'Terminating' },
    };
    sendShaped(response, 200, definition, terminating, shape, query);
  } else if (definition.deleteReturnsObject || !result.removed) {
    sendShaped(response, 200, definition, result.object, shape, query);
  } else {
    sendJson(response, 200, buildSuccessStatus({ name, group: definition.group, kind: definition.plural, uid: existing.metadata.uid }));
  }
}

export async function handleDeleteCollection(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { definition } = target;
  const options = await readDeleteOptions(request, query);
  const listOptions = parseListOptions(query, definition, false);
  const matching = state.store
    .list(resourceIdOf(definition), target.namespace)
    .filter((object) => matchesWatch({ namespace: target.namespace, options: listOptions }, object));
  const deleted: KubeObject[] = [];
  for (const object of matching) {
    // A cascade from an earlier item may have taken this one already.
    if (state.store.get(resourceIdOf(definition), objectKeyOf(object.metadata.namespace, object.metadata.name)) === undefined) continue;
    deleted.push(options.dryRun ? object : deleteObject(state.store, definition, object, options.propagationPolicy, state.now()).object);
  }
  sendJson(response, 200, {
    apiVersion: apiVersionOf(definition),
    kind: `${definition.kind}List`,
    metadata: { resourceVersion: String(state.store.currentResourceVersion()) },
    items: deleted,
  });
}
