import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

// An HTTP proxy in front of the Slack emulator that can answer a Web API method with a server
// error or cut the connection, because the emulator itself only ever answers 200 or 429. Tests
// point the WebClient at `apiUrl`; everything not told to fail is forwarded unchanged.

export type ProxyFault = { status: number } | 'reset';

export interface FlakyProxy {
  readonly apiUrl: string;
  /** The next `count` calls of `method` fail with `fault` (then calls pass again). */
  failNext(method: string, count: number, fault: ProxyFault): void;
  /** Requests seen per method, failed or forwarded. */
  seen(method: string): number;
  close(): Promise<void>;
}

export async function startFlakyProxy(targetApiUrl: string): Promise<FlakyProxy> {
  const faults: Array<{ method: string; count: number; fault: ProxyFault }> = [];
  const seen = new Map<string, number>();

  const server = createServer((req, res) => {
    void (async () => {
      const method = /\/api\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
      seen.set(method, (seen.get(method) ?? 0) + 1);
      const body = await readBody(req);
      const planned = faults.find((entry) => entry.method === method && entry.count > 0);
      if (planned !== undefined) {
        planned.count -= 1;
        if (planned.fault === 'reset') {
          req.socket.destroy();
          return;
        }
        res.writeHead(planned.fault.status, { 'content-type': 'text/plain' });
        res.end('upstream trouble');
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'authorization']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(new URL(method, targetApiUrl), { method: req.method ?? 'POST', headers, body });
      const outHeaders: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection' && name !== 'keep-alive') outHeaders[name] = value;
      });
      res.writeHead(answer.status, outHeaders);
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    failNext(method, count, fault) {
      faults.push({ method, count, fault });
    },
    seen: (method) => seen.get(method) ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
