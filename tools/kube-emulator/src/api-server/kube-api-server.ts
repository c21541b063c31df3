// The Kubernetes API server stand-in: an HTTP server on loopback that the real kubectl and
// @kubernetes/client-node use unmodified. It wires the store, auth, faults and handlers, and is
// the one place where failures become HTTP answers.
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { ResourceDefinition } from './resource-definitions.ts';
import { findResource, resourceDefinitions, resourceIdOf } from './resource-definitions.ts';
import { createObjectStore } from './object-store.ts';
import type { FaultConfig } from './fault-injector.ts';
import { buildBurstFailure, createFaultInjector, needsCreatedName, parseFaultConfig } from './fault-injector.ts';
import type { RequestLogEntry } from './request-log.ts';
import { createRequestLog } from './request-log.ts';
import type { ResourceAttributes, TokenPolicy } from './token-auth.ts';
import { createTokenAuthority, parseTokenPolicies } from './token-auth.ts';
import { buildKubeconfig, writeKubeconfig } from './kubeconfig.ts';
import type { ServerState } from './server-state.ts';
import type { ResourceTarget } from './request-target.ts';
import { parseResourcePath } from './request-target.ts';
import { isKubeStatusError, parseObjectBody, readBody, sendError, sendJson } from './http-io.ts';
import { internalError, methodNotAllowedError, notFoundPathError } from './kube-status.ts';
import { parseBooleanParameter } from './list-options.ts';
import { assertObjectBody, prepareForCreate, requestedName } from './object-strategy.ts';
import { generateObjectName, validateDns1123Label } from './object-names.ts';
import {
  buildApiGroup,
  buildApiGroupList,
  buildApiResourceList,
  buildCoreApiVersions,
  buildVersionInfo,
} from './discovery.ts';
import { buildOpenApiDocument, buildOpenApiIndex } from './openapi.ts';
import { handleGet, handleList, handlePodLog, handleWatch } from './resource-reads.ts';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './resource-writes.ts';
import { emulatorPathPrefix, handleEmulatorRequest } from './emulator-endpoints.ts';
import { createSelfSignedCertificate } from './self-signed-certificate.ts';
import { listenHttpAndHttps } from './dual-protocol-listener.ts';

export interface KubeApiServerOptions {
  /** A loopback address; default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port; `url` tells which. */
  port?: number;
  /** Holds `kubeconfig` and `pod-logs/`. Created when missing. */
  stateDir: string;
  /** Extra identities besides the admin; each gets a context in the kubeconfig. */
  tokens?: TokenPolicy[];
  /** Namespaces that exist at start, besides `default` and `argo`. */
  namespaces?: string[];
  /** Writes kept for watch resumes and consistent paging; older resourceVersions get 410. Default 1000. */
  historyWindow?: number;
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK. Default 5000. */
  bookmarkIntervalMs?: number;
  faults?: Partial<FaultConfig>;
}

export interface KubeApiServer {
  /** `http://127.0.0.1:PORT`: plain HTTP, for clients given a token directly (curl, client-node). */
  url: string;
  /** `https://127.0.0.1:PORT`, the same port: what the kubeconfig names, since kubectl sends tokens over TLS only. */
  httpsUrl: string;
  /** `<stateDir>/kubeconfig`: current context is the admin; the certificate is embedded. */
  kubeconfigPath: string;
  /** `<stateDir>/ca.crt`: the server's self-signed certificate (PEM), for `curl --cacert`. */
  caCertificatePath: string;
  /** Allowed everything; also in the kubeconfig. */
  adminToken: string;
  /** Replaces the given fault keys, keeps the others. */
  setFaults(faults: Partial<FaultConfig>): void;
  clearFaults(): void;
  /** The recent requests, oldest first (also `GET /_emulator/requests`). */
  requests(): RequestLogEntry[];
  /** Ends every watch and followed log, then stops listening. */
  close(): Promise<void>;
}

export const adminUser = 'kubernetes-admin';
const defaultNamespaces = ['default', 'argo'];
const requestLogCapacity = 1000;
// Public in the real server too (system:public-info-viewer): no token needed.
const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

interface CheckedOptions {
  host: string;
  port: number;
  stateDir: string;
  tokens: TokenPolicy[];
  namespaces: string[];
  historyWindow: number;
  bookmarkIntervalMs: number;
  faults: Partial<FaultConfig>;
}

function checkOptions(options: KubeApiServerOptions): CheckedOptions {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`host must be a loopback address (127.0.0.1, ::1, localhost), got "${host}"`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be a whole number from 0 to 65535, got ${port}`);
  if (typeof options.stateDir !== 'string' || options.stateDir === '') throw new Error('stateDir is required: the folder for the kubeconfig and pod logs');
  const historyWindow = options.historyWindow ?? 1000;
  if (!Number.isInteger(historyWindow) || historyWindow < 1) throw new Error(`historyWindow must be a whole number of at least 1, got ${historyWindow}`);
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 5000;
  if (!Number.isInteger(bookmarkIntervalMs) || bookmarkIntervalMs < 10) {
    throw new Error(`bookmarkIntervalMs must be a whole number of at least 10, got ${bookmarkIntervalMs}`);
  }
  const namespaces = [...new Set([...defaultNamespaces, ...(options.namespaces ?? [])])];
  for (const namespace of namespaces) {
    const problem = validateDns1123Label(namespace)[0];
    if (problem !== undefined) throw new Error(`namespaces: "${namespace}" is not a valid namespace name: ${problem}`);
  }
  return {
    host,
    port,
    stateDir: path.resolve(options.stateDir),
    tokens: parseTokenPolicies(options.tokens ?? [], 'tokens'),
    namespaces,
    historyWindow,
    bookmarkIntervalMs,
    faults: parseFaultConfig(options.faults ?? {}, 'faults'),
  };
}

function verbFor(method: string, target: ResourceTarget, query: URLSearchParams): string | undefined {
  const watching = target.watchPath || (parseBooleanParameter('watch', query.get('watch')) ?? false);
  if (target.subresource === 'log') return method === 'GET' ? 'get' : undefined;
  if (target.subresource === 'status') return ({ GET: 'get', PUT: 'update', PATCH: 'patch' } as Record<string, string>)[method];
  if (target.name === undefined) {
    if (method === 'GET') return watching ? 'watch' : 'list';
    // Across all namespaces a namespaced resource can only be read, as on the real server.
    const allNamespaces = target.definition.namespaced && target.namespace === undefined;
    if (method === 'POST') return allNamespaces ? undefined : 'create';
    if (method === 'DELETE') return allNamespaces || target.definition.plural === 'namespaces' ? undefined : 'deletecollection';
    return undefined;
  }
  if (method === 'GET') return watching ? 'watch' : 'get';
  return ({ PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method];
}

function serveNonResource(response: ServerResponse, pathname: string, serverAddress: string): boolean {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (trimmed === '/version') return (sendJson(response, 200, buildVersionInfo()), true);
  if (trimmed === '/healthz' || trimmed === '/livez' || trimmed === '/readyz') {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('ok');
    return true;
  }
  if (trimmed === '/api') return (sendJson(response, 200, buildCoreApiVersions(serverAddress)), true);
  if (trimmed === '/apis') return (sendJson(response, 200, buildApiGroupList(resourceDefinitions)), true);
  if (trimmed === '/openapi/v3') return (sendJson(response, 200, buildOpenApiIndex(resourceDefinitions)), true);
  const groupVersion = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(trimmed);
  if (groupVersion !== null) {
    const list = buildApiResourceList(resourceDefinitions, groupVersion[2] ?? '', groupVersion[1] ?? groupVersion[3] ?? '');
    if (list === undefined) return false;
    return (sendJson(response, 200, list), true);
  }
  const group = /^\/apis\/([^/]+)$/.exec(trimmed);
  if (group !== null) {
    const body = buildApiGroup(resourceDefinitions, group[1] ?? '');
    return body === undefined ? false : (sendJson(response, 200, body), true);
  }
  const openApi = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(trimmed);
  if (openApi !== null) {
    const document = buildOpenApiDocument(resourceDefinitions, openApi[2] ?? '', openApi[1] ?? openApi[3] ?? '');
    return document === undefined ? false : (sendJson(response, 200, document), true);
  }
  return false;
}

async function dispatch(state: ServerState, request: IncomingMessage, response: ServerResponse, target: ResourceTarget, verb: string, query: URLSearchParams): Promise<void> {
  if (target.subresource === 'log') return handlePodLog(state, response, target, query);
  switch (verb) {
    case 'get':
      return handleGet(state, request, response, target, query);
    case 'list':
      return handleList(state, request, response, target, query);
    case 'watch':
      return handleWatch(state, request, response, target, query);
    case 'create':
      return handleCreate(state, request, response, target, query);
    case 'update':
      return handleUpdate(state, request, response, target, query);
    case 'patch':
      return handlePatch(state, request, response, target, query);
    case 'delete':
      return handleDelete(state, request, response, target, query);
    case 'deletecollection':
      return handleDeleteCollection(state, request, response, target, query);
    default:
      throw methodNotAllowedError();
  }
}

/** The name a create would store its object under: the body's name, or one made from generateName. */
async function readCreatedName(definition: ResourceDefinition, request: IncomingMessage): Promise<string> {
  const body = assertObjectBody(definition, parseObjectBody(await readBody(request), request.headers['content-type']));
  const wanted = requestedName(definition, body);
  return 'name' in wanted ? wanted.name : generateObjectName(wanted.generateName);
}

function seedNamespaces(state: ServerState, namespaces: string[]): void {
  const definition = findResource('', 'v1', 'namespaces') as ResourceDefinition;
  for (const name of namespaces) {
    const { object } = prepareForCreate({ definition, body: { metadata: { name } }, namespace: undefined, name, uid: randomUUID(), now: state.now() });
    state.store.create(resourceIdOf(definition), object);
  }
}

export async function startKubeApiServer(options: KubeApiServerOptions): Promise<KubeApiServer> {
  const checked = checkOptions(options);
  const adminToken = randomBytes(24).toString('hex');
  const authority = createTokenAuthority([{ token: adminToken, user: adminUser }, ...checked.tokens]);
  const faults = createFaultInjector(checked.faults);
  const requestLog = createRequestLog(requestLogCapacity);
  const background = new Set<Promise<unknown>>();
  let signalClosing = (): void => {};
  const closing = new Promise<void>((resolve) => {
    signalClosing = resolve;
  });
  const state: ServerState = {
    store: createObjectStore({ historyWindow: checked.historyWindow }),
    faults,
    stateDir: checked.stateDir,
    bookmarkIntervalMs: checked.bookmarkIntervalMs,
    logPollIntervalMs: 50,
    closing,
    track(work) {
      background.add(work);
      void work.finally(() => background.delete(work));
    },
    now: () => new Date(),
  };
  seedNamespaces(state, checked.namespaces);
  let serverAddress = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://kube-emulator.invalid');
    const method = request.method ?? 'GET';
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      method,
      path: url.pathname,
      query: url.search.slice(1),
      status: 0,
      verb: '',
      resource: '',
      namespace: '',
      user: '',
    };
    // The side door is not part of the API: its own requests stay out of the log.
    const sideDoor = url.pathname.startsWith(emulatorPathPrefix);
    try {
      if (sideDoor) {
        await handleEmulatorRequest({ faults, requestLog }, request, response, url.pathname);
        return;
      }
      const { latencyMs } = faults.current();
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      // Described before authentication, so that the request log shows what a refused request wanted.
      const target = parseResourcePath(url.pathname);
      const verb = target === undefined ? (method === 'GET' ? 'get' : method.toLowerCase()) : verbFor(method, target, url.searchParams);
      entry.verb = verb ?? method.toLowerCase();
      if (target !== undefined) {
        const { definition } = target;
        entry.resource = target.subresource === '' ? definition.plural : `${definition.plural}/${target.subresource}`;
        // For namespace objects the real authorizer treats the namespace's own name as the namespace.
        entry.namespace = target.namespace ?? (definition.plural === 'namespaces' ? (target.name ?? '') : '');
      }
      const policy = publicPaths.has(url.pathname) ? undefined : authority.authenticate(request.headers.authorization);
      entry.user = policy?.user ?? '';
      if (target === undefined) {
        const burst = faults.takeBurst(entry.verb, undefined);
        // Public paths (/version, /healthz) take no token: the real server names such callers system:anonymous.
        const user = entry.user === '' ? 'system:anonymous' : entry.user;
        if (burst !== undefined) throw buildBurstFailure(burst, { user, verb: entry.verb, path: url.pathname, attributes: undefined });
        if (method !== 'GET' || !serveNonResource(response, url.pathname, serverAddress)) throw notFoundPathError();
        return;
      }
      if (verb === undefined || policy === undefined) throw methodNotAllowedError();
      const { definition } = target;
      const attributes: ResourceAttributes = {
        verb,
        group: definition.group,
        plural: definition.plural,
        subresource: target.subresource,
        namespace: entry.namespace,
        name: target.name ?? '',
      };
      const burst = faults.takeBurst(verb, attributes);
      if (burst !== undefined) {
        // An AlreadyExists names the object, which a create carries only in its body. The request
        // fails here, so the body is not needed afterwards.
        const name = needsCreatedName(burst, verb) ? await readCreatedName(definition, request) : attributes.name;
        throw buildBurstFailure(burst, { user: entry.user, verb, path: url.pathname, attributes: { ...attributes, name } });
      }
      authority.authorize(policy, attributes);
      await dispatch(state, request, response, target, verb, url.searchParams);
    } catch (error) {
      const failure = isKubeStatusError(error) ? error : internalError((error as Error).message ?? String(error));
      if (!isKubeStatusError(error)) process.stderr.write(`kube-api-server: ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}\n`);
      if (!response.headersSent) sendError(response, failure);
      else if (!response.writableEnded) response.end();
    } finally {
      entry.status = response.statusCode;
      if (!sideDoor) requestLog.add(entry);
    }
  };

  const certificate = createSelfSignedCertificate('kube-emulator', new Date());
  const listener = await listenHttpAndHttps({
    host: checked.host,
    port: checked.port,
    certificatePem: certificate.certificatePem,
    privateKeyPem: certificate.privateKeyPem,
    handler: (request, response) => {
      void handle(request, response);
    },
  });
  const { address } = listener;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  serverAddress = `${urlHost}:${address.port}`;
  const url = `http://${serverAddress}`;
  const httpsUrl = `https://${serverAddress}`;
  const kubeconfigPath = path.join(checked.stateDir, 'kubeconfig');
  const caCertificatePath = path.join(checked.stateDir, 'ca.crt');
  try {
    await writeKubeconfig(
      kubeconfigPath,
      buildKubeconfig({
        serverUrl: httpsUrl,
        certificateAuthorityPem: certificate.certificatePem,
        adminUser,
        adminToken,
        namespace: 'default',
        policies: checked.tokens,
      }),
    );
    await writeFile(caCertificatePath, certificate.certificatePem);
  } catch (error) {
    listener.closeAllConnections();
    await listener.close();
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    url,
    httpsUrl,
    kubeconfigPath,
    caCertificatePath,
    adminToken,
    setFaults(update) {
      faults.set(parseFaultConfig(update, 'faults'));
    },
    clearFaults: () => faults.clear(),
    requests: () => requestLog.entries(),
    close() {
      closed ??= (async () => {
        signalClosing();
        const stopped = listener.close();
        await Promise.allSettled([...background]);
        listener.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
