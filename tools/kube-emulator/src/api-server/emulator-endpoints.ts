// `/_emulator/*`: the test-facing side door. Faults (GET shows, POST sets the given keys, DELETE
// clears) and the log of recent requests (GET, DELETE). No token is needed, so they answer only
// to loopback callers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from './fault-injector.ts';
import { parseFaultConfig } from './fault-injector.ts';
import type { RequestLog } from './request-log.ts';
import { parseJsonBody, readBody, sendJson } from './http-io.ts';
import { badRequestError, forbiddenError, methodNotAllowedError, notFoundPathError } from './kube-status.ts';

export const emulatorPathPrefix = '/_emulator/';

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

export interface EmulatorEndpointDeps {
  faults: FaultInjector;
  requestLog: RequestLog;
}

export async function handleEmulatorRequest(
  deps: EmulatorEndpointDeps,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    throw forbiddenError({ group: '', name: '' }, '', `the emulator endpoints answer only to loopback callers, not ${request.socket.remoteAddress ?? 'unknown'}`);
  }
  const method = request.method ?? 'GET';
  if (pathname === `${emulatorPathPrefix}faults`) {
    if (method === 'GET') return sendJson(response, 200, deps.faults.current());
    if (method === 'DELETE') {
      deps.faults.clear();
      return sendJson(response, 200, deps.faults.current());
    }
    if (method === 'POST' || method === 'PUT') {
      const body = parseJsonBody((await readBody(request)).toString('utf8'));
      let update;
      try {
        update = parseFaultConfig(body, 'faults');
      } catch (error) {
        throw badRequestError((error as Error).message);
      }
      deps.faults.set(update);
      return sendJson(response, 200, deps.faults.current());
    }
    throw methodNotAllowedError();
  }
  if (pathname === `${emulatorPathPrefix}requests`) {
    if (method === 'GET') return sendJson(response, 200, { requests: deps.requestLog.entries() });
    if (method === 'DELETE') {
      deps.requestLog.clear();
      return sendJson(response, 200, { requests: [] });
    }
    throw methodNotAllowedError();
  }
  throw notFoundPathError();
}
