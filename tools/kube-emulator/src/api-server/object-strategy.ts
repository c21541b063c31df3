// What the real server does to an object between the request body and storage (its "strategy"
// and validation): defaults, system metadata, generation, the status subresource split, and the
// checks a client would otherwise only meet against a real cluster. Pure: time, uids and names come in.
import type { ResourceDefinition } from './resource-definitions.ts';
import { apiVersionOf } from './resource-definitions.ts';
import type { FieldProblem, GroupName } from './kube-status.ts';
import { badRequestError, conflictError, internalError, invalidError, staleObjectMessage } from './kube-status.ts';
import type { JsonObject, KubeObject } from './kube-object.ts';
import { cloneJson, isJsonObject, jsonEqual, kubeTimestamp } from './kube-object.ts';
import { validateDns1123Label, validateDns1123Subdomain, validateLabelKey, validateLabelValue } from './object-names.ts';

export const fieldValidationModes = ['Ignore', 'Warn', 'Strict'] as const;
export type FieldValidationMode = (typeof fieldValidationModes)[number];

const knownMetadataFields = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

// System fields a client cannot set: the server owns them.
const systemMetadataFields = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink'];

export interface PreparedObject {
  object: KubeObject;
  /** `unknown field "x"` lines for field validation (the fields themselves are already dropped). */
  unknownFields: string[];
}

export function kindOf(definition: ResourceDefinition): GroupName {
  return { group: definition.group, name: definition.kind };
}

export function resourceOf(definition: ResourceDefinition): GroupName {
  return { group: definition.group, name: definition.plural };
}

/** The body as an object of this resource, or a 400 with the real server's wording. */
export function assertObjectBody(definition: ResourceDefinition, body: unknown): JsonObject {
  if (!isJsonObject(body)) {
    throw badRequestError(`${definition.kind} in version "${definition.version}" cannot be handled as a ${definition.kind}: the body must be a JSON object`);
  }
  const apiVersion = body['apiVersion'];
  if (apiVersion !== undefined && apiVersion !== apiVersionOf(definition)) {
    throw badRequestError(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${apiVersionOf(definition)})`,
    );
  }
  const kind = body['kind'];
  if (kind !== undefined && kind !== definition.kind) {
    throw badRequestError(`the kind in the data (${String(kind)}) does not match the expected kind (${definition.kind})`);
  }
  if (body['metadata'] !== undefined && !isJsonObject(body['metadata'])) {
    throw badRequestError(`${definition.kind} in version "${definition.version}" cannot be handled as a ${definition.kind}: metadata must be an object`);
  }
  return body;
}

function dropUnknownFields(definition: ResourceDefinition, body: JsonObject): { cleaned: JsonObject; unknownFields: string[] } {
  const unknownFields: string[] = [];
  const cleaned: JsonObject = {};
  for (const [field, value] of Object.entries(body)) {
    if (definition.knownFields.includes(field)) cleaned[field] = value;
    else unknownFields.push(`unknown field "${field}"`);
  }
  if (isJsonObject(cleaned['metadata'])) {
    const metadata: JsonObject = {};
    for (const [field, value] of Object.entries(cleaned['metadata'])) {
      if (knownMetadataFields.has(field)) metadata[field] = value;
      else unknownFields.push(`unknown field "metadata.${field}"`);
    }
    cleaned['metadata'] = metadata;
  }
  return { cleaned, unknownFields };
}

function validateStringMap(field: string, value: unknown, problems: FieldProblem[], checkEntry: (key: string, value: string) => void): void {
  if (value === undefined || value === null) return;
  if (!isJsonObject(value)) {
    problems.push({ field, type: 'Invalid', value, detail: 'must be a map of string keys to string values' });
    return;
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      problems.push({ field: `${field}[${key}]`, type: 'Invalid', value: entry, detail: 'must be a string' });
    } else {
      checkEntry(key, entry);
    }
  }
}

function validateMetadata(definition: ResourceDefinition, object: KubeObject, problems: FieldProblem[]): void {
  const { metadata } = object;
  const nameProblems = definition.nameRule === 'label' ? validateDns1123Label(metadata.name) : validateDns1123Subdomain(metadata.name);
  for (const detail of nameProblems) problems.push({ field: 'metadata.name', type: 'Invalid', value: metadata.name, detail });
  validateStringMap('metadata.labels', metadata.labels, problems, (key, value) => {
    const keyProblem = validateLabelKey(key);
    if (keyProblem !== undefined) problems.push({ field: 'metadata.labels', type: 'Invalid', value: key, detail: keyProblem });
    const valueProblem = validateLabelValue(value);
    if (valueProblem !== undefined) problems.push({ field: 'metadata.labels', type: 'Invalid', value, detail: valueProblem });
  });
  validateStringMap('metadata.annotations', metadata.annotations, problems, (key) => {
    const keyProblem = validateLabelKey(key.toLowerCase());
    if (keyProblem !== undefined) problems.push({ field: 'metadata.annotations', type: 'Invalid', value: key, detail: keyProblem });
  });
  if (metadata.finalizers !== undefined && (!Array.isArray(metadata.finalizers) || metadata.finalizers.some((f) => typeof f !== 'string'))) {
    problems.push({ field: 'metadata.finalizers', type: 'Invalid', value: metadata.finalizers, detail: 'must be a list of strings' });
  }
}

const configKeyPattern = /^[-._a-zA-Z0-9]+$/;
const configKeyMessage =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkDataKeys(field: string, data: unknown, problems: FieldProblem[]): void {
  if (!isJsonObject(data)) return;
  for (const key of Object.keys(data)) {
    if (!configKeyPattern.test(key) || key.length > 253) problems.push({ field, type: 'Invalid', value: key, detail: configKeyMessage });
  }
}

function decodeError(definition: ResourceDefinition, detail: string): Error {
  return badRequestError(`${definition.kind} in version "${definition.version}" cannot be handled as a ${definition.kind}: ${detail}`);
}

/** Type checks that the real server does while decoding JSON into Go structs (a 400, not a 422). */
function assertDecodable(definition: ResourceDefinition, object: KubeObject): void {
  const stringMaps: Array<[string, unknown]> =
    definition.kind === 'Secret'
      ? [['data', object['data']], ['stringData', object['stringData']]]
      : definition.kind === 'ConfigMap'
        ? [['data', object['data']], ['binaryData', object['binaryData']]]
        : [];
  for (const [field, value] of stringMaps) {
    if (value === undefined || value === null) continue;
    if (!isJsonObject(value) || Object.values(value).some((entry) => typeof entry !== 'string')) {
      throw decodeError(definition, `json: cannot unmarshal into Go struct field ${definition.kind}.${field} of type map[string]string`);
    }
  }
  for (const field of definition.kind === 'Secret' ? ['data'] : definition.kind === 'ConfigMap' ? ['binaryData'] : []) {
    const value = object[field];
    if (!isJsonObject(value)) continue;
    for (const entry of Object.values(value)) {
      if (typeof entry === 'string' && !base64Pattern.test(entry)) throw decodeError(definition, 'illegal base64 data at input byte 0');
    }
  }
  if ((definition.custom || definition.kind === 'Pod') && object['spec'] !== undefined && !isJsonObject(object['spec'])) {
    throw decodeError(definition, `json: cannot unmarshal into Go struct field ${definition.kind}.spec of type object`);
  }
}

function validatePodSpec(spec: unknown, problems: FieldProblem[]): void {
  if (!isJsonObject(spec)) {
    problems.push({ field: 'spec.containers', type: 'Required', detail: '' });
    return;
  }
  const containers = spec['containers'];
  if (!Array.isArray(containers) || containers.length === 0) {
    problems.push({ field: 'spec.containers', type: 'Required', detail: '' });
  }
  const seen = new Set<string>();
  for (const [group, list] of [['containers', containers], ['initContainers', spec['initContainers']]] as const) {
    if (!Array.isArray(list)) continue;
    list.forEach((container: unknown, index) => {
      const field = `spec.${group}[${index}]`;
      const name = isJsonObject(container) ? container['name'] : undefined;
      if (typeof name !== 'string' || name === '') {
        problems.push({ field: `${field}.name`, type: 'Required', detail: '' });
      } else {
        for (const detail of validateDns1123Label(name)) problems.push({ field: `${field}.name`, type: 'Invalid', value: name, detail });
        if (seen.has(name)) problems.push({ field: `${field}.name`, type: 'Duplicate', value: name, detail: 'container names must be unique' });
        seen.add(name);
      }
      const image = isJsonObject(container) ? container['image'] : undefined;
      if (typeof image !== 'string' || image.trim() === '') problems.push({ field: `${field}.image`, type: 'Required', detail: '' });
    });
  }
  const restartPolicy = spec['restartPolicy'];
  if (restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(String(restartPolicy))) {
    problems.push({
      field: 'spec.restartPolicy',
      type: 'Unsupported',
      value: restartPolicy,
      detail: 'supported values: "Always", "OnFailure", "Never"',
    });
  }
}

function validateObject(definition: ResourceDefinition, object: KubeObject): void {
  assertDecodable(definition, object);
  const problems: FieldProblem[] = [];
  validateMetadata(definition, object, problems);
  if (definition.custom && !isJsonObject(object['spec'])) problems.push({ field: 'spec', type: 'Required', detail: '' });
  if (definition.kind === 'Pod') validatePodSpec(object['spec'], problems);
  if (definition.kind === 'Secret') checkDataKeys('data', object['data'], problems);
  if (definition.kind === 'ConfigMap') {
    checkDataKeys('data', object['data'], problems);
    checkDataKeys('binaryData', object['binaryData'], problems);
  }
  if (problems.length > 0) throw invalidError(kindOf(definition), object.metadata.name, problems);
}

function applyResourceDefaults(definition: ResourceDefinition, object: KubeObject): void {
  if (definition.kind === 'Secret') {
    // Like the real server: stringData is a write-only convenience, merged into data and dropped.
    const stringData = object['stringData'];
    if (isJsonObject(stringData)) {
      const data: JsonObject = isJsonObject(object['data']) ? { ...object['data'] } : {};
      for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
      object['data'] = data;
    }
    delete object['stringData'];
    if (typeof object['type'] !== 'string' || object['type'] === '') object['type'] = 'Opaque';
  }
}

function withoutBlankOptionalMetadata(object: KubeObject): void {
  for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences', 'generateName'] as const) {
    const value = object.metadata[field];
    if (value === null || (Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0) || value === '') {
      delete object.metadata[field];
    }
  }
  delete object.metadata['managedFields'];
}

export interface CreateInput {
  definition: ResourceDefinition;
  body: JsonObject;
  /** The namespace from the URL; undefined for cluster-scoped resources. */
  namespace: string | undefined;
  /** The name to store under (already generated from generateName when needed). */
  name: string;
  uid: string;
  now: Date;
}

/** The client-given name, or undefined when the server must generate one; 422 when neither is given. */
export function requestedName(definition: ResourceDefinition, body: JsonObject): { name: string } | { generateName: string } {
  const metadata = isJsonObject(body['metadata']) ? body['metadata'] : {};
  const name = metadata['name'];
  const generateName = metadata['generateName'];
  if (typeof name === 'string' && name !== '') return { name };
  if (typeof generateName === 'string' && generateName !== '') return { generateName };
  throw invalidError(kindOf(definition), '', [
    { field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' },
  ]);
}

export function prepareForCreate(input: CreateInput): PreparedObject {
  const { definition, namespace } = input;
  const { cleaned, unknownFields } = dropUnknownFields(definition, input.body);
  const metadata = isJsonObject(cleaned['metadata']) ? { ...cleaned['metadata'] } : {};
  if (definition.namespaced && metadata['namespace'] !== undefined && metadata['namespace'] !== '' && metadata['namespace'] !== namespace) {
    throw badRequestError('the namespace of the provided object does not match the namespace sent on the request');
  }
  const resourceVersion = metadata['resourceVersion'];
  if (resourceVersion !== undefined && resourceVersion !== '') {
    // The real server refuses this deep in storage, hence a 500 rather than a 4xx.
    throw internalError('resourceVersion should not be set on objects to be created');
  }
  for (const field of systemMetadataFields) delete metadata[field];
  const object = {
    ...cleaned,
    apiVersion: apiVersionOf(definition),
    kind: definition.kind,
    metadata: {
      ...metadata,
      name: input.name,
      ...(definition.namespaced ? { namespace } : {}),
      uid: input.uid,
      resourceVersion: '',
      creationTimestamp: kubeTimestamp(input.now),
      ...(definition.generation === 'none' ? {} : { generation: 1 }),
    },
  } as KubeObject;
  if (!definition.namespaced) delete object.metadata.namespace;
  withoutBlankOptionalMetadata(object);
  applyResourceDefaults(definition, object);
  if (definition.kind === 'Pod') object['status'] = { phase: 'Pending', qosClass: 'BestEffort' };
  if (definition.kind === 'Namespace') {
    object['spec'] = { finalizers: ['kubernetes'] };
    object['status'] = { phase: 'Active' };
  }
  validateObject(definition, object);
  return { object, unknownFields };
}

export interface UpdateInput {
  definition: ResourceDefinition;
  existing: KubeObject;
  /** The whole new object (a PUT body, or the existing object with a patch applied). */
  body: JsonObject;
  /** `status`: the status subresource, which changes nothing but status. */
  subresource: 'main' | 'status';
  namespace: string | undefined;
  name: string;
}

function specImmutablePart(spec: unknown): unknown {
  if (!isJsonObject(spec)) return spec;
  const copy = cloneJson(spec);
  // What `kubectl set image` and friends may change on a running pod.
  for (const group of ['containers', 'initContainers']) {
    const list = copy[group];
    if (Array.isArray(list)) for (const container of list) if (isJsonObject(container)) delete container['image'];
  }
  delete copy['activeDeadlineSeconds'];
  delete copy['tolerations'];
  delete copy['terminationGracePeriodSeconds'];
  return copy;
}

function nonMetadata(object: KubeObject): JsonObject {
  const { metadata: _metadata, ...rest } = object;
  return rest;
}

export function prepareForUpdate(input: UpdateInput): PreparedObject {
  const { definition, existing } = input;
  const { cleaned, unknownFields } = dropUnknownFields(definition, input.body);
  const metadata = isJsonObject(cleaned['metadata']) ? { ...cleaned['metadata'] } : {};
  const bodyName = metadata['name'];
  if (bodyName !== undefined && bodyName !== input.name) {
    throw badRequestError(`the name of the object (${String(bodyName)}) does not match the name on the URL (${input.name})`);
  }
  if (definition.namespaced && metadata['namespace'] !== undefined && metadata['namespace'] !== '' && metadata['namespace'] !== input.namespace) {
    throw badRequestError('the namespace of the provided object does not match the namespace sent on the request');
  }
  const resourceVersion = metadata['resourceVersion'];
  if (resourceVersion !== undefined && resourceVersion !== '' && resourceVersion !== existing.metadata.resourceVersion) {
    throw conflictError(resourceOf(definition), input.name, staleObjectMessage);
  }

  let object: KubeObject;
  if (input.subresource === 'status') {
    object = { ...cloneJson(existing), status: cleaned['status'] };
    if (cleaned['status'] === undefined) delete object['status'];
  } else {
    for (const field of systemMetadataFields) delete metadata[field];
    object = {
      ...cleaned,
      apiVersion: apiVersionOf(definition),
      kind: definition.kind,
      metadata: {
        ...metadata,
        name: existing.metadata.name,
        ...(definition.namespaced ? { namespace: existing.metadata.namespace } : {}),
        uid: existing.metadata.uid,
        resourceVersion: existing.metadata.resourceVersion,
        creationTimestamp: existing.metadata.creationTimestamp,
        ...(existing.metadata.deletionTimestamp === undefined
          ? {}
          : {
              deletionTimestamp: existing.metadata.deletionTimestamp,
              deletionGracePeriodSeconds: existing.metadata.deletionGracePeriodSeconds ?? 0,
            }),
      },
    } as KubeObject;
    // Pods and namespaces have a status subresource: the main resource cannot change status.
    if (definition.kind === 'Pod' || definition.kind === 'Namespace') {
      if (existing['status'] === undefined) delete object['status'];
      else object['status'] = cloneJson(existing['status']);
    }
    if (definition.kind === 'Namespace') object['spec'] = cloneJson(existing['spec']);
    withoutBlankOptionalMetadata(object);
    applyResourceDefaults(definition, object);
  }

  if (definition.kind === 'Pod' && !jsonEqual(specImmutablePart(object['spec']), specImmutablePart(existing['spec']))) {
    throw invalidError(kindOf(definition), input.name, [
      {
        field: 'spec',
        type: 'Forbidden',
        detail:
          'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      },
    ]);
  }

  const generationChanged =
    definition.generation === 'spec'
      ? !jsonEqual(object['spec'], existing['spec'])
      : definition.generation === 'non-metadata'
        ? !jsonEqual(nonMetadata(object), nonMetadata(existing))
        : false;
  if (definition.generation !== 'none') {
    object.metadata.generation = (existing.metadata.generation ?? 1) + (generationChanged ? 1 : 0);
  }
  validateObject(definition, object);
  return { object, unknownFields };
}

/** True when an update would store exactly what is stored: the real server then writes nothing. */
export function isNoOpUpdate(existing: KubeObject, updated: KubeObject): boolean {
  return jsonEqual(existing, updated);
}
