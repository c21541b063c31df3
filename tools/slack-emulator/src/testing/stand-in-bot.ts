import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A tiny app server for the emulator's own tests: records every request, checks its Slack
// signature with its own HMAC code (deliberately not the emulator's, so a shared bug cannot hide),
// and answers however the test says. A fake at our own port, one layer up from the code under test.

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  contentType: string;
  /** Form fields, for form-encoded bodies. */
  form: URLSearchParams | undefined;
  /** The JSON `payload` field of an interaction, or the JSON body of an event. */
  payload: Record<string, unknown> | undefined;
  signatureValid: boolean;
}

export interface BotAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type BotHandler = (request: ReceivedRequest) => BotAnswer | Promise<BotAnswer>;

export interface StandInBot {
  url: string;
  requests: ReceivedRequest[];
  setHandler(handler: BotHandler): void;
  /** Resolves once `count` requests have arrived in total. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export function checkSignature(signingSecret: string, headers: http.IncomingHttpHeaders, rawBody: string): boolean {
  const timestamp = headers['x-slack-request-timestamp'];
  const signature = headers['x-slack-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

export async function startStandInBot(signingSecret: string, initial?: BotHandler): Promise<StandInBot> {
  let handler: BotHandler = initial ?? (() => ({ status: 200 }));
  const requests: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'] ?? '';
      const form = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(rawBody) : undefined;
      let payload: Record<string, unknown> | undefined;
      try {
        const json = form?.get('payload') ?? (contentType === 'application/json' ? rawBody : null);
        if (json !== null && json !== undefined) payload = JSON.parse(json) as Record<string, unknown>;
      } catch {
        payload = undefined;
      }
      const request: ReceivedRequest = { headers: req.headers, rawBody, contentType, form, payload, signatureValid: checkSignature(signingSecret, req.headers, rawBody) };
      requests.push(request);
      for (const waiter of [...waiters]) {
        if (requests.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      Promise.resolve(handler(request)).then((answer) => {
        const respond = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status ?? 200, answer.headers ?? {});
          res.end(answer.body ?? '');
        };
        if (answer.delayMs === undefined) return respond();
        const timer = setTimeout(() => {
          timers.delete(timer);
          respond();
        }, answer.delayMs);
        timers.add(timer);
      }, () => {
        res.writeHead(500);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    requests,
    setHandler(next) {
      handler = next;
    },
    waitForRequests(count, timeoutMs = 5000) {
      if (requests.length >= count) return Promise.resolve([...requests]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`stand-in bot got ${requests.length} requests, expected ${count}`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve([...requests]);
          },
        });
      });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
