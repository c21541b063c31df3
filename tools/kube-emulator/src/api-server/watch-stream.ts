// Serves one watch: newline-delimited `{"type","object"}` events, from a resourceVersion (replayed
// from history) or from the current state (synthetic ADDED events), then live, with BOOKMARKs when
// asked. Like the real server, an object that stops matching the selectors is sent as DELETED and
// one that starts matching as ADDED, and a resourceVersion older than history gets an ERROR event
// with a 410 Expired Status on an otherwise successful response.
import type { ServerResponse } from 'node:http';
import type { ResourceDefinition } from './resource-definitions.ts';
import { apiVersionOf, resourceIdOf } from './resource-definitions.ts';
import type { KubeObject, JsonObject } from './kube-object.ts';
import type { ObjectStore, StoreEvent } from './object-store.ts';
import type { ListOptions } from './list-options.ts';
import { parseResourceVersion } from './list-options.ts';
import type { ResponseShape } from './http-io.ts';
import { contentTypeFor } from './http-io.ts';
import { matchesLabelSelector } from './label-selector.ts';
import { matchesFieldSelector } from './field-selector.ts';
import { buildFailureStatus, tooLargeResourceVersionError } from './kube-status.ts';
import { buildTable } from './table.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchRequest {
  definition: ResourceDefinition;
  namespace: string | undefined;
  options: ListOptions;
  shape: ResponseShape;
  store: ObjectStore;
  /** The history window faults may impose (undefined: the store's own). */
  historyWindow: number | undefined;
  /** End the watch after this many ADDED/MODIFIED/DELETED events (undefined: no limit). */
  eventLimit: number | undefined;
  bookmarkIntervalMs: number;
  response: ServerResponse;
  /** Resolves when the server is closing. */
  serverClosing: Promise<void>;
}

export function matchesWatch(request: Pick<WatchRequest, 'namespace' | 'options'>, object: KubeObject): boolean {
  if (request.namespace !== undefined && object.metadata.namespace !== request.namespace) return false;
  return (
    matchesLabelSelector(request.options.labelSelector, object.metadata.labels) &&
    matchesFieldSelector(request.options.fieldSelector, object)
  );
}

/** How one store event looks to a watcher with these selectors, or undefined when it is not seen. */
export function toWatchEvent(
  request: Pick<WatchRequest, 'namespace' | 'options'>,
  event: StoreEvent,
): { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject } | undefined {
  const now = event.type === 'DELETED' ? false : matchesWatch(request, event.object);
  const before = event.previous === undefined ? false : matchesWatch(request, event.previous);
  if (now && before) return { type: 'MODIFIED', object: event.object };
  if (now) return { type: 'ADDED', object: event.object };
  if (before) return { type: 'DELETED', object: event.object };
  return undefined;
}

/** Starts the stream; throws a KubeStatusError (before any byte is sent) for a resourceVersion from the future. */
export function startWatch(request: WatchRequest): void {
  const { definition, options, store, response } = request;
  const resourceId = resourceIdOf(definition);
  const current = store.currentResourceVersion();
  const fromVersion =
    options.resourceVersion === undefined || options.resourceVersion === '0' ? undefined : parseResourceVersion(options.resourceVersion);
  if (fromVersion !== undefined && fromVersion > current) throw tooLargeResourceVersionError(fromVersion, current);

  let sentEvents = 0;
  let sentFirstTable = false;
  let finished = false;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;
  let unsubscribe = (): void => {};

  const finish = (): void => {
    if (finished) return;
    finished = true;
    unsubscribe();
    clearInterval(bookmarkTimer);
    clearTimeout(timeoutTimer);
    if (!response.writableEnded) response.end();
  };

  const shapeObject = (object: KubeObject): JsonObject => {
    switch (request.shape.as) {
      case 'object':
        return object;
      case 'PartialObjectMetadata':
        return { kind: 'PartialObjectMetadata', apiVersion: request.shape.apiVersion, metadata: object.metadata };
      case 'Table': {
        const table = buildTable(definition, [object], { resourceVersion: object.metadata.resourceVersion }, {
          apiVersion: request.shape.apiVersion,
          includeObject: 'Metadata',
          withColumnDefinitions: !sentFirstTable,
          now: new Date(),
        });
        sentFirstTable = true;
        return table;
      }
    }
  };

  const write = (type: WatchEventType, object: JsonObject): void => {
    if (finished) return;
    response.write(`${JSON.stringify({ type, object })}\n`);
  };

  const sendEvent = (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void => {
    if (finished) return;
    write(type, shapeObject(object));
    sentEvents += 1;
    if (request.eventLimit !== undefined && sentEvents >= request.eventLimit) finish();
  };

  const sendBookmark = (annotations?: Record<string, string>): void => {
    const metadata = {
      resourceVersion: String(store.currentResourceVersion()),
      ...(annotations === undefined ? {} : { annotations }),
    };
    const kind = request.shape.as === 'object' ? definition.kind : request.shape.as;
    const apiVersion = request.shape.as === 'object' ? apiVersionOf(definition) : request.shape.apiVersion;
    write('BOOKMARK', { kind, apiVersion, metadata });
  };

  response.writeHead(200, {
    'Content-Type': contentTypeFor(request.shape),
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  response.flushHeaders();

  let replay: StoreEvent[] = [];
  if (fromVersion !== undefined) {
    const events = store.eventsAfter(fromVersion, request.historyWindow);
    if (!Array.isArray(events)) {
      const status = buildFailureStatus(410, 'Expired', `too old resource version: ${fromVersion} (${events.oldestResumable})`);
      write('ERROR', { ...status });
      finish();
      return;
    }
    replay = events;
  }

  // Subscribing and replaying happen in one synchronous step, so no write can fall between them.
  unsubscribe = store.subscribe((event) => {
    if (event.resourceId !== resourceId) return;
    const seen = toWatchEvent(request, event);
    if (seen !== undefined) sendEvent(seen.type, seen.object);
  });

  const initialEvents = fromVersion === undefined ? options.sendInitialEvents !== false : options.sendInitialEvents === true;
  if (initialEvents) {
    const objects = store.list(resourceId, request.namespace).filter((object) => matchesWatch(request, object));
    for (const object of objects) sendEvent('ADDED', object);
    if (options.sendInitialEvents === true && options.allowWatchBookmarks) sendBookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    for (const event of replay) {
      if (event.resourceId !== resourceId) continue;
      const seen = toWatchEvent(request, event);
      if (seen !== undefined) sendEvent(seen.type, seen.object);
    }
  }
  if (finished) return;

  if (options.allowWatchBookmarks) bookmarkTimer = setInterval(() => sendBookmark(), request.bookmarkIntervalMs);
  if (options.timeoutSeconds !== undefined) timeoutTimer = setTimeout(finish, options.timeoutSeconds * 1000);
  response.on('close', finish);
  void request.serverClosing.then(finish);
}
