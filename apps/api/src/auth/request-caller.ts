import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticate, Caller } from './authenticate.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook of the routes that need a token; null elsewhere. */
    caller: Caller | null;
  }
}

/**
 * Makes every route of `scope` require a token. It runs on onRequest, before the body is read,
 * so an unauthenticated caller learns nothing about validation and cannot make us parse a body.
 */
export function requireAuthentication(scope: FastifyInstance, authenticate: Authenticate): void {
  scope.decorateRequest('caller', null);
  scope.addHook('onRequest', async (request) => {
    request.caller = authenticate(request.headers.authorization);
  });
}

export function callerOf(request: FastifyRequest): Caller {
  // Reaching a handler without a caller means a route was mounted outside the authenticated scope.
  if (request.caller === null) throw new Error(`Route ${request.routeOptions.url} is not behind authentication`);
  return request.caller;
}
