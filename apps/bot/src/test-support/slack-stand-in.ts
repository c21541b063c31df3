import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The part of Slack the bot talks back to, on a loopback port: the Web API's auth.test (which
// Bolt calls once at start) and response_url endpoints, which record exactly what the user would
// see. The bot reaches it the way it reaches Slack in production: SLACK_API_URL and response_url.

export interface SlackStandIn {
  /** For SLACK_API_URL / clientOptions.slackApiUrl. */
  apiUrl: string;
  /** A fresh response_url; what is posted to it is kept under `id`. */
  responseUrl(id: string): string;
  /** Resolves with the next message posted to that response_url (or one that already came). */
  nextResponse(id: string): Promise<unknown>;
  /** Every message posted to that response_url so far. */
  responses(id: string): unknown[];
  authTestCalls: number;
  /** Every Web API method called, with the token it was called with. */
  apiCalls: { method: string; authorization: string | undefined }[];
  /** Every Web API call with its arguments (form fields holding JSON are parsed). */
  apiRequests: SlackApiRequest[];
  /** Resolves with the arguments of the next call of `method` (or one that already came). */
  nextApiRequest(method: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface SlackApiRequest {
  method: string;
  params: Record<string, unknown>;
}

// Methods the stand-in accepts beyond auth.test: they succeed, and their arguments are recorded.
const acceptedMethods = new Set(['views.publish']);

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const received = new Map<string, unknown[]>();
  const waiting = new Map<string, ((body: unknown) => void)[]>();
  const consumed = new Map<string, number>();
  let authTestCalls = 0;
  const apiCalls: { method: string; authorization: string | undefined }[] = [];
  const apiRequests: SlackApiRequest[] = [];
  const apiWaiting = new Map<string, ((params: Record<string, unknown>) => void)[]>();
  const apiConsumed = new Map<string, number>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const body = Buffer.concat(chunks).toString('utf8');
      if (url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice('/api/'.length);
        apiCalls.push({ method, authorization: request.headers.authorization });
        const params = parseApiParams(body, request.headers['content-type']);
        apiRequests.push({ method, params });
        apiWaiting.get(method)?.shift()?.(params);
      }
      if (url.pathname === '/api/auth.test') {
        authTestCalls += 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0TEAM', user: 'trainops' }));
        return;
      }
      if (url.pathname === '/api/apps.connections.open') {
        // No app token is valid here: refused as Slack refuses a bad one, which ends the attempt.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
        return;
      }
      if (url.pathname.startsWith('/api/') && acceptedMethods.has(url.pathname.slice('/api/'.length))) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true }));
        return;
      }
      const match = /^\/respond\/([\w-]+)$/.exec(url.pathname);
      if (match && request.method === 'POST') {
        const id = match[1]!;
        const parsed: unknown = JSON.parse(body);
        const list = received.get(id) ?? [];
        list.push(parsed);
        received.set(id, list);
        waiting.get(id)?.shift()?.(parsed);
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
        return;
      }
      // As Slack does: an unknown method is HTTP 200 with ok:false, which clients do not retry.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${id}`,
    nextResponse(id) {
      const index = consumed.get(id) ?? 0;
      consumed.set(id, index + 1);
      const already = received.get(id)?.[index];
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve) => {
        const list = waiting.get(id) ?? [];
        list.push(resolve);
        waiting.set(id, list);
      });
    },
    responses: (id) => [...(received.get(id) ?? [])],
    get authTestCalls() {
      return authTestCalls;
    },
    apiCalls,
    apiRequests,
    nextApiRequest(method) {
      const index = apiConsumed.get(method) ?? 0;
      apiConsumed.set(method, index + 1);
      const already = apiRequests.filter((call) => call.method === method)[index];
      if (already !== undefined) return Promise.resolve(already.params);
      return new Promise((resolve) => {
        const list = apiWaiting.get(method) ?? [];
        list.push(resolve);
        apiWaiting.set(method, list);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// @slack/web-api sends form fields, with objects (a view, blocks) as JSON strings inside them.
function parseApiParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (body === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    params[name] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return params;
}
