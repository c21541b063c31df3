// get, list, watch and pods/log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceDefinition } from './resource-definitions.ts';
import { apiVersionOf, resourceIdOf } from './resource-definitions.ts';
import type { ServerState } from './server-state.ts';
import type { ResourceTarget } from './request-target.ts';
import type { JsonObject, KubeObject } from './kube-object.ts';
import { objectKeyOf } from './kube-object.ts';
import type { ListOptions } from './list-options.ts';
import { encodeContinueToken, parseListOptions, parseResourceVersion } from './list-options.ts';
import type { ResponseShape } from './http-io.ts';
import { contentTypeFor, negotiateResponseShape, sendJson } from './http-io.ts';
import { badRequestError, expiredError, notFoundError, tooLargeResourceVersionError } from './kube-status.ts';
import { resourceOf } from './object-strategy.ts';
import type { IncludeObjectPolicy } from './table.ts';
import { buildTable, includeObjectPolicies } from './table.ts';
import { matchesWatch, startWatch } from './watch-stream.ts';
import { assertLogReadable, parseLogOptions, podLogPath, resolveLogContainer, servePodLog } from './pod-logs.ts';

const continueExpiredMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

function includeObjectOf(query: URLSearchParams): IncludeObjectPolicy {
  const value = query.get('includeObject') ?? 'Metadata';
  if (!includeObjectPolicies.includes(value as IncludeObjectPolicy)) {
    throw badRequestError(`includeObject: Unsupported value: "${value}": supported values: "None", "Metadata", "Object"`);
  }
  return value as IncludeObjectPolicy;
}

/** Lists drop apiVersion and kind from core items, as the real server does; CRD lists keep them. */
function listItem(definition: ResourceDefinition, object: KubeObject): JsonObject {
  if (definition.custom) return object;
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return rest;
}

export function getObjectOr404(state: ServerState, definition: ResourceDefinition, namespace: string | undefined, name: string): KubeObject {
  const object = state.store.get(resourceIdOf(definition), objectKeyOf(namespace, name));
  if (object === undefined) throw notFoundError(resourceOf(definition), name);
  return object;
}

export function sendShaped(
  response: ServerResponse,
  statusCode: number,
  definition: ResourceDefinition,
  object: KubeObject,
  shape: ResponseShape,
  query: URLSearchParams,
  headers: Record<string, string | string[]> = {},
): void {
  let body: JsonObject = object;
  if (shape.as === 'Table') {
    body = buildTable(definition, [object], { resourceVersion: object.metadata.resourceVersion }, {
      apiVersion: shape.apiVersion,
      includeObject: includeObjectOf(query),
      withColumnDefinitions: true,
      now: new Date(),
    });
  } else if (shape.as === 'PartialObjectMetadata') {
    body = { kind: 'PartialObjectMetadata', apiVersion: shape.apiVersion, metadata: object.metadata };
  }
  sendJson(response, statusCode, body, headers, contentTypeFor(shape));
}

export function handleGet(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): void {
  const object = getObjectOr404(state, target.definition, target.namespace, target.name ?? '');
  sendShaped(response, 200, target.definition, object, negotiateResponseShape(request.headers.accept), query);
}

interface ListSource {
  objects: KubeObject[];
  resourceVersion: number;
}

function listSource(state: ServerState, definition: ResourceDefinition, options: ListOptions): ListSource {
  const resourceId = resourceIdOf(definition);
  const current = state.store.currentResourceVersion();
  const window = state.faults.current().historyWindow ?? undefined;
  if (options.continueToken !== undefined) {
    const at = options.continueToken.resourceVersion;
    const objects = at > current ? undefined : state.store.listAt(resourceId, at, window);
    if (objects === undefined || !Array.isArray(objects)) throw expiredError(continueExpiredMessage);
    return { objects, resourceVersion: at };
  }
  if (options.resourceVersion === undefined || options.resourceVersion === '0') {
    return { objects: state.store.list(resourceId), resourceVersion: current };
  }
  const requested = parseResourceVersion(options.resourceVersion);
  if (requested > current) throw tooLargeResourceVersionError(requested, current);
  if (options.resourceVersionMatch === 'Exact') {
    const objects = state.store.listAt(resourceId, requested, window);
    if (!Array.isArray(objects)) throw expiredError(`too old resource version: ${requested} (${objects.oldestResumable})`);
    return { objects, resourceVersion: requested };
  }
  return { objects: state.store.list(resourceId), resourceVersion: current };
}

export function handleList(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): void {
  const { definition } = target;
  const options = parseListOptions(query, definition, target.watchPath);
  const source = listSource(state, definition, options);
  const matching = source.objects.filter((object) => matchesWatch({ namespace: target.namespace, options }, object));
  const startAfter = options.continueToken?.startAfter;
  const remaining = startAfter === undefined ? matching : matching.filter((o) => objectKeyOf(o.metadata.namespace, o.metadata.name) > startAfter);
  const limit = options.limit === undefined || options.limit === 0 ? remaining.length : options.limit;
  const page = remaining.slice(0, limit);
  const last = page[page.length - 1];
  const more = remaining.length > page.length && last !== undefined;
  const hasSelectors = options.labelSelector.requirements.length > 0 || options.fieldSelector.requirements.length > 0;
  const metadata = {
    resourceVersion: String(source.resourceVersion),
    ...(more ? { continue: encodeContinueToken({ resourceVersion: source.resourceVersion, startAfter: objectKeyOf(last.metadata.namespace, last.metadata.name) }) } : {}),
    // Like the real server: counted only when no selector would make counting a full scan.
    ...(more && !hasSelectors ? { remainingItemCount: remaining.length - page.length } : {}),
  };
  const shape = negotiateResponseShape(request.headers.accept);
  let body: JsonObject;
  if (shape.as === 'Table') {
    body = buildTable(definition, page, metadata, {
      apiVersion: shape.apiVersion,
      includeObject: includeObjectOf(query),
      withColumnDefinitions: true,
      now: new Date(),
    });
  } else if (shape.as === 'PartialObjectMetadata') {
    body = {
      kind: 'PartialObjectMetadataList',
      apiVersion: shape.apiVersion,
      metadata,
      items: page.map((object) => ({ kind: 'PartialObjectMetadata', apiVersion: shape.apiVersion, metadata: object.metadata })),
    };
  } else {
    body = { apiVersion: apiVersionOf(definition), kind: `${definition.kind}List`, metadata, items: page.map((o) => listItem(definition, o)) };
  }
  sendJson(response, 200, body, {}, contentTypeFor(shape));
}

export function handleWatch(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): void {
  const options = parseListOptions(query, target.definition, target.watchPath);
  if (target.name !== undefined) {
    // `/watch/namespaces/ns/pods/name` is a watch of one object: a field selector on its name.
    options.fieldSelector = {
      requirements: [...options.fieldSelector.requirements, { field: 'metadata.name', operator: 'equals', value: target.name }],
    };
  }
  const faults = state.faults.current();
  startWatch({
    definition: target.definition,
    namespace: target.namespace,
    options,
    shape: negotiateResponseShape(request.headers.accept),
    store: state.store,
    historyWindow: faults.historyWindow ?? undefined,
    eventLimit: faults.watchEventLimit ?? undefined,
    bookmarkIntervalMs: state.bookmarkIntervalMs,
    response,
    serverClosing: state.closing,
  });
}

export async function handlePodLog(state: ServerState, response: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const namespace = target.namespace ?? '';
  const pod = getObjectOr404(state, target.definition, namespace, target.name ?? '');
  const options = parseLogOptions(query);
  const container = resolveLogContainer(pod, options.container);
  const file = podLogPath(state.stateDir, namespace, pod.metadata.name, container);
  await assertLogReadable(pod, container, file, options);
  response.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  response.flushHeaders();
  let clientGone = false;
  response.on('close', () => {
    clientGone = true;
  });
  const served = servePodLog({
    pod,
    container,
    file,
    options,
    sink: {
      write: (text) => {
        if (!clientGone) response.write(text);
      },
      end: () => {
        if (!response.writableEnded) response.end();
      },
      closed: () => clientGone,
    },
    currentPod: () => state.store.get(resourceIdOf(target.definition), objectKeyOf(namespace, pod.metadata.name)),
    pollIntervalMs: state.logPollIntervalMs,
    stopped: state.closing,
  }).catch(() => {
    // The file vanished mid-read (the state folder was removed): end the stream like a dead kubelet would.
    if (!response.writableEnded) response.end();
  });
  // A plain read answers in full before the request counts as served; a follow keeps going.
  if (!options.follow) await served;
  else state.track(served);
}
